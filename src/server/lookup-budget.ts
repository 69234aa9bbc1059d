/**
 * server/lookup-budget
 *
 * A per-principal budget of single-entity lookups (`enterprise(uscc:)`, `person(idNumber:)`,
 * `node(id:)`, each representation of `_entities`, …) against enumeration: a token bucket that refills continuously at
 * `lookupsPerMinute` and holds at most that many. An operation's lookups are counted from
 * its document before anything runs — every aliased copy counts — so an enumeration by
 * alias batches or by many small requests meets RATE_LIMITED (HTTP 429, `Retry-After`)
 * and nothing of the refused operation runs. The budget is this process's token bucket, or
 * — with shared limits (on PostgreSQL, by default) — a per-minute count every hub shares.
 */
import {
  isInterfaceType, isListType, isNonNullType, isObjectType, Kind,
  type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from 'graphql';
import { RequestRefusedError } from '../graphql/errors.js';
import type { SharedLimits } from '../platform/shared-limits.js';

/** Query fields that fetch one entity by a key: an object result (not a list, not a connection) and arguments. */
export function lookupFieldNames(schema: GraphQLSchema): ReadonlySet<string> {
  const names = new Set<string>();
  for (const field of Object.values(schema.getQueryType()?.getFields() ?? {})) {
    const type = isNonNullType(field.type) ? field.type.ofType : field.type;
    if (isListType(type) || !(isObjectType(type) || isInterfaceType(type))) continue;
    if (type.name.endsWith('Connection') || field.args.length === 0) continue;
    names.add(field.name);
  }
  return names;
}

/** Root fields that look up one entity per item of a list argument: Federation's `_entities`, one per representation. */
const PER_ITEM: Readonly<Record<string, string>> = { _entities: 'representations' };

/** How many items a list argument holds, written in the document or passed as a variable (1 for anything else). */
export function listLength(value: ValueNode, variables: Readonly<Record<string, unknown>> | null | undefined): number {
  if (value.kind === Kind.LIST) return value.values.length;
  if (value.kind === Kind.VARIABLE) {
    const v = variables?.[value.name.value];
    return Array.isArray(v) ? v.length : 1;
  }
  return 1;
}

/** How many lookups the operation makes at its root (each alias, each fragment spread, each representation counted). */
export function countLookups(
  document: DocumentNode, operationName: string | null | undefined, lookups: ReadonlySet<string>, variables?: Readonly<Record<string, unknown>> | null,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const d of document.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    else if (d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName)) operation ??= d;
  }
  if (!operation || operation.operation !== 'query') return 0;
  const count = (set: SelectionSetNode, seen: ReadonlySet<string>): number => {
    let n = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const listArg = PER_ITEM[sel.name.value];
        const items = listArg ? sel.arguments?.find((a) => a.name.value === listArg) : undefined;
        n += items ? listLength(items.value, variables) : lookups.has(sel.name.value) ? 1 : 0;
      }
      else if (sel.kind === Kind.INLINE_FRAGMENT) n += count(sel.selectionSet, seen);
      else {
        const f = fragments.get(sel.name.value);
        if (f && !seen.has(f.name.value)) n += count(f.selectionSet, new Set([...seen, f.name.value]));
      }
    }
    return n;
  };
  return count(operation.selectionSet, new Set());
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets kept before full ones are forgotten (a full bucket is the same as none). */
const MAX_BUCKETS = 10_000;

export class LookupBudget {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => Date.now(),
    /** Held across every hub on the database instead of in this process (platform/shared-limits). */
    private readonly shared: Pick<SharedLimits, 'takeLookups'> | null = null,
  ) {}

  /** Takes `n` lookups from the principal's budget, or refuses the whole operation. */
  async take(principalId: string, n: number): Promise<void> {
    if (n <= 0) return;
    if (n > this.perMinute) {
      throw new RequestRefusedError('RATE_LIMITED', `An operation may make at most ${this.perMinute} lookups`, { limit: 'lookupsPerMinute', max: this.perMinute }, { status: 429 });
    }
    if (this.shared) return this.shared.takeLookups(principalId, n);
    const now = this.now();
    const bucket = this.refilled(principalId, now);
    if (bucket.tokens < n) {
      const retryAfterSeconds = Math.max(1, Math.ceil(((n - bucket.tokens) * 60_000) / this.perMinute / 1000));
      throw new RequestRefusedError(
        'RATE_LIMITED', `Too many lookups: at most ${this.perMinute} a minute; retry in ${retryAfterSeconds} s`,
        { limit: 'lookupsPerMinute', max: this.perMinute, retryAfterSeconds },
        { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
      );
    }
    bucket.tokens -= n;
  }

  private refilled(id: string, now: number): Bucket {
    let bucket = this.buckets.get(id);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.forgetFull(now);
      bucket = { tokens: this.perMinute, at: now };
      this.buckets.set(id, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + ((now - bucket.at) * this.perMinute) / 60_000);
    bucket.at = now;
    return bucket;
  }

  private forgetFull(now: number): void {
    for (const [id, b] of this.buckets) {
      if (b.tokens + ((now - b.at) * this.perMinute) / 60_000 >= this.perMinute) this.buckets.delete(id);
    }
    // Still full of active principals: forget the oldest, which costs them at most a fresh budget.
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value!);
  }
}
