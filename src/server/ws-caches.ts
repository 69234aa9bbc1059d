/**
 * server/ws-caches
 *
 * What the WebSocket endpoint keeps between operations: one execution of each event per
 * group of subscribers whose answer is the same (forgotten with the event), parsed,
 * validated documents by their text (thousands of dashboards subscribe with a few), and
 * the last confirmation of each set of credentials the connections present.
 */
import type { DocumentNode, ExecutionResult } from 'graphql';

/** One execution per (event, operation, variables, principal); forgotten with the event. */
export class SharedResults {
  private readonly byEvent = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
  /** The operation key of each subscription, by its context (set when the subscription starts). */
  readonly operationKeys = new WeakMap<object, string>();

  get(event: unknown, key: string | undefined, run: () => Promise<ExecutionResult>): Promise<ExecutionResult> {
    if (key === undefined || typeof event !== 'object' || event === null) return run();
    let results = this.byEvent.get(event);
    if (!results) this.byEvent.set(event, (results = new Map()));
    let result = results.get(key);
    if (!result) results.set(key, (result = run()));
    return result;
  }
}

/**
 * Parsed and validated documents by their text: thousands of dashboards subscribe with a
 * few distinct documents, which are parsed and validated once and held once.
 */
export class DocumentCache {
  private readonly docs = new Map<string, DocumentNode>();
  constructor(private readonly max: number) {}

  get(query: string): DocumentNode | undefined {
    const doc = this.docs.get(query);
    if (doc) {
      // Most recently used last: the first entry is the one to evict.
      this.docs.delete(query);
      this.docs.set(query, doc);
    }
    return doc;
  }

  set(query: string, doc: DocumentNode): void {
    this.docs.set(query, doc);
    if (this.docs.size > this.max) this.docs.delete(this.docs.keys().next().value!);
  }
}

/**
 * Credentials as checked before each event, for every connection that presents the same
 * ones (10,000 dashboards on one key cost one check, not 10,000): once confirmed they stand
 * for `recheckMs`, and never past a revocation through this process (other hubs learn of
 * one within their key cache's 5 s anyway). A failed check is not kept: the next asks again.
 */
export class CredentialConfirmations {
  private readonly confirmed = new Map<string, { at: number; revocations: number }>();
  private readonly pending = new Map<string, Promise<boolean>>();

  constructor(
    private readonly revocations: () => number,
    private readonly recheckMs: number,
    private readonly max = 10_000,
  ) {}

  /** Whether the credentials named `key` (the same key, the same credentials) hold now; `check` asks the key store. */
  confirm(key: string, check: () => Promise<boolean>): Promise<boolean> {
    const now = this.revocations();
    const c = this.confirmed.get(key);
    if (c && c.revocations === now && Date.now() - c.at < this.recheckMs) return Promise.resolve(true);
    // A check under way since a revocation is not joined by those asking after it.
    const asking = `${now}\u0000${key}`;
    let asked = this.pending.get(asking);
    if (!asked) {
      asked = check()
        .then((ok) => {
          if (ok) this.remember(key, now);
          else this.confirmed.delete(key);
          return ok;
        })
        .finally(() => this.pending.delete(asking));
      this.pending.set(asking, asked);
    }
    return asked;
  }

  private remember(key: string, revocations: number): void {
    this.confirmed.delete(key);
    this.confirmed.set(key, { at: Date.now(), revocations });
    // Oldest first: past the bound, the oldest confirmation goes (it is asked again when needed).
    if (this.confirmed.size > this.max) this.confirmed.delete(this.confirmed.keys().next().value!);
  }
}
