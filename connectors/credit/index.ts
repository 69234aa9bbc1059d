/**
 * credit
 *
 * 信用信息共享平台 and the banks: 双公示 licensing and penalties, court defaulters, and the
 * loan ledger, as daily full lists. Every list is a snapshot: once a day's list is read
 * to its end, what it no longer holds is marked withdrawn by ingest (never deleted). A
 * list file that cannot be read (encoding, header, CSV structure) is refused whole and
 * reported, and withdraws nothing. Cursor: the day, the list, and rows committed.
 */
import { defineConnector, type PullItem } from '../contract.js';
import { ConnectorCsvError, readCsv } from '../csv.js';
import { CreditConfig } from './config.js';
import { LISTS, mapListRow } from './map.js';
import { hasFile, listDays, openListFile } from './transport.js';

export interface CreditCursor {
  readonly day: string;
  /** Index into LISTS of the list being read; LISTS.length when the day is done. */
  readonly list: number;
  readonly rows: number;
}

const isoDay = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;

export const credit = defineConnector<CreditConfig>({
  kind: 'credit',
  version: '1',
  configSchema: CreditConfig,
  async healthCheck(config) {
    await listDays(config.dir);
  },
  async *pull(config, ctx, rawCursor) {
    let cursor = rawCursor as CreditCursor | null;
    for (const day of await listDays(config.dir)) {
      if (cursor && (day < cursor.day || (day === cursor.day && cursor.list >= LISTS.length))) continue;
      for (let li = 0; li < LISTS.length; li++) {
        const list = LISTS[li]!;
        if (cursor && day === cursor.day && li < cursor.list) continue;
        const skip = cursor && day === cursor.day && li === cursor.list ? cursor.rows : 0;
        const where = `${day}/${list.file}`;
        const snapshot = { kind: list.kind, recordKind: list.recordKind, day: isoDay(day) };
        if (!hasFile(config.dir, day, list.file)) {
          cursor = { day, list: li + 1, rows: 0 };
          yield { items: [refusal(list, where, 'LIST_MISSING', `${where} is missing; nothing is withdrawn for this list today`)], cursor };
          continue;
        }
        let items: PullItem[] = [];
        let rows = skip;
        try {
          for await (const rec of readCsv(openListFile(config.dir, day, list.file, ctx.signal), { connector: 'credit', file: where, encoding: 'utf-8', header: list.header, maxRecordChars: config.maxRecordChars })) {
            rows = rec.row;
            if (rec.row <= skip) continue;
            items.push(mapListRow(list, rec, where));
            if (items.length >= config.batchSize) {
              cursor = { day, list: li, rows };
              yield { items, cursor, snapshot: { ...snapshot, complete: false } };
              items = [];
            }
          }
        } catch (e) {
          if (!(e instanceof ConnectorCsvError)) throw e;
          // Rows already committed from this file stay; the list is not complete, so nothing is withdrawn.
          cursor = { day, list: li + 1, rows: 0 };
          yield { items: [...items, refusal(list, where, e.reasonCode, e.message)], cursor, snapshot: { ...snapshot, complete: false } };
          continue;
        }
        cursor = { day, list: li + 1, rows: 0 };
        yield { items, cursor, snapshot: { ...snapshot, complete: true } };
      }
    }
  },
});

function refusal(list: (typeof LISTS)[number], where: string, reasonCode: string, reason: string): PullItem {
  return { ok: false, recordKind: list.kind === 'loan' ? 'loan' : 'credit-record', sourceKey: `file:${where}`, raw: JSON.stringify({ file: where }), reasonCode, reason };
}
