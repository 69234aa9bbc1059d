/**
 * db/folder-lock
 *
 * One process at a time on a PGlite data folder. PGlite is PostgreSQL compiled into this
 * process: two processes opening one folder each run their own server over the same
 * files, and whatever the second writes is lost or corrupts the first. Whoever opens the
 * folder creates `govgraph.lock` in it (exclusive create), naming its pid and role; a
 * second opener is refused at once with a message naming the holder. A lock whose process
 * is gone (killed with SIGKILL, machine restarted) is stale and taken over.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Who holds a folder: `hub` for `npm start`, `sync` for `npm run sync`, and so on. */
export type FolderRole = 'hub' | 'sync' | 'audit-verify' | 'tool';

export interface LockHolder {
  readonly pid: number;
  readonly role: FolderRole;
  readonly host: string;
  readonly since: string;
}

export class FolderLockedError extends Error {
  readonly code = 'DATA_FOLDER_LOCKED';
  constructor(readonly dataDir: string, readonly holder: LockHolder) {
    super(FolderLockedError.describe(dataDir, holder));
    this.name = 'FolderLockedError';
  }

  private static describe(dataDir: string, h: LockHolder): string {
    const who = h.role === 'hub' ? `the hub (npm start, pid ${h.pid})` : `another govgraph process (${h.role}, pid ${h.pid})`;
    const advice = h.role === 'hub'
      ? 'While the hub runs, sources sync on its own schedule; an admin can run one at once with the syncNow mutation. Stop the hub first to use this command.'
      : 'Wait for it to finish, or stop it first.';
    return `the embedded database folder ${dataDir} is in use by ${who} since ${h.since}: one process at a time may open it. ${advice}`;
  }
}

export interface FolderLock {
  release(): void;
}

export const LOCK_FILE = 'govgraph.lock';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function readHolder(path: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return Number.isInteger(h.pid) ? h : null;
  } catch {
    return null;
  }
}

const mtimeMs = (path: string) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
};

/** Takes the folder's lock or throws FolderLockedError. The folder must exist. */
export function lockFolder(dataDir: string, role: FolderRole): FolderLock {
  const path = join(dataDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, role, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return {
        release() {
          // Only our own lock is removed: a folder taken over after we were judged gone stays locked.
          if (readHolder(path)?.pid === me.pid) unlinkSync(path);
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = readHolder(path);
    // An unreadable lock younger than a few seconds is being written right now by its owner.
    if (!holder && Date.now() - mtimeMs(path) < 5000) throw new FolderLockedError(dataDir, { pid: 0, role: 'tool', host: me.host, since: 'just now' });
    // Another host's pid means nothing here: never judged stale (a shared folder is refused outright).
    if (holder && (holder.host !== me.host || alive(holder.pid))) throw new FolderLockedError(dataDir, holder);
    // Stale (its process is gone) or unreadable (a crash mid-write): taken over.
    try {
      unlinkSync(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  const holder = readHolder(path);
  throw new FolderLockedError(dataDir, holder ?? { pid: 0, role: 'tool', host: me.host, since: 'unknown' });
}
