/**
 * tax/transport
 *
 * Keyset pages over one view, ordered by `(updated_at, key…)`. Timestamps travel as text
 * with microseconds so the keyset never loses a row to rounding. Ordering and comparison
 * both name the view's own columns (qualified: an unqualified `order by "yf"` would sort
 * the `"yf"::text` output column, `10` before `9`, while the keyset compares numbers — a
 * page ending inside a run of rows with one `updated_at` then skipped or repeated rows).
 */
import type { ConnectorContext, SourceSql } from '../contract.js';
import type { TaxConfig } from './config.js';

export interface ViewSpec {
  readonly view: 'taxpayer' | 'credit_rating' | 'arrears' | 'payments';
  readonly columns: readonly string[];
  readonly keys: readonly (readonly [name: string, type: 'text' | 'int' | 'bigint'])[];
}

/** A position in a view: after the row with this timestamp and key, or (key null) from this timestamp on. */
export interface ViewPosition {
  readonly ts: string;
  readonly key: readonly string[] | null;
}

export type TaxRow = Record<string, string | null> & { updated_at_iso: string };

export function openTaxSql(config: TaxConfig, ctx: ConnectorContext): SourceSql {
  const dsn = config.dsn.startsWith('env:') ? ctx.secret(config.dsn.slice(4)) : config.dsn;
  return ctx.openSql(dsn);
}

export async function fetchPage(sql: SourceSql, config: TaxConfig, spec: ViewSpec, from: ViewPosition | null): Promise<TaxRow[]> {
  const keyCols = spec.keys.map(([k]) => `v."${k}"`);
  const select = [...spec.columns.map((c) => `v."${c}"::text as "${c}"`), `to_char(v.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as updated_at_iso`];
  const params: unknown[] = [];
  let where = 'true';
  if (from) {
    params.push(from.ts);
    if (from.key) {
      const keyParams = spec.keys.map(([, type], i) => {
        params.push(from.key![i]);
        return `$${params.length}::${type}`;
      });
      where = `(v.updated_at, ${keyCols.join(', ')}) > ($1::timestamptz, ${keyParams.join(', ')})`;
    } else where = 'v.updated_at >= $1::timestamptz';
  }
  params.push(config.pageSize);
  const text = `select ${select.join(', ')} from "${config.schema}"."${spec.view}" v where ${where} order by v.updated_at, ${keyCols.join(', ')} limit $${params.length}`;
  return sql.query<TaxRow>(text, params);
}
