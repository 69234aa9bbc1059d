/**
 * schema/auth
 *
 * API keys: only a SHA-256 of each key's secret is stored. A key belongs to a department
 * (and, for a district office, a division), may expire, and is revoked by setting
 * `revoked_at` — never deleted, so the read audit can always name it.
 */
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const apiKey = pgTable('api_key', {
  /** The public part of the key (`gg_<id>.<secret>`). */
  id: text('id').primaryKey(),
  department: text('department').notNull(),
  /** A district office's division code: it sees its own division only. */
  division: text('division'),
  label: text('label'),
  /** Hex SHA-256 of the secret part. */
  secretSha256: text('secret_sha256').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
});
