/**
 * credit
 *
 * 信用信息共享平台 and the banks: 双公示 licensing and penalties, court defaulters, and the
 * loan ledger, as daily full lists, in dated sub-folders or in place (transport.ts). Every
 * list is a snapshot: once a day's list is read to its end, what it no longer holds is
 * marked withdrawn by ingest (never deleted). A list file that cannot be read (encoding,
 * header, CSV structure) or is missing is refused whole and reported, and withdraws
 * nothing. A folder with no list at all fails the run (NO_LIST_FOUND): an empty drop is a
 * delivery problem, not an empty list. Cursor: the day, the list, and rows committed.
 */
import { ConnectorError, defineConnector, type PullItem } from '../contract.js';
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
const FILES = LISTS.map((l) => l.file);

export const credit = defineConnector<CreditConfig>({
  kind: 'credit',
  version: '2',
  configSchema: CreditConfig,
  maxBatch: (config) => config.batchSize,
  async healthCheck(config, ctx) {
    await listDays(config, FILES, ctx.now());
  },
  async *pull(config, ctx, rawCursor) {
    let cursor = rawCursor as CreditCursor | null;
    const days = await listDays(config, FILES, ctx.now());
    if (!days.some((d) => FILES.some((f) => hasFile(d, f)))) {
      throw new ConnectorError('NO_LIST_FOUND', 'credit', `no list file (${FILES.join(', ')}) in the drop folder, neither in YYYYMMDD/ sub-folders nor in place (layout: ${config.layout})`);
    }
    for (const listDay of days) {
      const { day } = listDay;
      if (cursor && (day < cursor.day || (day === cursor.day && cursor.list >= LISTS.length))) continue;
      for (let li = 0; li < LISTS.length; li++) {
        const list = LISTS[li]!;
        if (cursor && day === cursor.day && li < cursor.list) continue;
        const skip = cursor && day === cursor.day && li === cursor.list ? cursor.rows : 0;
        const where = `${listDay.prefix}${list.file}`;
        const snapshot = { kind: list.kind, recordKind: list.recordKind, day: isoDay(day) };
        if (!hasFile(listDay, list.file)) {
          cursor = { day, list: li + 1, rows: 0 };
          const reason = `${where} is missing; nothing is withdrawn for this list today`;
          yield { items: [refusal(list, where, 'LIST_MISSING', reason)], cursor, snapshot: { ...snapshot, complete: false, incompleteReason: `LIST_MISSING: ${reason}` } };
          continue;
        }
        let items: PullItem[] = [];
        let rows = skip;
        try {
          for await (const rec of readCsv(openListFile(listDay, list.file, ctx.signal), { connector: 'credit', file: where, encoding: 'utf-8', header: list.header, maxRecordChars: config.maxRecordChars })) {
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
          const incompleteReason = `${e.reasonCode}: ${where} was refused; nothing is withdrawn for this list today`;
          yield { items: [...items, refusal(list, where, e.reasonCode, e.message)], cursor, snapshot: { ...snapshot, complete: false, incompleteReason } };
          continue;
        }
        cursor = { day, list: li + 1, rows: 0 };
        yield { items, cursor, snapshot: { ...snapshot, complete: true } };
      }
    }
  },
});

/** A whole list refused: not a row, so it names no record (and keeps the list from withdrawing). */
function refusal(list: (typeof LISTS)[number], where: string, reasonCode: string, reason: string): PullItem {
  return { ok: false, recordKind: list.kind === 'loan' ? 'loan' : 'credit-record', sourceKey: `file:${where}`, raw: JSON.stringify({ file: where }), reasonCode, reason };
}
