/**
 * ingest/hash
 *
 * Content hashes: SHA-256 over a canonical JSON form (sorted keys), so the same record
 * always hashes the same whatever order its source wrote the fields in. The canonical
 * form is exactly `JSON.stringify` of the value with every object's keys sorted (integer
 * keys first, as JavaScript orders them), written in one pass without copying objects.
 */
import { hash } from 'node:crypto';

/** Integer-like keys (array indices), which JavaScript objects always list first, in numeric order. */
const INDEX = /^(0|[1-9]\d{0,9})$/;

function orderedKeys(o: object): string[] {
  const keys = Object.keys(o).sort();
  if (!keys.some((k) => INDEX.test(k))) return keys;
  const indices = keys.filter((k) => INDEX.test(k) && Number(k) < 2 ** 32 - 1).sort((a, b) => Number(a) - Number(b));
  return [...indices, ...keys.filter((k) => !indices.includes(k))];
}

function canonical(v: unknown): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      break;
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    default:
      return undefined;
  }
  const o = v as Record<string, unknown> & { toJSON?: () => unknown };
  if (typeof o.toJSON === 'function') return canonical(o.toJSON());
  if (Array.isArray(o)) return `[${o.map((x) => canonical(x) ?? 'null').join(',')}]`;
  let out = '';
  for (const k of orderedKeys(o)) {
    const c = canonical(o[k]);
    if (c !== undefined) out += `${out ? ',' : ''}${JSON.stringify(k)}:${c}`;
  }
  return `{${out}}`;
}

export function canonicalJson(value: unknown): string {
  return canonical(value) as string;
}

/** One-shot (no Hash object per record): about half the cost of createHash for a record's few hundred bytes. */
export function sha256(text: string): string {
  return hash('sha256', text, 'hex');
}

export const contentHash = (value: unknown): string => sha256(canonicalJson(value));
