/**
 * realestate/transport
 *
 * The drop folder: lists `DJ_YYYYMMDD_NNNN.xml` in name order (and the stray `.xml` files
 * beside them) and opens one as a UTF-8 text stream. Nothing here knows XML.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ConnectorError } from '../contract.js';

/** A batch file's name; `.XML` from a Windows exporter is the same name. */
const FILE_RE = /^DJ_\d{8}_\d{4}\.xml$/i;

export interface DropFile {
  readonly name: string;
  readonly size: number;
  /** An XML file whose name is not a batch file's (`DJ_20261101_1.xml`): reported, not read. */
  readonly stray: boolean;
}

/** The folder's batch files in name order, and the other `.xml` files in it (anything else is not ours). */
export async function listDropFiles(dir: string): Promise<DropFile[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((f) => /\.xml$/i.test(f)).sort();
  } catch (e) {
    throw new ConnectorError('CONNECTOR_UNAVAILABLE', 'realestate', `cannot list the drop folder: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, true, { cause: e });
  }
  return Promise.all(names.map(async (name) => ({ name, size: (await stat(join(dir, name))).size, stray: !FILE_RE.test(name) })));
}

export function openDropFile(dir: string, name: string, signal: AbortSignal): Readable {
  return createReadStream(join(dir, name), { signal, highWaterMark: 256 * 1024 });
}
