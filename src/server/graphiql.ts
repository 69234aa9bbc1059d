/**
 * server/graphiql
 *
 * GraphiQL served from the project's own files: the page and every script and style it
 * loads come from this server (React, GraphiQL and its Explorer plugin, UMD builds out of
 * node_modules), with the saved example operations as its opening tabs. No CDN, so it
 * works on a government network with no outside access.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GRAPHIQL_EXAMPLES } from './graphiql-examples.js';

const require = createRequire(import.meta.url);

/** A file inside an installed package (past its `exports` map, which hides the UMD builds). */
const inPackage = (pkg: string, file: string) => join(dirname(require.resolve(`${pkg}/package.json`)), file);

export const GRAPHIQL_ASSET_PREFIX = '/graphiql/';

interface Asset {
  readonly file: string;
  readonly type: string;
}

/** The only files served under /graphiql/: an explicit list, never a path from the request. */
const ASSETS: Readonly<Record<string, Asset>> = {
  'react.js': { file: inPackage('react', 'umd/react.production.min.js'), type: 'text/javascript; charset=utf-8' },
  'react-dom.js': { file: inPackage('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript; charset=utf-8' },
  'graphiql.js': { file: inPackage('graphiql', 'graphiql.min.js'), type: 'text/javascript; charset=utf-8' },
  'graphiql.css': { file: inPackage('graphiql', 'graphiql.min.css'), type: 'text/css; charset=utf-8' },
  'explorer.js': { file: inPackage('@graphiql/plugin-explorer', 'dist/index.umd.js'), type: 'text/javascript; charset=utf-8' },
  'explorer.css': { file: inPackage('@graphiql/plugin-explorer', 'dist/style.css'), type: 'text/css; charset=utf-8' },
  'init.js': { file: fileURLToPath(new URL('./static/graphiql-init.js', import.meta.url)), type: 'text/javascript; charset=utf-8' },
};

const cache = new Map<string, Buffer>();

export function graphiqlAsset(name: string): { body: Buffer; type: string } | null {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) return null;
  let body = cache.get(name);
  if (!body) {
    body = readFileSync(asset.file);
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
