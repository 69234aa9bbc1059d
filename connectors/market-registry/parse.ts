/**
 * market-registry/parse
 *
 * GB18030 bytes → CSV records (RFC 4180, CRLF), streamed with a cap on record size. Yields
 * each record's fields with its raw text and line; the header is checked, not mapped.
 */
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { ConnectorError } from '../contract.js';

export const HEADER = [
  '统一社会信用代码', '注册号', '企业名称', '企业类型', '法定代表人', '法定代表人证件类型', '法定代表人证件号码', '注册资本(万元)',
  '成立日期', '登记状态', '住所', '行政区划代码', '行业代码', '登记机关', '核准日期', '注销日期',
] as const;

export interface CsvRecord {
  readonly fields: string[];
  readonly raw: string;
  /** 1-based data-row number (header excluded). */
  readonly row: number;
}

export async function* parseBulkFile(bytes: Readable, maxRecordChars: number): AsyncGenerator<CsvRecord> {
  const parser = bytes.pipe(iconv.decodeStream('gb18030')).pipe(
    parse({ bom: true, relax_column_count: true, raw: true, skip_empty_lines: true, max_record_size: maxRecordChars }),
  );
  let row = -1;
  try {
    for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      row++;
      if (row === 0) {
        if (record.length !== HEADER.length || record.some((h, i) => h.trim() !== HEADER[i])) {
          throw new ConnectorError('CONNECTOR_PROTOCOL', 'market-registry', 'bulk file header does not match the bureau\'s format');
        }
        continue;
      }
      yield { fields: record, raw: raw.replace(/\r?\n$/, ''), row };
    }
  } catch (e) {
    if (e instanceof ConnectorError) throw e;
    throw new ConnectorError('CONNECTOR_PROTOCOL', 'market-registry', `bulk file is not valid CSV after row ${Math.max(row, 0)}: ${(e as Error).message.slice(0, 200)}`, false, { cause: e });
  }
}
