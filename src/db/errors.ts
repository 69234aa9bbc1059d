/**
 * db/errors
 *
 * What a failed statement was, without the statement: drizzle wraps the driver's error
 * (postgres.js or PGlite) and quotes the whole SQL text and every parameter in its own
 * message, so callers look through it to the driver's error and its SQLSTATE. Pure.
 */

/** The driver's error behind drizzle's wrapper (or the error itself). */
export function driverError(e: unknown): Error & { code?: unknown } {
  const err = e as Error & { cause?: unknown };
  return (err?.cause instanceof Error ? err.cause : err) as Error & { code?: unknown };
}

/** The five-character SQLSTATE of a database error (`23505`, `42P01`), or undefined. */
export function sqlStateOf(e: unknown): string | undefined {
  const code = driverError(e)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
