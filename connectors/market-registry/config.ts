/**
 * market-registry/config
 *
 * Where the bureau drops its daily bulk files. (The REST change feed joins in a later
 * release with its own options.)
 */
import { z } from 'zod';

export const MarketRegistryConfig = z.strictObject({
  /** Folder holding `enterprises-YYYYMMDD.csv` files. */
  dir: z.string().min(1).optional(),
  /** The REST change feed. */
  feed: z
    .strictObject({
      baseUrl: z.url(),
      /** Env var holding the X-Api-Key. */
      apiKeyEnv: z.string().min(1),
      /** @default 1000 (the feed's maximum) */
      limit: z.number().int().min(1).max(1000).default(1000),
      timeoutMs: z.number().int().min(100).max(300_000).default(15_000),
      /** Retries for 429 / 502 / 503 / 504, with backoff (Retry-After honoured). @default 6 */
      retries: z.number().int().min(0).max(20).default(6),
    })
    .optional(),
  /** Rows per committed batch. @default 5000 */
  batchSize: z.number().int().min(1).max(10_000).default(5000),
  /** Largest accepted CSV record, in characters. @default 65536 */
  maxRecordChars: z.number().int().min(1024).max(16 * 1024 * 1024).default(65_536),
}).refine((c) => c.dir !== undefined || c.feed !== undefined, { message: 'give dir (bulk files), feed (change feed) or both' });
export type MarketRegistryConfig = z.infer<typeof MarketRegistryConfig>;
