/**
 * schema
 *
 * The canonical tables, one file per domain. drizzle-kit reads this entry. Imports
 * nothing from `src/`.
 */
export * from './enterprise.js';
export * from './person.js';
export * from './land.js';
export * from './realestate.js';
export * from './license.js';
export * from './credit.js';
export * from './tax.js';
export * from './ingest.js';
export * from './alerts.js';
export * from './auth.js';
export * from './audit.js';
export * from './limits.js';
export * from './support.js';
