/**
 * test/support/config-files
 *
 * Configuration files written as a deployment would write them, in a temporary folder
 * removed after the test file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A writer of config files (each call a new file) in a folder that goes away after the file's tests. */
export function configFiles(prefix: string): { dir: string; file(config: unknown): string } {
  const dir = mkdtempSync(join(tmpdir(), `govgraph-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  return {
    dir,
    file(config) {
      const path = join(dir, `config-${n++}.json`);
      writeFileSync(path, JSON.stringify(config));
      return path;
    },
  };
}
