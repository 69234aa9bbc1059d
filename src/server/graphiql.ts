/**
 * server/graphiql
 *
 * GraphiQL served from the project's own files: the page and every script and style it
 * loads come from this server (React, GraphiQL and its Explorer plugin, UMD builds out of
 * node_modules, copied into `dist/` by the build), with the saved example operations as its
 * opening tabs. No CDN, so it works on a government network with no outside access.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectPath } from '../paths.js';
import { GRAPHIQL_EXAMPLES } from './graphiql-examples.js';
import { CSS, inPackage, JS, staticAssets } from './static-assets.js';

export const GRAPHIQL_ASSET_PREFIX = '/graphiql/';

/** The only files served under /graphiql/. */
const assets = staticAssets(join(dirname(fileURLToPath(import.meta.url)), 'static', 'graphiql'), {
  'react.js': { source: inPackage('react', 'umd/react.production.min.js'), type: JS },
  'react-dom.js': { source: inPackage('react-dom', 'umd/react-dom.production.min.js'), type: JS },
  'graphiql.js': { source: inPackage('graphiql', 'graphiql.min.js'), type: JS },
  'graphiql.css': { source: inPackage('graphiql', 'graphiql.min.css'), type: CSS },
  'explorer.js': { source: inPackage('@graphiql/plugin-explorer', 'dist/index.umd.js'), type: JS },
  'explorer.css': { source: inPackage('@graphiql/plugin-explorer', 'dist/style.css'), type: CSS },
  'init.js': { source: () => projectPath('src', 'server', 'static', 'graphiql-init.js'), type: JS },
});

export const graphiqlAsset = (name: string) => assets.get(name);

/** Copies GraphiQL's files into the build (`npm run build`, from the built module); returns how many. */
export const bundleGraphiqlAssets = (): number => assets.bundle();

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
