/**
 * market-registry/config
 *
 * Where the bureau drops its daily bulk files. (The REST change feed joins in a later
 * release with its own options.)
 */
import { z } from 'zod';

export const MarketRegistryConfig = z.object({
  /** Folder holding `enterprises-YYYYMMDD.csv` files. */
  dir: z.string().min(1),
  /** Rows per committed batch. @default 1000 */
  batchSize: z.number().int().min(1).max(10_000).default(1000),
  /** Largest accepted CSV record, in characters. @default 65536 */
  maxRecordChars: z.number().int().min(1024).max(16 * 1024 * 1024).default(65_536),
});
export type MarketRegistryConfig = z.infer<typeof MarketRegistryConfig>;
