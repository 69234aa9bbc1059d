/**
 * policy/policy
 *
 * What each department may see: per type and field `allow`, `mask` or `deny`, and per
 * type a row condition (`division: own` — a district office sees its own division).
 * Deny by default: a department without a policy, a type it does not list, a field its
 * type does not list all resolve to `deny`. A `*` type covers object types the policy
 * does not name, but never the root types: every query, mutation and subscription a
 * department may use is listed under `Query`, `Mutation`, `Subscription`. A department may
 * also have a safelist: then only those exact documents run. Pure.
 */
import { z } from 'zod';
import { sha256 } from '../ingest/hash.js';

export const Access = z.enum(['allow', 'mask', 'deny']);
export type Access = z.infer<typeof Access>;

const TypePolicy = z.strictObject({
  fields: z.record(z.string(), Access),
  /** `own`: rows outside the principal's division are not returned (as if they did not exist). */
  rows: z.strictObject({ division: z.literal('own') }).optional(),
});

const DepartmentPolicy = z.strictObject({
  label: z.string().optional(),
  types: z.record(z.string(), TypePolicy),
  /** Types whose fields may be read only with a declared purpose (X-Purpose or a `purpose` extension). */
  purposeRequired: z.array(z.string()).default([]),
  /**
   * When present, the only operations this department may run: each document exactly as
   * the front-end sends it (matched by SHA-256). Anything else is refused.
   */
  safelist: z.array(z.string().min(1).max(100_000)).max(10_000).optional(),
});

export const PolicyFile = z.strictObject({ departments: z.record(z.string(), DepartmentPolicy) });
export type PolicyFile = z.infer<typeof PolicyFile>;

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

export interface FieldDecision {
  readonly access: Access;
  /** The row condition of the field's own type, if any. */
  readonly purposeRequired: boolean;
}

export class Policy {
  private readonly safelists = new Map<string, Set<string>>();

  constructor(private readonly file: PolicyFile) {
    for (const [dept, p] of Object.entries(file.departments)) if (p.safelist) this.safelists.set(dept, new Set(p.safelist.map(sha256)));
  }

  /** Whether `document` may run for `department`: always, unless the department has a safelist without it. */
  safelisted(department: string | null, document: string): boolean {
    const list = department ? this.safelists.get(department) : undefined;
    return !list || list.has(sha256(document));
  }

  static empty(): Policy {
    return new Policy({ departments: {} });
  }

  departments(): string[] {
    return Object.keys(this.file.departments);
  }

  /** allow / mask / deny for `type.field` as seen by `department`. */
  access(department: string | null, type: string, field: string): Access {
    if (field === '__typename') return 'allow';
    const dept = department ? this.file.departments[department] : undefined;
    if (!dept) return 'deny';
    const t = dept.types[type] ?? (ROOT_TYPES.has(type) ? undefined : dept.types['*']);
    if (!t) return 'deny';
    return t.fields[field] ?? t.fields['*'] ?? 'deny';
  }

  /** Whether rows of `type` are limited to the principal's division. */
  rowsByDivision(department: string | null, type: string): boolean {
    const dept = department ? this.file.departments[department] : undefined;
    return (dept?.types[type] ?? dept?.types['*'])?.rows?.division === 'own';
  }

  purposeRequired(department: string | null, type: string): boolean {
    const dept = department ? this.file.departments[department] : undefined;
    return !!dept?.purposeRequired.includes(type);
  }
}
