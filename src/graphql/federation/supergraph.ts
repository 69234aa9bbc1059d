/**
 * federation/supergraph
 *
 * Composes the supergraph of govgraph and the subgraphs a config lists, with Apollo's own
 * composition (`@apollo/composition`, what Apollo Router and `@apollo/gateway` load): the
 * hub's subgraph schema comes from the code (no hub needs to run), each other subgraph's
 * from an SDL file or from its running `_service { sdl }`. Composition errors come back
 * named (code, message), never as a half-written supergraph.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { z } from 'zod';

const HeaderValue = z.string().describe('a value, or env:NAME to read it from the environment (never commit a token)');

export const SupergraphConfigSchema = z.strictObject({
  /** Where `npm run supergraph` writes the supergraph, relative to the config. */
  output: z.string().min(1),
  govgraph: z.strictObject({ name: z.string().regex(/^[a-z][a-z0-9-]*$/).default('govgraph'), routingUrl: z.url() }),
  subgraphs: z.array(z.strictObject({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/),
    routingUrl: z.url(),
    /** The subgraph's SDL file, relative to the config… */
    sdl: z.string().min(1).optional(),
    /** …or the URL whose `_service { sdl }` gives it, with the headers that request needs. */
    introspect: z.strictObject({ url: z.url(), headers: z.record(z.string(), HeaderValue).default({}) }).optional(),
  }).refine((s) => (s.sdl === undefined) !== (s.introspect === undefined), { message: 'give exactly one of "sdl" and "introspect"' })),
});
export type SupergraphConfig = z.infer<typeof SupergraphConfigSchema>;

export class CompositionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`the supergraph does not compose:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The config itself is wrong (not the subgraphs). */
export class SupergraphConfigError extends CompositionError {}

export function readSupergraphConfig(path: string): { config: SupergraphConfig; baseDir: string } {
  const parsed = SupergraphConfigSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new SupergraphConfigError(parsed.error.issues.map((i) => `${path}: ${i.path.join('.') || '(root)'}: ${i.message}`));
  return { config: parsed.data, baseDir: dirname(resolve(path)) };
}

const headerValue = (v: string): string => {
  if (!v.startsWith('env:')) return v;
  const value = process.env[v.slice(4)];
  if (value === undefined) throw new CompositionError([`environment variable ${v.slice(4)} is not set`]);
  return value;
};

async function introspect(name: string, url: string, headers: Record<string, string>): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, headerValue(v)])) },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  }).catch((e: unknown) => {
    throw new CompositionError([`${name}: ${url} did not answer (${(e as Error).message})`]);
  });
  const body = (await res.json().catch(() => null)) as { data?: { _service?: { sdl?: string } }; errors?: { message: string }[] } | null;
  const sdl = body?.data?._service?.sdl;
  if (!res.ok || typeof sdl !== 'string') throw new CompositionError([`${name}: ${url} gave no _service.sdl (HTTP ${res.status}${body?.errors ? `: ${body.errors.map((e) => e.message).join('; ')}` : ''})`]);
  return sdl;
}

/** The composed supergraph SDL, given govgraph's subgraph SDL; throws CompositionError naming every problem. */
export async function composeSupergraph(config: SupergraphConfig, baseDir: string, govgraphSdl: string): Promise<string> {
  const services = [{ name: config.govgraph.name, url: config.govgraph.routingUrl, sdl: govgraphSdl }];
  for (const s of config.subgraphs) {
    const sdl = s.sdl !== undefined ? readFileSync(resolve(baseDir, s.sdl), 'utf8') : await introspect(s.name, s.introspect!.url, s.introspect!.headers);
    services.push({ name: s.name, url: s.routingUrl, sdl });
  }
  const parsed = services.map((s) => {
    try {
      return { name: s.name, url: s.url, typeDefs: parse(s.sdl) };
    } catch (e) {
      throw new CompositionError([`${s.name}: its SDL does not parse: ${(e as Error).message}`]);
    }
  });
  const result = composeServices(parsed);
  if (result.errors) throw new CompositionError(result.errors.map((e) => `${(e.extensions?.code as string | undefined) ?? 'ERROR'}: ${e.message}`));
  return `${result.supergraphSdl.trimEnd()}\n`;
}
