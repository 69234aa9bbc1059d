/**
 * vitest configuration
 *
 * graphql must load as one module instance: alias it to its CommonJS entry so vite does
 * not pick `index.mjs` while type-graphql and Apollo load `index.js`.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['src/**/*.test.ts', 'connectors/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
