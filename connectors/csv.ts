/**
 * connectors/csv
 *
 * CSV reading shared by the file sources: a byte stream in the file's encoding → records
 * with their raw text, RFC 4180 (CRLF or LF, mixed or not), with a cap on record size so
 * one endless field cannot exhaust memory. Invalid bytes for the encoding fail the file,
 * never silently turn into replacement characters. The header is matched by name, not by
 * place: columns may come in any order, extra columns are ignored, and names compare after
 * NFKC and without whitespace (`注册资本（万元）` is `注册资本(万元)`); a column missing or
 * named twice refuses the file. Records come in the source format's own column order.
 */
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { Transform, pipeline } from 'node:stream';
import { ConnectorError } from './contract.js';

export interface CsvRecord {
  /** In the order of `CsvOptions.header`; as the file has them when the row is ragged. */
  readonly fields: string[];
  readonly raw: string;
  /** 1-based data-row number (header excluded). */
  readonly row: number;
  /** Set when the row has more or fewer fields than the file's header has columns. */
  readonly ragged: { readonly found: number; readonly expected: number } | null;
}

export interface CsvOptions {
  readonly connector: string;
  readonly file: string;
  readonly encoding: 'gb18030' | 'utf-8';
  /** The source format's columns, in the order records are given in. */
  readonly header: readonly string[];
  readonly maxRecordChars: number;
}

/** A column name as compared: NFKC (fullwidth brackets and digits as ASCII), no whitespace. */
const columnName = (name: string) => name.normalize('NFKC').replace(/\s+/g, '');

/**
 * Where each of the format's columns sits in a file's header row (null: identity). Refuses
 * a header that lacks one of them or names one of them twice.
 */
export function columnOrder(found: readonly string[], header: readonly string[], file: string): number[] | null {
  const wanted = new Set(header.map(columnName));
  const at = new Map<string, number>();
  for (const [i, name] of found.entries()) {
    const n = columnName(name);
    // Extra columns may repeat (two unnamed ones from trailing commas); the format's may not.
    if (!wanted.has(n)) continue;
    if (at.has(n)) throw new ConnectorCsvError('CSV_BAD_HEADER', `${file}: header names column ${n} twice`);
    at.set(n, i);
  }
  const missing = header.filter((h) => !at.has(columnName(h)));
  if (missing.length > 0) throw new ConnectorCsvError('CSV_BAD_HEADER', `${file}: header lacks ${missing.join(', ')}`);
  const order = header.map((h) => at.get(columnName(h))!);
  return order.every((o, i) => o === i) && found.length === header.length ? null : order;
}

/** UTF-8 decoding that fails on invalid bytes instead of inventing U+FFFD. */
function strictUtf8(): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done) {
      try {
        done(null, decoder.decode(chunk, { stream: true }));
      } catch {
        done(new ConnectorCsvError('CSV_BAD_ENCODING', 'file is not valid UTF-8'));
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch {
        done(new ConnectorCsvError('CSV_BAD_ENCODING', 'file ends inside a UTF-8 character'));
      }
    },
  });
}

/** A problem with a whole file: it is refused and reported, the run goes on. */
export class ConnectorCsvError extends Error {
  constructor(readonly reasonCode: 'CSV_BAD_ENCODING' | 'CSV_BAD_HEADER' | 'CSV_MALFORMED' | 'CSV_RECORD_TOO_LARGE', message: string) {
    super(message);
  }
}

export async function* readCsv(bytes: Readable, o: CsvOptions): AsyncGenerator<CsvRecord> {
  const decoder = o.encoding === 'gb18030' ? iconv.decodeStream('gb18030') : strictUtf8();
  // CRLF and a bare LF both end a record, whatever the first line used: a file that mixes
  // them must not glue two rows into one (a line break inside a field is quoted, RFC 4180).
  const parser = parse({ bom: true, relax_column_count: true, raw: true, skip_empty_lines: true, max_record_size: o.maxRecordChars, record_delimiter: ['\r\n', '\n'] });
  // pipeline, not pipe: an error anywhere (an abort, a bad byte) reaches the parser and ends the read.
  pipeline(bytes, decoder, parser, () => {});
  let row = -1;
  let columns = 0;
  let order: number[] | null = null;
  try {
    for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      row++;
      if (row === 0) {
        order = columnOrder(record, o.header, o.file);
        columns = record.length;
        continue;
      }
      const text = raw.replace(/\r?\n$/, '');
      if (record.length !== columns) yield { fields: record, raw: text, row, ragged: { found: record.length, expected: columns } };
      else yield { fields: order ? order.map((i) => record[i]!) : record, raw: text, row, ragged: null };
    }
  } catch (e) {
    if (e instanceof ConnectorCsvError || e instanceof ConnectorError) throw e;
    const err = e as Error & { code?: string };
    if (err instanceof ConnectorCsvError) throw err;
    if ((err as Error).name === 'AbortError') throw new ConnectorError('CONNECTOR_ABORTED', o.connector, 'run aborted', false, { cause: e });
    if (err.code === 'CSV_MAX_RECORD_SIZE') throw new ConnectorCsvError('CSV_RECORD_TOO_LARGE', `${o.file}: a record after row ${Math.max(row, 0)} exceeds ${o.maxRecordChars} characters`);
    throw new ConnectorCsvError('CSV_MALFORMED', `${o.file}: not valid CSV after row ${Math.max(row, 0)}: ${err.message.slice(0, 160)}`);
  }
}
