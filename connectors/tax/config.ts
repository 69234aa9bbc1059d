/**
 * tax/config
 */
import { z } from 'zod';

export const TaxConfig = z.strictObject({
  /**
   * `embedded` (the hub's own database, demo mode), a postgres:// URL, or `env:NAME` to
   * read the URL (with its password) from an environment variable.
   */
  dsn: z.string().min(1),
  /** Schema holding the bureau's views. @default tax_exchange */
  schema: z.string().regex(/^[a-z_][a-z0-9_]*$/).default('tax_exchange'),
  /** Rows per batch (one committed transaction). @default 5000 */
  pageSize: z.number().int().min(1).max(10_000).default(5000),
  /**
   * Each run re-reads rows stamped up to this many seconds before its cursor: a bureau
   * transaction that commits late carries an `updated_at` older than rows already read.
   * @default 600
   */
  lateCommitSeconds: z.number().int().min(0).max(7 * 86_400).default(600),
});
export type TaxConfig = z.infer<typeof TaxConfig>;
