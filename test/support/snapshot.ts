/**
 * test/support/snapshot
 *
 * What the graph holds, independent of when it was written: per entity table the rows'
 * (source key, content hash), sorted; counts for child tables and quarantine. Two
 * databases with equal snapshots hold the same graph.
 */
import type { Database } from '../../src/db/client.js';

const ENTITY_TABLES = [
  'enterprise', 'enterprise_event', 'person', 'land_parcel', 'parcel_event', 'project', 'real_estate_unit', 'registration',
  'license', 'credit_record', 'loan', 'taxpayer', 'tax_rating', 'tax_arrears', 'tax_payment',
];

export async function graphSnapshot(database: Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of ENTITY_TABLES) {
    const rows = await database.query<{ k: string }>(`select source_key || ' ' || content_hash as k from ${t} order by 1`);
    out[t] = rows.map((r) => r.k);
  }
  for (const t of ['registration_holder', 'parcel_document', 'quarantine']) {
    out[t] = [(await database.query<{ n: string }>(`select count(*)::text as n from ${t}`))[0]!.n];
  }
  return out;
}
