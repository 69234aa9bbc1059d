/**
 * credit/transport
 *
 * Where the day's lists are. Two layouts, both seen at real platforms:
 * - dated: one sub-folder per day, `YYYYMMDD/`, each with the four list files;
 * - flat: the four files straight in the configured folder, overwritten each day; their
 *   day is the newest modification time among them (China time), or today (`flatDay`).
 * `auto` (the default) reads both; a flat day that a dated folder also holds is left to
 * the folder. I/O only.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { chinaToday } from '../../src/domain/china-day.js';
import { ConnectorError } from '../contract.js';
import type { CreditConfig } from './config.js';

/** One day's lists: `folder` holds the files (a dated sub-folder, or the drop folder itself). */
export interface ListDay {
  /** YYYYMMDD */
  readonly day: string;
  readonly folder: string;
  /** How a list file is named in messages: `20261101/xzcf.csv` or `xzcf.csv`. */
  readonly prefix: string;
}

/** YYYYMMDD in China of an instant. */
const chinaDay = (ms: number) => chinaToday(ms).replaceAll('-', '');

export async function listDays(config: Pick<CreditConfig, 'dir' | 'layout' | 'flatDay'>, files: readonly string[], now: Date): Promise<ListDay[]> {
  let entries;
  try {
    entries = await readdir(config.dir, { withFileTypes: true });
  } catch (e) {
    throw new ConnectorError('CONNECTOR_UNAVAILABLE', 'credit', `cannot list the credit drop folder: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, true, { cause: e });
  }
  const days: ListDay[] = config.layout === 'flat' ? [] : entries
    .filter((d) => d.isDirectory() && /^\d{8}$/.test(d.name))
    .map((d) => ({ day: d.name, folder: join(config.dir, d.name), prefix: `${d.name}/` }));
  if (config.layout !== 'dated') {
    const flat = entries.filter((d) => d.isFile() && files.includes(d.name)).map((d) => statSync(join(config.dir, d.name)).mtimeMs);
    if (flat.length) {
      const day = config.flatDay === 'today' ? chinaDay(now.getTime()) : chinaDay(Math.max(...flat));
      if (!days.some((d) => d.day === day)) days.push({ day, folder: config.dir, prefix: '' });
    }
  }
  return days.sort((a, b) => a.day.localeCompare(b.day));
}

export function hasFile(day: ListDay, file: string): boolean {
  return existsSync(join(day.folder, file));
}

export function openListFile(day: ListDay, file: string, signal: AbortSignal): Readable {
  return createReadStream(join(day.folder, file), { signal, highWaterMark: 256 * 1024 });
}
