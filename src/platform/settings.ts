/**
 * platform/settings
 *
 * How the hub runs as a service: how long it drains on SIGTERM, when it calls itself
 * ready, who may scrape its metrics, and where the per-principal budgets live when
 * several hubs share one PostgreSQL.
 */
import { z } from 'zod';

export const PlatformSettings = z.strictObject({
  /** On SIGTERM/SIGINT, in-flight HTTP operations get this long to finish before their connections are cut. */
  drainSeconds: z.number().min(0).max(600).default(20),
  /** `/readyz` waits for the first ingest round (an empty graph is not ready). On in the demo. */
  readyAfterFirstIngest: z.boolean().default(false),
  /** `/metrics`: open on loopback; from elsewhere only with `Authorization: Bearer <secret>` whose SHA-256 (hex) this is. Absent: loopback only. */
  metricsSecretSha256: z.string().regex(/^[0-9a-fA-F]{64}$/).optional(),
  /**
   * Where the lookup budget, per-principal concurrency and sockets-per-key quota are kept:
   * `database` (shared by every hub on the same PostgreSQL; the default there) or `process`
   * (this hub alone; the only choice on embedded PGlite).
   */
  sharedLimits: z.enum(['database', 'process']).optional(),
});
export type PlatformSettings = z.infer<typeof PlatformSettings>;
