/**
 * simulator/csv
 *
 * RFC 4180 writing for the simulator's file outlets: quote fields holding a comma, quote
 * or line break; CRLF line ends; streamed to disk in 64 KiB chunks with backpressure, in
 * the file's encoding (GB18030 for the market registry, UTF-8 with BOM for credit).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import iconv from 'iconv-lite';
import { csvQuote } from '../domain/formula.js';

/** One line as the sources write it: quoted as RFC 4180 says, cells as they are (a source's formula-looking text included). */
export function csvLine(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map((f) => csvQuote(f === null || f === undefined ? '' : String(f))).join(',')}\r\n`;
}

export class CsvFileWriter {
  private readonly out: WriteStream;
  private buffer = '';

  constructor(path: string, private readonly encoding: 'gb18030' | 'utf8-bom') {
    this.out = createWriteStream(path);
    if (encoding === 'utf8-bom') this.buffer = '\uFEFF';
  }

  async row(fields: readonly (string | number | null | undefined)[]): Promise<void> {
    this.buffer += csvLine(fields);
    if (this.buffer.length >= 64 * 1024) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.buffer) return;
    const bytes = this.encoding === 'gb18030' ? iconv.encode(this.buffer, 'gb18030') : Buffer.from(this.buffer, 'utf8');
    this.buffer = '';
    if (!this.out.write(bytes)) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }
}
