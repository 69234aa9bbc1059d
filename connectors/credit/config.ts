/**
 * credit/config
 */
import { z } from 'zod';

export const CreditConfig = z.strictObject({
  /** The drop folder: one sub-folder per day (`YYYYMMDD/`) holding xzxk.csv, xzcf.csv, sxbzxr.csv, loans.csv, or those four files in place. */
  dir: z.string().min(1),
  /** `dated` reads only `YYYYMMDD/` sub-folders, `flat` only files in place, `auto` both. @default auto */
  layout: z.enum(['auto', 'dated', 'flat']).default('auto'),
  /** The day of files in place: their newest modification time (China time), or the day of the run. @default mtime */
  flatDay: z.enum(['mtime', 'today']).default('mtime'),
  /** Rows per committed batch. @default 5000 */
  batchSize: z.number().int().min(1).max(10_000).default(5000),
  /** Largest accepted CSV record, in characters. @default 65536 */
  maxRecordChars: z.number().int().min(1024).max(16 * 1024 * 1024).default(65_536),
});
export type CreditConfig = z.infer<typeof CreditConfig>;
