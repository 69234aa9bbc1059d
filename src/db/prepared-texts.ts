/**
 * db/prepared-texts
 *
 * drizzle sends every statement to postgres.js unnamed (`prepare: false`), and postgres.js
 * runs an unnamed statement with parameters in two round trips: Parse and Describe, wait
 * for the parameter types, then Bind and Execute. A named prepared statement is described
 * once per connection and then runs in one. This wrapper lets a driver client prepare the
 * statements drizzle issues, up to a bound of distinct texts per client: postgres.js never
 * forgets a prepared statement, so texts that vary (a filter compiled per request, a list of
 * a new length) beyond the bound run unnamed as before.
 */
import type postgres from 'postgres';

type Unsafe = (text: string, params?: unknown[], options?: { prepare?: boolean }) => unknown;

/** `client` whose `unsafe` prepares statements with parameters, at most `limit` distinct texts. */
export function withPreparedTexts<T extends postgres.Sql>(client: T, limit: number): T {
  const texts = new Set<string>();
  const prepare = (text: string): boolean => {
    if (texts.has(text)) return true;
    if (texts.size >= limit) return false;
    texts.add(text);
    return true;
  };
  return new Proxy(client, {
    get(t, p) {
      const v = Reflect.get(t, p, t) as unknown;
      if (p !== 'unsafe' || typeof v !== 'function') return v;
      return ((text, params, options) =>
        (v as Unsafe).call(t, text, params, params?.length && !options?.prepare ? { ...options, prepare: prepare(text) } : options)) satisfies Unsafe;
    },
  });
}
