/**
 * connectors/csv
 *
 * CSV reading shared by the file sources: a byte stream in the file's encoding → records
 * with their raw text, RFC 4180 (CRLF or LF, mixed or not), with a cap on record size so
 * one endless field cannot exhaust memory. Invalid bytes for the encoding fail the file,
 * never silently turn into replacement characters.
 */
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { Transform, pipeline } from 'node:stream';
import { ConnectorError } from './contract.js';

export interface CsvRecord {
  readonly fields: string[];
  readonly raw: string;
  /** 1-based data-row number (header excluded). */
  readonly row: number;
}

export interface CsvOptions {
  readonly connector: string;
  readonly file: string;
  readonly encoding: 'gb18030' | 'utf-8';
  readonly header: readonly string[];
  readonly maxRecordChars: number;
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
  try {
    for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      row++;
      if (row === 0) {
        if (record.length !== o.header.length || record.some((h, i) => h.trim() !== o.header[i])) {
          throw new ConnectorCsvError('CSV_BAD_HEADER', `${o.file}: header does not match the source's format`);
        }
        continue;
      }
      yield { fields: record, raw: raw.replace(/\r?\n$/, ''), row };
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
