/**
 * credit/transport
 *
 * The daily drop: one folder per day, named YYYYMMDD, each with the four list files.
 */
import { createReadStream, existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ConnectorError } from '../contract.js';

export async function listDays(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory() && /^\d{8}$/.test(d.name)).map((d) => d.name).sort();
  } catch (e) {
    throw new ConnectorError('CONNECTOR_UNAVAILABLE', 'credit', `cannot list the credit drop folder: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, true, { cause: e });
  }
}

export function hasFile(dir: string, day: string, file: string): boolean {
  return existsSync(join(dir, day, file));
}

export function openListFile(dir: string, day: string, file: string, signal: AbortSignal): Readable {
  return createReadStream(join(dir, day, file), { signal, highWaterMark: 256 * 1024 });
}
