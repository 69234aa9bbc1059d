/**
 * server/static-assets
 *
 * A fixed list of files a page of the hub loads (GraphiQL, the operations console), served
 * from the project's own files: each from an installed package or the project's source
 * folder while running from `src/`, and from the copy `npm run build` puts beside the
 * built module when running from `dist/`. Only names on the list are served, never a path
 * taken from a request.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** A file inside an installed package (past its `exports` map, which hides the UMD builds). */
export const inPackage = (pkg: string, file: string) => (): string => join(dirname(require.resolve(`${pkg}/package.json`)), file);

export const JS = 'text/javascript; charset=utf-8';
export const CSS = 'text/css; charset=utf-8';
export const HTML = 'text/html; charset=utf-8';

export interface Asset {
  /** Where the file comes from: an installed package, or the project's own source folder. */
  readonly source: () => string;
  readonly type: string;
}

export interface StaticAssets {
  /** The file's bytes and content type; null for a name not on the list. */
  get(name: string): { body: Buffer; type: string } | null;
  /** Copies every file beside the built module (`npm run build`); returns how many. */
  bundle(): number;
}

/** `assets`, kept in `builtDir` once built. */
export function staticAssets(builtDir: string, assets: Readonly<Record<string, Asset>>): StaticAssets {
  const cache = new Map<string, Buffer>();
  return {
    get(name) {
      const asset = Object.hasOwn(assets, name) ? assets[name] : undefined;
      if (!asset) return null;
      let body = cache.get(name);
      if (!body) {
        const built = join(builtDir, name);
        body = readFileSync(existsSync(built) ? built : asset.source());
        cache.set(name, body);
      }
      return { body, type: asset.type };
    },
    bundle() {
      mkdirSync(builtDir, { recursive: true });
      for (const [name, asset] of Object.entries(assets)) copyFileSync(asset.source(), join(builtDir, name));
      return Object.keys(assets).length;
    },
  };
}
