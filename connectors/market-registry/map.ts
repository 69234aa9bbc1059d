/**
 * market-registry/map
 *
 * One bulk-file row → a canonical enterprise input. Field names only; validation and
 * normalisation happen in ingest. A row with the wrong number of fields is rejected here;
 * text that starts like a spreadsheet formula is data (ingest flags it, exports escape it).
 */
import type { PullItem } from '../contract.js';
import type { CsvRecord } from '../csv.js';

export function mapBulkRow(rec: CsvRecord, file: string): PullItem {
  const f = rec.fields;
  const key = f[0]?.trim() || f[1]?.trim() || `${file}#${rec.row}`;
  if (rec.ragged) {
    return { ok: false, recordKind: 'enterprise', sourceKey: key, raw: rec.raw, reasonCode: 'CSV_RAGGED_ROW', reason: `row ${rec.row} of ${file} has ${rec.ragged.found} fields, expected ${rec.ragged.expected}` };
  }
  return {
    ok: true,
    sourceKey: key,
    raw: rec.raw,
    input: {
      kind: 'enterprise', asOf: bulkFileAsOf(file), uscc: f[0], regNo: f[1], name: f[2], entityType: f[3], legalRepName: f[4], legalRepIdType: f[5],
      legalRepIdNumber: f[6], registeredCapital: f[7], establishedOn: f[8], status: f[9], address: f[10], divisionCode: f[11],
      industryCode: f[12], registrationAuthority: f[13], approvedOn: f[14], deregisteredOn: f[15],
    },
  };
}

/** The day's bulk file shows the register as of the start of its day (China time). */
export function bulkFileAsOf(file: string): string | null {
  const m = /enterprises-(\d{4})(\d{2})(\d{2})\.csv$/i.exec(file);
  return m ? `${m[1]}-${m[2]}-${m[3]}T00:00:00+08:00` : null;
}
