/**
 * market-registry
 *
 * 市场监督管理局: enterprise registration records from the daily GB18030 bulk file and the
 * REST change feed. Cursor: for the bulk files, the file being read and how many of its
 * rows are committed (a run stopped mid-file resumes at the next row); for the feed, the
 * last sequence number committed.
 */
import { defineConnector, type PullItem } from '../contract.js';
import { ConnectorCsvError } from '../csv.js';
import { MarketRegistryConfig } from './config.js';
import { fetchChanges, mapChange, seqOf } from './feed.js';
import { mapBulkRow } from './map.js';
import { parseBulkFile } from './parse.js';
import { checkFolder, listBulkFiles, openBulkFile } from './transport.js';

export interface BulkCursor {
  readonly file: string;
  /** Data rows of `file` already committed. */
  readonly rows: number;
  readonly done: boolean;
}

export interface MarketRegistryCursor {
  readonly bulk?: BulkCursor;
  readonly feedSince?: number;
}

/** Cursors written before the feed existed were the bulk cursor itself. */
function readCursor(raw: unknown): MarketRegistryCursor {
  if (!raw || typeof raw !== 'object') return {};
  if ('file' in raw) return { bulk: raw as BulkCursor };
  return raw as MarketRegistryCursor;
}

export const marketRegistry = defineConnector<MarketRegistryConfig>({
  kind: 'market-registry',
  version: '2',
  configSchema: MarketRegistryConfig,
  maxBatch: (config) => config.batchSize,
  async healthCheck(config, ctx) {
    if (config.dir) await checkFolder(config.dir);
    if (config.feed) await fetchChanges({ ...config, feed: { ...config.feed, limit: 1 } }, ctx, Number.MAX_SAFE_INTEGER);
  },
  async *pull(config, ctx, rawCursor) {
    let cursor = readCursor(rawCursor);
    if (config.dir) {
      for (const file of await listBulkFiles(config.dir)) {
        const b = cursor.bulk;
        if (b && (file < b.file || (file === b.file && b.done))) continue;
        const skip = b && file === b.file ? b.rows : 0;
        let items: PullItem[] = [];
        let rows = 0;
        try {
          for await (const rec of parseBulkFile(openBulkFile(config.dir, file, ctx.signal), file, config.maxRecordChars)) {
            rows = rec.row;
            if (rec.row <= skip) continue;
            items.push(mapBulkRow(rec, file));
            if (items.length >= config.batchSize) {
              cursor = { ...cursor, bulk: { file, rows, done: false } };
              yield { items, cursor };
              items = [];
            }
          }
        } catch (e) {
          if (!(e instanceof ConnectorCsvError)) throw e;
          // The rest of this file cannot be read: report it; rows already committed stay.
          items.push({ ok: false, recordKind: 'enterprise', sourceKey: `file:${file}`, raw: JSON.stringify({ file, afterRow: rows }), reasonCode: e.reasonCode, reason: e.message });
        }
        cursor = { ...cursor, bulk: { file, rows: Math.max(rows, skip), done: true } };
        yield { items, cursor };
      }
    }
    if (config.feed) {
      let since = cursor.feedSince ?? 0;
      for (;;) {
        const page = await fetchChanges(config, ctx, since);
        const last = page.items.reduce<number>((m, it) => Math.max(m, seqOf((it as { seq?: unknown }).seq) ?? m), since);
        since = Math.max(last, page.nextSince);
        cursor = { ...cursor, feedSince: since };
        yield { items: page.items.map(mapChange), cursor };
        if (!page.hasMore || page.items.length === 0) break;
      }
    }
  },
});
