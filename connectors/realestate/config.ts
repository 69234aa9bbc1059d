/**
 * realestate/config
 */
import { z } from 'zod';

export const RealestateConfig = z.strictObject({
  /** The drop folder (in production an SFTP inbox). */
  dir: z.string().min(1),
  /** Registrations per committed batch. @default 2000 */
  batchSize: z.number().int().min(1).max(10_000).default(2000),
  /** Largest file taken, in bytes. @default 2 GiB */
  maxFileBytes: z.number().int().min(1024).max(64 * 1024 ** 3).default(2 * 1024 ** 3),
  /** Largest text of one element, in characters. @default 65536 */
  maxTextChars: z.number().int().min(64).max(16 * 1024 * 1024).default(65_536),
});
export type RealestateConfig = z.infer<typeof RealestateConfig>;
