/**
 * land/config
 */
import { z } from 'zod';

export const LandConfig = z.strictObject({
  /** e.g. https://land.example.gov.cn */
  baseUrl: z.url(),
  /** Env var holding the bearer token. */
  tokenEnv: z.string().min(1),
  /** @default 500 (the source's maximum) */
  pageSize: z.number().int().min(1).max(500).default(500),
  /** @default 1000 */
  eventLimit: z.number().int().min(1).max(1000).default(1000),
  /** Re-read parcels updated this many seconds before the last one seen, for rows sharing a timestamp. @default 60 */
  overlapSeconds: z.number().int().min(0).max(86_400).default(60),
  timeoutMs: z.number().int().min(100).max(300_000).default(15_000),
  /** Largest accepted response (after decompression). @default 16 MiB */
  maxResponseBytes: z.number().int().min(1024).max(1024 ** 3).default(16 * 1024 * 1024),
});
export type LandConfig = z.infer<typeof LandConfig>;
