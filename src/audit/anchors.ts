/**
 * audit/anchors
 *
 * The read audit's chain head, anchored outside the database. A hash chain alone proves
 * nothing to someone who can rewrite the table: delete the newest rows, or change one row
 * and recompute every hash after it, and the chain is whole again. So at an interval the
 * hub appends one line per checkpoint to an anchor file — `{ seq, hash, at, mac }`, the
 * MAC an HMAC-SHA256 with a key from the environment that the database never holds.
 * `npm run audit:verify` checks the chain against every anchor: a row an anchor names that
 * is gone is a truncated tail; a row whose hash differs from its anchor is a recomputed
 * chain; an anchor line whose MAC does not verify was forged.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { desc, eq } from 'drizzle-orm';
import { readAudit } from '../../schema/index.js';
import type { Db } from '../db/client.js';

export interface AnchorSettings {
  /** The anchor file (append-only lines; ship it to a WORM store or a log host). */
  readonly file: string;
  /** Env var holding the HMAC key (at least 32 bytes as hex or base64). */
  readonly keyEnv: string;
  readonly everySeconds: number;
}

export interface Anchor {
  readonly seq: number;
  readonly hash: string;
  readonly at: string;
  readonly mac: string;
}

export type AnchorFinding = { seq: number; reason: 'TAIL_TRUNCATED' | 'CHAIN_RECOMPUTED' | 'ROW_MISSING' } | { line: number; reason: 'ANCHOR_FORGED' };

export class AnchorKeyError extends Error {}

/** The HMAC key named by the settings, from the environment; refuses a short or missing one. */
export function anchorKey(settings: AnchorSettings, env: NodeJS.ProcessEnv = process.env): Buffer {
  const raw = env[settings.keyEnv];
  if (!raw) throw new AnchorKeyError(`the audit anchor key env var ${settings.keyEnv} is not set`);
  const key = /^[0-9a-fA-F]+$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length < 32) throw new AnchorKeyError(`the audit anchor key in ${settings.keyEnv} is shorter than 32 bytes`);
  return key;
}

const mac = (key: Buffer, a: Omit<Anchor, 'mac'>) => createHmac('sha256', key).update(`${a.seq}\n${a.hash}\n${a.at}`).digest('hex');

/** Appends an anchor for the current chain head, unless the head is already anchored. Returns it (or null). */
export async function anchorHead(db: Db, settings: AnchorSettings, key: Buffer, last: { seq: number }, now = new Date()): Promise<Anchor | null> {
  const [head] = await db.select({ seq: readAudit.seq, hash: readAudit.hash }).from(readAudit).orderBy(desc(readAudit.seq)).limit(1);
  if (!head || head.seq <= last.seq) return null;
  const body = { seq: head.seq, hash: head.hash, at: now.toISOString() };
  const anchor = { ...body, mac: mac(key, body) };
  appendFileSync(settings.file, `${JSON.stringify(anchor)}\n`);
  last.seq = head.seq;
  return anchor;
}

/** The hub's anchoring: every `everySeconds`, and once more when it stops. */
export function startAnchoring(db: Db, settings: AnchorSettings, key: Buffer, log: { error(obj: object, msg?: string): void }) {
  const last = { seq: readAnchors(settings.file, key).anchors.at(-1)?.seq ?? 0 };
  const tick = () => anchorHead(db, settings, key, last).catch((e: unknown) => log.error({ failure: (e as Error).name }, 'audit anchor could not be written'));
  const timer = setInterval(() => void tick(), settings.everySeconds * 1000);
  timer.unref();
  return {
    anchorNow: () => anchorHead(db, settings, key, last),
    async stop() {
      clearInterval(timer);
      await tick();
    },
  };
}

/** The anchors of a file, those whose MAC verifies, and the line numbers of those that do not. */
export function readAnchors(file: string, key: Buffer): { anchors: Anchor[]; forged: number[] } {
  const anchors: Anchor[] = [];
  const forged: number[] = [];
  if (!existsSync(file)) return { anchors, forged };
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const a = JSON.parse(line) as Anchor;
      const want = Buffer.from(mac(key, a), 'hex');
      const got = Buffer.from(String(a.mac), 'hex');
      if (Number.isInteger(a.seq) && got.length === want.length && timingSafeEqual(got, want)) anchors.push(a);
      else forged.push(i + 1);
    } catch {
      forged.push(i + 1);
    }
  });
  return { anchors, forged };
}

/** Checks the table against the anchors; the first finding, or null when every anchor holds. */
export async function verifyAnchors(db: Db, file: string, key: Buffer): Promise<AnchorFinding | null> {
  const { anchors, forged } = readAnchors(file, key);
  if (forged.length) return { line: forged[0]!, reason: 'ANCHOR_FORGED' };
  const [head] = await db.select({ seq: readAudit.seq }).from(readAudit).orderBy(desc(readAudit.seq)).limit(1);
  for (const a of anchors) {
    const [row] = await db.select({ hash: readAudit.hash }).from(readAudit).where(eq(readAudit.seq, a.seq));
    if (!row) return { seq: a.seq, reason: !head || a.seq > head.seq ? 'TAIL_TRUNCATED' : 'ROW_MISSING' };
    if (row.hash !== a.hash) return { seq: a.seq, reason: 'CHAIN_RECOMPUTED' };
  }
  return null;
}
