/**
 * market-registry/transport
 *
 * The bulk-file drop: lists `enterprises-YYYYMMDD.csv` (or `.CSV`) in date order and opens
 * one as a byte stream. Nothing here knows CSV.
 */
import { createReadStream } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ConnectorError } from '../contract.js';

/** A bulk file's name; `.CSV` from a Windows exporter is the same name. */
const FILE_RE = /^enterprises-(\d{8})\.csv$/i;

export async function listBulkFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => FILE_RE.test(f)).sort();
  } catch (e) {
    throw new ConnectorError('CONNECTOR_UNAVAILABLE', 'market-registry', `cannot list the bulk-file folder: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, true, { cause: e });
  }
}

export async function checkFolder(dir: string): Promise<void> {
  try {
    await access(dir, constants.R_OK);
  } catch (e) {
    throw new ConnectorError('CONNECTOR_UNAVAILABLE', 'market-registry', 'the bulk-file folder is not readable', true, { cause: e });
  }
}

export function openBulkFile(dir: string, name: string, signal: AbortSignal): Readable {
  return createReadStream(join(dir, name), { signal, highWaterMark: 256 * 1024 });
}
