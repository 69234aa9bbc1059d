/**
 * bench/ingest
 *
 * `npm run bench -- ingest [--rows N]` (PostgreSQL via DATABASE_URL): writes a
 * market-registry bulk file of N enterprises (default 1,000,000), ingests it with
 * `npm run sync` in its own process — whose peak RSS is the figure for "streams with
 * bounded memory" — and, in the same run, COPYs the same rows (decoded and parsed the same
 * way) into a plain table: the floor for loading these rows into this PostgreSQL. Prints
 * records/s for both and their ratio. Not a test: numbers from a shared machine vary.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import postgres from 'postgres';
import { writeMarketRegistryFile } from '../src/simulator/market-registry.outlet.js';
import { World } from '../src/simulator/world.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, dir: { type: 'string', default: 'bench/out' } } });
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('npm run bench -- ingest needs DATABASE_URL (a PostgreSQL the bench may create databases in)');
  process.exit(2);
}
const n = Number(values.rows);
const dir = resolve(values.dir);
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, 'market'), { recursive: true });

let t = Date.now();
const file = await writeMarketRegistryFile(new World({ enterprises: n, seed: 3 }), join(dir, 'market'), '20261101');
console.log(`generated ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s`);

const admin = postgres(url, { max: 1, onnotice: () => {} });
const dbName = `govgraph_bench_${Date.now()}`;
await admin.unsafe(`create database ${dbName}`);
const benchUrl = new URL(url);
benchUrl.pathname = `/${dbName}`;

// 1. The hub: npm run sync in its own process.
writeFileSync(join(dir, 'config.json'), JSON.stringify({ sources: [{ id: 'market-registry', connector: 'market-registry', options: { dir: join(dir, 'market') } }] }));
t = Date.now();
const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/ingest/cli.ts', 'market-registry'], {
  env: { ...process.env, DATABASE_URL: benchUrl.href, GOVGRAPH_CONFIG: join(dir, 'config.json'), GOVGRAPH_PERSON_KEY: '22'.repeat(32) },
  stdio: ['ignore', 'pipe', 'ignore'],
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const hubSecs = (Date.now() - t) / 1000;
const summary = Object.fromEntries(run.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ')).trim()]));
if (run.status !== 0) {
  console.error(run.stdout);
  process.exit(1);
}

// 2. The floor: the same rows, decoded and parsed the same way, COPYed into a plain table.
const sql = postgres(benchUrl.href, { max: 1, onnotice: () => {} });
await sql.unsafe(`create table copy_floor (uscc text, reg_no text, name text, entity_type text, legal_rep text, id_type text, id_no text, capital text,
  established text, status text, address text, division text, industry text, authority text, approved text, deregistered text)`);
t = Date.now();
let copied = 0;
const writable = await sql.unsafe('copy copy_floor from stdin').writable();
const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
await pipeline(
  createReadStream(file),
  iconv.decodeStream('gb18030'),
  parse({ from_line: 2, relax_column_count: true }),
  new Transform({
    objectMode: true,
    transform(rec: string[], _e, done) {
      copied++;
      done(null, `${rec.slice(0, 16).map(esc).join('\t')}\n`);
    },
  }),
  writable,
);
const copySecs = (Date.now() - t) / 1000;
await sql.end();
await admin.unsafe(`drop database ${dbName} with (force)`);
await admin.end();

const hubRate = Number(summary.read) / Number(summary.seconds);
const copyRate = copied / copySecs;
console.log(`
rows in file                 ${copied}
hub: npm run sync            ${summary.read} read, ${summary.inserted} inserted, ${summary.updated} updated, ${summary.quarantined} quarantined
hub: seconds (sync / wall)   ${summary.seconds} / ${hubSecs.toFixed(1)}
hub: records/s               ${Math.round(hubRate)}
hub: peak RSS                ${summary['peak']?.replace(/^RSS MB\s+/, '')} MB
hub: CPU ms/record           ${summary['CPU']?.replace(/^ms\/record\s+/, '')}
COPY floor: seconds          ${copySecs.toFixed(1)}
COPY floor: rows/s           ${Math.round(copyRate)}
hub / COPY                   ${(hubRate / copyRate).toFixed(3)}`);
