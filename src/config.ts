/**
 * config
 *
 * The hub's configuration, read once: govgraph.config.json (path from GOVGRAPH_CONFIG) or,
 * when there is none, the demo configuration that points at the built-in simulator. The
 * only module that reads process.env for settings.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { connectors } from '../connectors/registry.js';
import { isKnownDivision } from './domain/divisions.js';
import { projectPath } from './paths.js';
import { PlatformSettings } from './platform/settings.js';
import { PolicyFile } from './policy/policy.js';
import { ViewSettings } from './views/settings.js';

export const SourceEntry = z.strictObject({
  /** Unique id; appears in provenance, sync runs and quarantine. */
  id: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/),
  /** Connector kind from connectors/registry.ts. */
  connector: z.string().min(1),
  /** Connector options; `${ENV_VAR}` in strings is replaced at run time. Credentials are env var NAMES, never values. */
  options: z.record(z.string(), z.unknown()),
  /** Keep early pilot USCCs failing only their position-18 check, flagged. */
  lenient: z.boolean().default(false),
  schedule: z.strictObject({ everySeconds: z.number().int().min(5).max(7 * 86_400) }).default({ everySeconds: 300 }),
  enabled: z.boolean().default(true),
});
export type SourceEntry = z.infer<typeof SourceEntry>;

export const AlertSettings = z.strictObject({
  /**
   * Whether this hub runs the time-based rules and prunes the change log. Off for a hub that
   * only serves reads — a benchmark's hub, or all but one of several hubs on one database.
   * @default true
   */
  scheduled: z.boolean().default(true),
  /** How often time-based rules (license expiry, stalled parcels) are evaluated. */
  scheduleSeconds: z.number().int().min(10).max(86_400).default(3600),
  /** Entity changes older than this are pruned from the change log (alerts are kept). */
  changeRetentionDays: z.number().int().min(1).max(3650).default(30),
  /** Each hub reads the log this often even without a NOTIFY (a lost notice costs at most this long). */
  pollMs: z.number().int().min(100).max(60_000).default(2000),
});

export type AlertSettings = z.infer<typeof AlertSettings>;

export const SubscriptionSettings = z.strictObject({
  /** `connection_init` must arrive within this (else close 4408). */
  connectionInitTimeoutMs: z.number().int().min(100).max(60_000).default(3000),
  /** Operations one WebSocket may run at once. */
  maxSubscriptionsPerConnection: z.number().int().min(1).max(1000).default(20),
  /** Largest WebSocket message accepted (else close 1009). */
  maxMessageBytes: z.number().int().min(1024).max(1024 * 1024).default(64 * 1024),
  /** Live events one subscription may have waiting (a memory bound; a burst from one commit must fit). Past it: closed 1013. */
  maxQueuedEvents: z.number().int().min(100).max(1_000_000).default(10_000),
  /** Server pings each socket this often and drops it if no pong comes back within as long again (0: no pings). */
  keepAliveMs: z.number().int().min(0).max(600_000).default(12_000),
  /** A subscription whose events waited this long without it taking one is too slow: closed 1013. */
  maxStallMs: z.number().int().min(100).max(600_000).default(10_000),
  /** Open WebSockets one key or token subject may hold (on every hub together, with shared limits); more are closed 4403. */
  maxConnectionsPerPrincipal: z.number().int().min(1).max(100_000).default(500),
});

export type SubscriptionSettings = z.infer<typeof SubscriptionSettings>;

/** Limits on every operation, HTTP and WebSocket alike. Defaults are graphql-armor's, or tighter. */
export const OperationLimits = z.strictObject({
  /** Deepest selection nesting (fragments counted). */
  maxDepth: z.number().int().min(1).max(50).default(6),
  /** Aliased fields in one operation. */
  maxAliases: z.number().int().min(0).max(1000).default(15),
  /** graphql-armor cost (objects 2, scalars 1, ×1.5 per level; lists × their page, or × their estimated fan-out). */
  maxCost: z.number().int().min(1).max(10_000_000).default(5000),
  /** Items a list link without `first`/`last` is assumed to hold, by `Type.field` (e.g. `"Enterprise.licenses": 10`). */
  fanOut: z.record(z.string().regex(/^[A-Z]\w*\.\w+$/), z.number().int().min(1).max(100_000)).default({}),
  /** Items assumed for any other list link without a page argument. */
  defaultFanOut: z.number().int().min(1).max(100_000).default(10),
  /** Directives in one operation. */
  maxDirectives: z.number().int().min(0).max(1000).default(50),
  /** Lexical tokens in one document (refused while parsing). */
  maxTokens: z.number().int().min(100).max(100_000).default(1000),
  /** Variables, as JSON. */
  maxVariablesBytes: z.number().int().min(1024).max(1024 * 1024).default(64 * 1024),
  /** Deepest nesting of objects and arrays in the variables (the map itself is level 1). */
  maxVariablesDepth: z.number().int().min(2).max(100).default(32),
  /** HTTP request body. */
  maxBodyBytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024),
  /** After this, resolvers not yet started fail with TIMEOUT (one subscription event counts as one operation). */
  timeoutMs: z.number().int().min(100).max(600_000).default(10_000),
  /** Single-entity lookups (`enterprise(uscc:)`, `node(id:)`, …) one principal may make per minute (on every hub together, with shared limits); more get RATE_LIMITED (429). */
  lookupsPerMinute: z.number().int().min(1).max(1_000_000).default(600),
  /** An HTTP request's headers must arrive within this (slow senders are cut off with 408). */
  headersTimeoutMs: z.number().int().min(500).max(120_000).default(10_000),
  /** A whole HTTP request (headers and body) must arrive within this. */
  requestTimeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
  /** Operations one principal may run at once (HTTP, and WebSocket queries; on every hub together, with shared limits); more wait, then RATE_LIMITED. */
  maxConcurrentPerPrincipal: z.number().int().min(1).max(1000).default(4),
  /** How long an operation waits for one of its principal's places before RATE_LIMITED (429). */
  concurrencyWaitMs: z.number().int().min(0).max(60_000).default(2000),
  /** Operations one HTTP request may batch as a JSON array; 0 (the default) refuses batches. */
  maxBatchSize: z.number().int().min(0).max(100).default(0),
});
export type OperationLimits = z.infer<typeof OperationLimits>;

/** Who may call: API keys (hashes only) and JWTs; anonymous callers only if allowed. */
export const AuthSettings = z.strictObject({
  apiKeys: z.array(z.strictObject({
    id: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
    department: z.string().min(1).max(64),
    division: z.string().regex(/^\d{6}$/).refine(isKnownDivision, 'not a known GB/T 2260 division code').nullish(),
    label: z.string().max(200).nullish(),
    /** Hex SHA-256 of the key's secret part; the key itself is never in a file. */
    secretSha256: z.string().regex(/^[0-9a-fA-F]{64}$/),
    expiresAt: z.string().datetime({ offset: true }).nullish(),
  })).default([]),
  jwt: z.strictObject({
    issuer: z.string().min(1),
    audience: z.string().min(1),
    algorithms: z.array(z.enum(['HS256', 'HS384', 'HS512', 'RS256', 'ES256', 'EdDSA'])).min(1),
    /** Env var holding the HMAC secret, or the PEM public key for RS/ES/EdDSA. */
    keyEnv: z.string().regex(/^[A-Z0-9_]+$/),
    departmentClaim: z.string().default('department'),
    /** Absent or null: the whole department; otherwise a known 6-digit division code, or the token is refused. */
    divisionClaim: z.string().default('division'),
    /** Tokens must carry `exp`, at most this far after `iat` (or now). @default 3600 */
    maxLifetimeSeconds: z.number().int().min(60).max(7 * 86_400).default(3600),
  }).optional(),
  /** Serve callers without a token as `anonymous` (no department: every field denied). */
  anonymous: z.boolean().default(false),
});
export type AuthSettings = z.infer<typeof AuthSettings>;

export const HubConfigFile = z.strictObject({
  /** Start the demo source simulator with a generated world of this size. */
  demo: z.strictObject({
    enterprises: z.number().int().min(1).max(2_000_000).default(2000),
    seed: z.number().int().default(20261124),
    /** After the first ingest round and this many seconds, the credit platform's next day arrives with first loans (首贷) for some no-loan firms. Off when absent. */
    firstLoansAfterSeconds: z.number().int().min(0).max(86_400).optional(),
    /** Store the three example support policies (免申即享) when the policy table is empty. */
    examplePolicies: z.boolean().default(false),
  }).optional(),
  sources: z.array(SourceEntry).default([]),
  alerts: AlertSettings.prefault({}),
  subscriptions: SubscriptionSettings.prefault({}),
  limits: OperationLimits.prefault({}),
  auth: AuthSettings.prefault({}),
  /** The read audit's chain head, anchored outside the database (audit/anchors). Off when absent. */
  audit: z.strictObject({
    anchor: z.strictObject({
      /** File the anchors are appended to, one line per checkpoint. */
      file: z.string().min(1),
      /** Env var holding the HMAC key (≥ 32 bytes, hex or base64); the database never holds it. */
      keyEnv: z.string().regex(/^[A-Z0-9_]+$/),
      everySeconds: z.number().int().min(1).max(86_400).default(60),
    }).optional(),
  }).prefault({}),
  /** What each department may see (deny by default: without a policy nothing is readable). */
  policy: PolicyFile.optional(),
  /**
   * Query operations compiled to one SQL statement per root field (graphql/planner). Off,
   * every operation runs through the resolvers: same answers, more statements (a switch for
   * comparison, and a way back should a plan ever misbehave).
   */
  reads: z.strictObject({ planner: z.boolean().default(true) }).prefault({}),
  /** The reform views' rules: small-and-micro thresholds, activity window, profile spans, land targets (views/settings). */
  views: ViewSettings.prefault({}),
  /** Running as a service: drain, readiness, metrics access, shared budgets (platform/settings). */
  platform: PlatformSettings.prefault({}),
  /** Headers GraphiQL starts with (the demo puts its analyst key here; never a real key). */
  graphiql: z.strictObject({ defaultHeaders: z.record(z.string(), z.string()).default({}) }).prefault({}),
});
export type HubConfigFile = z.infer<typeof HubConfigFile>;
/** A configuration as written: sections and settings left out take their defaults. */
export type HubConfigInput = z.input<typeof HubConfigFile>;

export interface HubSettings {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  /** PGlite data folder (embedded mode). */
  readonly dataDir: string;
  readonly personKey: string | undefined;
  readonly production: boolean;
  readonly configPath: string;
  readonly config: HubConfigFile;
  /** Where the demo simulator puts the tax views: a PostgreSQL URL, or the hub's own database. */
  readonly simulatorTaxDsn: string | undefined;
}

export const DEMO_CONFIG_PATH = projectPath('govgraph.demo.json');

export class ConfigError extends Error {}

/** zod issues as `path: problem` lines; an unknown key is named by its own path. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): string[] {
  const at = (path: readonly PropertyKey[]) => path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '') || '(top level)';
  return issues.flatMap((i) =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => `${at([...prefix, ...i.path, k])}: unknown setting (misspelled, or not a setting of this section)`)
      : [`${at([...prefix, ...i.path])}: ${i.message}`],
  );
}

export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): HubConfigFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`cannot read config ${path}: ${(e as Error).message}`);
  }
  const parsed = HubConfigFile.safeParse(json);
  // Every problem at once: the sources are judged even when another section is wrong.
  const sources = parsed.success ? { success: true as const, data: parsed.data.sources } : z.array(SourceEntry).default([]).safeParse((json as { sources?: unknown } | null)?.sources);
  const problems = [...(parsed.success ? [] : describeIssues(parsed.error.issues)), ...(sources.success ? sourceProblems(sources.data, env) : [])];
  if (!parsed.success || problems.length) throw new ConfigError(`invalid config ${path}: ${[...new Set(problems)].join('; ')}`);
  return parsed.data;
}

/**
 * What is wrong with the sources before anything starts: duplicate ids, connector kinds
 * that do not exist, options the connector does not accept. `${VAR}` placeholders are
 * filled from the environment where set (a missing one fails only its source, at run time).
 */
export function sourceProblems(sources: readonly SourceEntry[], env: NodeJS.ProcessEnv = process.env): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  sources.forEach((s, i) => {
    if (seen.has(s.id)) problems.push(`sources[${i}].id: source id "${s.id}" appears twice`);
    seen.add(s.id);
    const connector = connectors.get(s.connector);
    if (!connector) {
      problems.push(`sources[${i}].connector: unknown connector kind "${s.connector}" (known: ${[...connectors.keys()].join(', ')})`);
      return;
    }
    const filled = interpolateEnv(s.options, env, { keepMissing: true });
    const options = connector.configSchema.safeParse(filled);
    // A value still holding a `${VAR}` not set yet can only be judged at run time.
    const judged = options.success ? [] : options.error.issues.filter((issue) => !/\$\{[A-Z0-9_]+\}/.test(String(valueAt(filled, issue.path))));
    problems.push(...describeIssues(judged, ['sources', i, 'options']));
  });
  return problems;
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): HubSettings {
  const explicit = env.GOVGRAPH_CONFIG;
  const local = resolve('govgraph.config.json');
  const production = env.NODE_ENV === 'production';
  if (production && !explicit && !existsSync(local)) {
    throw new ConfigError('NODE_ENV=production needs a configuration: write govgraph.config.json or set GOVGRAPH_CONFIG (the demo configuration, its simulator and its keys never run in production)');
  }
  const configPath = explicit ? resolve(explicit) : existsSync(local) ? local : DEMO_CONFIG_PATH;
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('PORT must be 0-65535');
  const config = loadConfigFile(configPath, env);
  if (production) refuseDemo(config, configPath);
  const demoSize = env.GOVGRAPH_DEMO_ENTERPRISES;
  if (demoSize !== undefined && config.demo) {
    const n = Number(demoSize);
    if (!Number.isInteger(n) || n < 1 || n > 2_000_000) throw new ConfigError('GOVGRAPH_DEMO_ENTERPRISES must be 1-2000000');
    config.demo = { ...config.demo, enterprises: n };
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.GOVGRAPH_DATA_DIR ?? 'data'),
    personKey: env.GOVGRAPH_PERSON_KEY || undefined,
    production,
    configPath,
    config,
    simulatorTaxDsn: env.GOVGRAPH_SIM_TAX_DSN || undefined,
  };
}

const valueAt = (value: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), value);

/** In production: no demo simulator, and none of the demo keys (their secrets are printed in the README). */
function refuseDemo(config: HubConfigFile, path: string): void {
  const demoKeys = new Set(loadConfigFile(DEMO_CONFIG_PATH, {}).auth.apiKeys.map((k) => k.secretSha256.toLowerCase()));
  const published = config.auth.apiKeys.filter((k) => demoKeys.has(k.secretSha256.toLowerCase())).map((k) => k.id);
  if (config.demo) throw new ConfigError(`${path}: NODE_ENV=production refuses the "demo" section (the source simulator is not a source)`);
  if (published.length) throw new ConfigError(`${path}: NODE_ENV=production refuses the demo API keys ${published.join(', ')}: their secrets are published in the README; create keys of your own`);
}

/** Replaces `${NAME}` in every string of `value` with env values; a missing one is an error (or kept as written, with `keepMissing`). */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv = process.env, o: { keepMissing?: boolean } = {}): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z0-9_]+)\}/g, (m, name: string) => {
      const v = env[name];
      if (v !== undefined) return v;
      if (o.keepMissing) return m;
      throw new ConfigError(`environment variable ${name} (used in source options) is not set`);
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolateEnv(v, env, o));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, env, o)]));
  return value;
}
