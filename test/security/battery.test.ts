/**
 * The security battery's index (shared/design/security-battery.md, §9): every case id is
 * either named by a test under test/security/ — in its title, e.g. `it('F14: …')` — or
 * listed below as not applying to govgraph, with the reason in one line. The id list is
 * kept here as a snapshot, so a case dropped from the suite, or a title naming an id that
 * is not in the battery, fails this test.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The battery's ids: letter → how many cases (A01–A12, B01–B08, …). */
const SECTIONS = { A: 12, B: 8, C: 9, D: 8, E: 9, F: 16, G: 7, H: 3 } as const;
const BATTERY = Object.entries(SECTIONS).flatMap(([letter, n]) => Array.from({ length: n }, (_, i) => `${letter}${String(i + 1).padStart(2, '0')}`));

/** Cases that do not apply, each with its reason. */
const NOT_APPLICABLE: Readonly<Record<string, string>> = {
  E08: 'No source is ever asked for a record by key: GraphQL reads only the database, and every pulled record is stored under its own national code, so an unrequested record cannot answer for a requested one.',
};

const DIR = new URL('./', import.meta.url).pathname;

/** The titles of `describe`/`it` blocks in a test file (a string literal followed by the test function). */
function titles(source: string): string[] {
  return [...source.matchAll(/\(\s*(['"`])([^'"`\n]{3,300}?)\1\s*,\s*(?:async\s*)?\(/g)].map((m) => m[2]!);
}

/** Ids a title names, ranges (`D05–D07`) expanded. */
function idsIn(title: string): string[] {
  const out: string[] = [];
  for (const m of title.matchAll(/\b([A-H])(\d\d)(?:\s*[–-]\s*\1?(\d\d))?\b/g)) {
    const from = Number(m[2]);
    const to = m[3] ? Number(m[3]) : from;
    for (let i = from; i <= to; i++) out.push(`${m[1]}${String(i).padStart(2, '0')}`);
  }
  return out;
}

function covered(): Map<string, string[]> {
  const where = new Map<string, string[]>();
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.test.ts') && f !== 'battery.test.ts')) {
    for (const title of titles(readFileSync(DIR + file, 'utf8'))) {
      for (const id of idsIn(title)) where.set(id, [...(where.get(id) ?? []), file]);
    }
  }
  return where;
}

describe('security battery index', () => {
  it('has the battery’s 72 case ids', () => {
    expect(BATTERY).toHaveLength(72);
    expect(BATTERY.slice(0, 3)).toEqual(['A01', 'A02', 'A03']);
    expect(BATTERY.at(-1)).toBe('H03');
    // Where the battery document sits beside the project, its ids are exactly these.
    const doc = new URL('../../../shared/design/security-battery.md', import.meta.url).pathname;
    if (existsSync(doc)) {
      const inDoc = [...new Set([...readFileSync(doc, 'utf8').matchAll(/^\| ([A-H]\d\d) \|/gm)].map((m) => m[1]!))];
      expect(inDoc.sort()).toEqual([...BATTERY].sort());
    }
  });

  it('every case is tested under test/security/, or says in one line why it does not apply', () => {
    const where = covered();
    const missing = BATTERY.filter((id) => !where.has(id) && !NOT_APPLICABLE[id]);
    expect(missing, 'cases with neither a test nor a reason').toEqual([]);
    const both = Object.keys(NOT_APPLICABLE).filter((id) => where.has(id));
    expect(both, 'cases marked not applicable that a test names').toEqual([]);
    const unknown = [...where.keys()].filter((id) => !BATTERY.includes(id));
    expect(unknown, 'ids in test titles that the battery does not have').toEqual([]);
    for (const [id, reason] of Object.entries(NOT_APPLICABLE)) {
      expect(BATTERY, id).toContain(id);
      expect(reason, id).toMatch(/^[^\n]{20,300}$/);
    }
  });
});
