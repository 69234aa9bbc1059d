/**
 * server/export-formats
 *
 * How an export's rows are written to the response, once the first page is in hand:
 * - CSV: RFC 4180 rows, formula-looking cells escaped with `'` (domain/formula), UTF-8 with
 *   a BOM (Excel's cue) or GB18030 for older Excel;
 * - XLSX: one worksheet streamed by exceljs, every value a typed cell — text is a text cell,
 *   never a formula, so it needs no escaping and keeps its exact value.
 */
import type { ServerResponse } from 'node:http';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { csvRow } from '../domain/formula.js';

export const CSV_ENCODINGS = ['utf-8', 'gb18030'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

export interface ExportWriter {
  /** The response's headers and the column names (the first page has been read without error). */
  start(columns: readonly string[]): void;
  /** Rows of cells; resolves once the response can take more. */
  rows(rows: readonly (readonly unknown[])[]): Promise<void>;
  end(): Promise<void>;
}

const headers = (type: string, filename: string) => ({
  'content-type': type,
  'content-disposition': `attachment; filename="${filename}"`,
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
});

/** Resolves when the response can take more, or when the client has gone (then the export stops). */
const drained = (res: ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });

export function csvWriter(res: ServerResponse, name: string, encoding: CsvEncoding): ExportWriter {
  const encode = (text: string) => (encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8'));
  return {
    start(columns) {
      res.writeHead(200, headers(`text/csv; charset=${encoding}`, `${name}.csv`));
      if (encoding === 'utf-8') res.write(Buffer.from([0xef, 0xbb, 0xbf]));
      res.write(encode(csvRow(columns)));
    },
    async rows(rows) {
      const chunk = rows.map((r) => csvRow(r)).join('');
      if (chunk && !res.write(encode(chunk))) await drained(res);
    },
    async end() {
      res.end();
    },
  };
}

export function xlsxWriter(res: ServerResponse, name: string): ExportWriter {
  let book: ExcelJS.stream.xlsx.WorkbookWriter | null = null;
  let sheet: ExcelJS.Worksheet | null = null;
  return {
    start(columns) {
      res.writeHead(200, headers('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${name}.xlsx`));
      book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useSharedStrings: false, useStyles: false });
      sheet = book.addWorksheet(name.slice(0, 31));
      sheet.addRow([...columns]).commit();
    },
    async rows(rows) {
      // A value is its own typed cell; only an object could make a formula, and answers hold none.
      for (const r of rows) sheet!.addRow(r.map((v) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : v ?? null))).commit();
      if (res.writableNeedDrain) await drained(res);
    },
    async end() {
      // A client that has gone gets no closing parts (they would wait for a stream that never finishes).
      if (res.destroyed) return;
      sheet!.commit();
      await book!.commit();
    },
  };
}
