/**
 * e-license/config
 */
import { z } from 'zod';

export const ElicenseConfig = z.strictObject({
  baseUrl: z.url(),
  /** Page size. @default 200 (the library's maximum) */
  limit: z.number().int().min(1).max(200).default(200),
  /** Re-read licenses updated this many seconds before the newest seen. @default 60 */
  overlapSeconds: z.number().int().min(0).max(86_400).default(60),
  timeoutMs: z.number().int().min(100).max(300_000).default(15_000),
  /** Env var holding a bearer token, for deployments behind a gateway that wants one. */
  tokenEnv: z.string().min(1).optional(),
  push: z
    .strictObject({
      /** Env var holding the shared HMAC secret. */
      secretEnv: z.string().min(1),
      /** Largest accepted clock difference. @default 300 (5 minutes) */
      toleranceSeconds: z.number().int().min(1).max(3600).default(300),
    })
    .optional(),
});
export type ElicenseConfig = z.infer<typeof ElicenseConfig>;
