/**
 * drizzle-kit configuration: tables in `schema/`, generated SQL in `migrations/` (committed).
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './schema/index.ts',
  out: './migrations',
});
