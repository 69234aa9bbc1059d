/**
 * credit/config
 */
import { z } from 'zod';

export const CreditConfig = z.object({
  /** Folder with one sub-folder per day (`YYYYMMDD/`) holding xzxk.csv, xzcf.csv, sxbzxr.csv, loans.csv. */
  dir: z.string().min(1),
  /** Rows per committed batch. @default 1000 */
  batchSize: z.number().int().min(1).max(10_000).default(1000),
  /** Largest accepted CSV record, in characters. @default 65536 */
  maxRecordChars: z.number().int().min(1024).max(16 * 1024 * 1024).default(65_536),
});
export type CreditConfig = z.infer<typeof CreditConfig>;
