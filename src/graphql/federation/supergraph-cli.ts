/**
 * federation/supergraph-cli
 *
 * `npm run supergraph -- [--config govgraph.supergraph.json] [--check]`: composes govgraph
 * (its subgraph schema from the code) with the subgraphs the config lists and writes the
 * supergraph to the config's `output`, for Apollo Router, Hive Gateway or
 * `@apollo/gateway` to load. `--check` writes nothing and fails when the file differs.
 * Exit code 0 when written (or current), 1 when composition fails or the file is stale,
 * 2 for a bad config.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildHubSchema } from '../build-schema.js';
import { composeSupergraph, CompositionError, readSupergraphConfig, SupergraphConfigError } from './supergraph.js';
import { subgraphSdl } from './subgraph-sdl.js';

const { values } = parseArgs({ options: { config: { type: 'string', default: 'govgraph.supergraph.json' }, check: { type: 'boolean', default: false } } });

try {
  if (!existsSync(values.config)) {
    console.error(`no supergraph config at ${values.config} (usage: npm run supergraph -- [--config <file>] [--check])`);
    process.exit(2);
  }
  const { config, baseDir } = readSupergraphConfig(values.config);
  const supergraph = await composeSupergraph(config, baseDir, subgraphSdl(await buildHubSchema()));
  const out = resolve(baseDir, config.output);
  if (values.check) {
    const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
    if (current !== supergraph) {
      console.error(`${config.output} is stale: run npm run supergraph`);
      process.exit(1);
    }
    console.log(`${config.output} is current`);
  } else {
    writeFileSync(out, supergraph);
    console.log(`wrote ${config.output} (${[config.govgraph.name, ...config.subgraphs.map((s) => s.name)].join(' + ')})`);
  }
} catch (e) {
  if (!(e instanceof CompositionError)) throw e;
  console.error(e.message);
  process.exit(e instanceof SupergraphConfigError ? 2 : 1);
}
