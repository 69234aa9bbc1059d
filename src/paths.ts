/**
 * paths
 *
 * The project's own files (migrations, the demo config, `schema.graphql`), found from the
 * project root whether the code runs from `src/` (tsx: development and tests) or from the
 * build in `dist/` (`npm start`): the nearest folder above this module that holds both
 * `package.json` and `migrations/`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'migrations'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('govgraph cannot find its project folder (package.json beside migrations/)');
    dir = up;
  }
}

export const PROJECT_ROOT = findRoot();

/** A path inside the project folder. */
export const projectPath = (...parts: string[]): string => join(PROJECT_ROOT, ...parts);
