/**
 * db/rows
 *
 * Rows from drizzle's `execute`, which each driver answers in its own shape: postgres.js
 * an array, PGlite an object with `rows`.
 */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return ((Array.isArray(result) ? result : (result as { rows: T[] }).rows) ?? []) as T[];
}
