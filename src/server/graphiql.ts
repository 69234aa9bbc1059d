/**
 * server/graphiql
 *
 * GraphiQL served from the project's own files: the page and every script and style it
 * loads come from this server (React, GraphiQL and its Explorer plugin, UMD builds out of
 * node_modules, copied into `dist/` by the build), with the saved example operations as its
 * opening tabs. No CDN, so it works on a government network with no outside access.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectPath } from '../paths.js';
import { GRAPHIQL_EXAMPLES } from './graphiql-examples.js';

const require = createRequire(import.meta.url);

/** A file inside an installed package (past its `exports` map, which hides the UMD builds). */
const inPackage = (pkg: string, file: string) => join(dirname(require.resolve(`${pkg}/package.json`)), file);

export const GRAPHIQL_ASSET_PREFIX = '/graphiql/';

interface Asset {
  /** Where the file comes from: an installed package, or the project's own static folder. */
  readonly source: () => string;
  readonly type: string;
}

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** The only files served under /graphiql/: an explicit list, never a path from the request. */
const ASSETS: Readonly<Record<string, Asset>> = {
  'react.js': { source: () => inPackage('react', 'umd/react.production.min.js'), type: JS },
  'react-dom.js': { source: () => inPackage('react-dom', 'umd/react-dom.production.min.js'), type: JS },
  'graphiql.js': { source: () => inPackage('graphiql', 'graphiql.min.js'), type: JS },
  'graphiql.css': { source: () => inPackage('graphiql', 'graphiql.min.css'), type: CSS },
  'explorer.js': { source: () => inPackage('@graphiql/plugin-explorer', 'dist/index.umd.js'), type: JS },
  'explorer.css': { source: () => inPackage('@graphiql/plugin-explorer', 'dist/style.css'), type: CSS },
  'init.js': { source: () => projectPath('src', 'server', 'static', 'graphiql-init.js'), type: JS },
};

/** Where `npm run build` puts every asset, beside the built module (absent when running from src/). */
const BUILT = join(dirname(fileURLToPath(import.meta.url)), 'static', 'graphiql');

/** Copies every asset into the build (`npm run build`, from the built module); returns how many. */
export function bundleGraphiqlAssets(): number {
  mkdirSync(BUILT, { recursive: true });
  for (const [name, asset] of Object.entries(ASSETS)) copyFileSync(asset.source(), join(BUILT, name));
  return Object.keys(ASSETS).length;
}

const cache = new Map<string, Buffer>();

export function graphiqlAsset(name: string): { body: Buffer; type: string } | null {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) return null;
  let body = cache.get(name);
  if (!body) {
    const built = join(BUILT, name);
    body = readFileSync(existsSync(built) ? built : asset.source());
    cache.set(name, body);
  }
  return { body, type: asset.type };
}

/** The page; `defaultHeaders` and the saved example operations go to GraphiQL as data (a JSON script the CSP never executes). */
export function graphiqlHtml(defaultHeaders: Readonly<Record<string, string>> = {}): string {
  const p = GRAPHIQL_ASSET_PREFIX;
  const settings = JSON.stringify({ defaultHeaders, examples: GRAPHIQL_EXAMPLES }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>govgraph · GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${p}graphiql.css">
<link rel="stylesheet" href="${p}explorer.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script id="govgraph-graphiql" type="application/json">${settings}</script>
<script src="${p}react.js"></script>
<script src="${p}react-dom.js"></script>
<script src="${p}graphiql.js"></script>
<script src="${p}explorer.js"></script>
<script src="${p}init.js"></script>
</body>
</html>
`;
}
