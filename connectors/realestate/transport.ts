/**
 * realestate/transport
 *
 * The drop folder: lists `DJ_YYYYMMDD_NNNN.xml` in name order and opens one as a UTF-8
 * text stream. Nothing here knows XML.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ConnectorError } from '../contract.js';

const FILE_RE = /^DJ_\d{8}_\d{4}\.xml$/;

export async function listDropFiles(dir: string): Promise<{ name: string; size: number }[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((f) => FILE_RE.test(f)).sort();
  } catch (e) {
    throw new ConnectorError('CONNECTOR_UNAVAILABLE', 'realestate', `cannot list the drop folder: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, true, { cause: e });
  }
  return Promise.all(names.map(async (name) => ({ name, size: (await stat(join(dir, name))).size })));
}

export function openDropFile(dir: string, name: string, signal: AbortSignal): Readable {
  return createReadStream(join(dir, name), { signal, highWaterMark: 256 * 1024 });
}
