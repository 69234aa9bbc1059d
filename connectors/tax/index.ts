/**
 * tax
 *
 * 税务局: taxpayers, credit ratings, arrears and payments from the bureau's read-only
 * views, pulled by `(updated_at, key)` keyset. Cursor: per view, the last row read. Each
 * run starts `lateCommitSeconds` before it, so rows committed late are not lost; re-read
 * rows are unchanged and cost nothing downstream.
 */
import { ConnectorError, defineConnector } from '../contract.js';
import { TaxConfig } from './config.js';
import { keyOf, mapTaxRow, VIEWS } from './map.js';
import { fetchPage, openTaxSql, type ViewPosition } from './transport.js';

export type TaxCursor = Readonly<Record<string, ViewPosition>>;

export const tax = defineConnector<TaxConfig>({
  kind: 'tax',
  version: '1',
  configSchema: TaxConfig,
  maxBatch: (config) => config.pageSize,
  async healthCheck(config, ctx) {
    const sql = openTaxSql(config, ctx);
    try {
      await sql.query(`select 1 from "${config.schema}"."taxpayer" limit 1`);
    } catch (e) {
      throw new ConnectorError('CONNECTOR_UNAVAILABLE', 'tax', 'the tax exchange views are not reachable', true, { cause: e });
    } finally {
      await sql.close();
    }
  },
  async *pull(config, ctx, rawCursor) {
    let cursor: TaxCursor = (rawCursor as TaxCursor | null) ?? {};
    const sql = openTaxSql(config, ctx);
    try {
      for (const spec of VIEWS) {
        const saved = cursor[spec.view];
        let from: ViewPosition | null = saved
          ? { ts: new Date(Date.parse(saved.ts) - config.lateCommitSeconds * 1000).toISOString(), key: null }
          : null;
        for (;;) {
          if (ctx.signal.aborted) throw new ConnectorError('CONNECTOR_ABORTED', 'tax', 'run aborted');
          let rows;
          try {
            rows = await fetchPage(sql, config, spec, from);
          } catch (e) {
            throw new ConnectorError('CONNECTOR_UNAVAILABLE', 'tax', `reading ${spec.view} failed`, true, { cause: e });
          }
          if (rows.length === 0) break;
          const last = rows[rows.length - 1]!;
          from = { ts: last.updated_at_iso, key: keyOf(spec, last) };
          cursor = { ...cursor, [spec.view]: from };
          yield { items: rows.map((r) => mapTaxRow(spec, r)), cursor };
          if (rows.length < config.pageSize) break;
        }
      }
    } finally {
      await sql.close();
    }
  },
});
