/**
 * market-registry/parse
 *
 * GB18030 bytes → CSV records (RFC 4180, CRLF), streamed with a cap on record size; the
 * Chinese header is matched by column name (connectors/csv).
 */
import type { Readable } from 'node:stream';
import { readCsv, type CsvRecord } from '../csv.js';

export const HEADER = [
  '统一社会信用代码', '注册号', '企业名称', '企业类型', '法定代表人', '法定代表人证件类型', '法定代表人证件号码', '注册资本(万元)',
  '成立日期', '登记状态', '住所', '行政区划代码', '行业代码', '登记机关', '核准日期', '注销日期',
] as const;

export function parseBulkFile(bytes: Readable, file: string, maxRecordChars: number): AsyncGenerator<CsvRecord> {
  return readCsv(bytes, { connector: 'market-registry', file, encoding: 'gb18030', header: HEADER, maxRecordChars });
}
