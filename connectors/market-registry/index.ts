/**
 * market-registry
 *
 * 市场监督管理局: enterprise registration records from the daily GB18030 bulk file.
 * Cursor: the file being read and how many of its rows are committed, so a run stopped
 * mid-file resumes at the next row.
 */
import { defineConnector, type PullItem } from '../contract.js';
import { MarketRegistryConfig } from './config.js';
import { mapBulkRow } from './map.js';
import { parseBulkFile } from './parse.js';
import { checkFolder, listBulkFiles, openBulkFile } from './transport.js';

export interface MarketRegistryCursor {
  readonly file: string;
  /** Data rows of `file` already committed. */
  readonly rows: number;
  readonly done: boolean;
}

export const marketRegistry = defineConnector<MarketRegistryConfig>({
  kind: 'market-registry',
  version: '1',
  configSchema: MarketRegistryConfig,
  healthCheck: (config) => checkFolder(config.dir),
  async *pull(config, ctx, rawCursor) {
    const cursor = rawCursor as MarketRegistryCursor | null;
    for (const file of await listBulkFiles(config.dir)) {
      if (cursor && (file < cursor.file || (file === cursor.file && cursor.done))) continue;
      const skip = cursor && file === cursor.file ? cursor.rows : 0;
      let items: PullItem[] = [];
      let rows = 0;
      for await (const rec of parseBulkFile(openBulkFile(config.dir, file, ctx.signal), config.maxRecordChars)) {
        rows = rec.row;
        if (rec.row <= skip) continue;
        items.push(mapBulkRow(rec, file));
        if (items.length >= config.batchSize) {
          yield { items, cursor: { file, rows, done: false } satisfies MarketRegistryCursor };
          items = [];
        }
      }
      yield { items, cursor: { file, rows: Math.max(rows, skip), done: true } satisfies MarketRegistryCursor };
    }
  },
});
