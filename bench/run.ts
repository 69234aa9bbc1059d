/**
 * bench/run
 *
 * `npm run bench -- <name> [options]`: runs one benchmark from bench/. Known: ingest, world, alerts, read, analyst, views.
 */
const [name, ...rest] = process.argv.slice(2);
const known: Record<string, string> = {
  ingest: './ingest.bench.ts', world: './world.bench.ts', alerts: './alerts.bench.ts', read: './read.bench.ts', analyst: './analyst.bench.ts', views: './views.bench.ts',
};
if (!name || !known[name]) {
  console.error(`usage: npm run bench -- <${Object.keys(known).join('|')}> [options]`);
  process.exit(2);
}
process.argv = [process.argv[0]!, process.argv[1]!, ...rest];
await import(known[name]);
