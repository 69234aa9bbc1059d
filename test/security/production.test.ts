/**
 * Production is never the demo: with NODE_ENV=production, a missing config file is a
 * start-up error (before, the hub loaded the demo config — its simulator, and the demo
 * keys printed in the README), and a config holding the demo section or any demo key is
 * refused with a clear message.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, DEMO_CONFIG_PATH, loadConfigFile, loadSettings } from '../../src/config.js';
import { configFiles } from '../support/config-files.js';

const { file } = configFiles('production');

describe('production is never the demo', () => {
  const demo = loadConfigFile(DEMO_CONFIG_PATH);
  const own = { id: 'tax-prod', department: 'tax', secretSha256: 'ab'.repeat(32) };
  const settings = (config?: unknown) => () => loadSettings({ NODE_ENV: 'production', ...(config === undefined ? {} : { GOVGRAPH_CONFIG: file(config) }) });

  it('refuses to start without a config file (it would have loaded the demo and its published keys)', () => {
    expect(settings()).toThrow(/NODE_ENV=production needs a configuration/);
  });

  it('refuses the demo config, its simulator, and any demo key in a config of its own', () => {
    expect(() => loadSettings({ NODE_ENV: 'production', GOVGRAPH_CONFIG: DEMO_CONFIG_PATH })).toThrow(ConfigError);
    expect(settings({ demo: { enterprises: 10 }, auth: { apiKeys: [own] } })).toThrow(/refuses the "demo" section/);
    const leaked = demo.auth.apiKeys.find((k) => k.department === 'admin')!;
    expect(settings({ auth: { apiKeys: [own, { ...leaked, secretSha256: leaked.secretSha256.toUpperCase() }] } })).toThrow(new RegExp(`refuses the demo API keys ${leaked.id}`));
  });

  it('starts with a config of its own', () => {
    expect(settings({ auth: { apiKeys: [own] } })().production).toBe(true);
  });
});
