/**
 * server/ws-caches
 *
 * What the WebSocket endpoint keeps between operations: one execution of each event per
 * group of subscribers whose answer is the same (forgotten with the event), parsed,
 * validated documents by their text (thousands of dashboards subscribe with a few), and
 * each subscription's last confirmation of its credentials.
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
 * A connection's credentials as checked before each event: once confirmed they stand for
 * `recheckMs`, and never past a revocation through this process (other hubs learn of one
 * within their key cache's 5 s anyway).
 */
export function confirmedCredentials(check: () => Promise<boolean>, revocations: () => number, recheckMs: number): () => Promise<boolean> {
  let confirmed = { at: -Infinity, revocations: -1 };
  return async () => {
    const now = revocations();
    if (confirmed.revocations === now && Date.now() - confirmed.at < recheckMs) return true;
    const ok = await check();
    if (ok) confirmed = { at: Date.now(), revocations: now };
    return ok;
  };
}
