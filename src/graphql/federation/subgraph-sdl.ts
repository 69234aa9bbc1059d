/**
 * federation/subgraph-sdl
 *
 * The schema as a Federation 2 subgraph presents it (`_service { sdl }`, `schema.graphql`,
 * `npm run supergraph`): the full schema, sorted, with the directives declared beside the
 * types (`@key`, `@shareable`, `@inaccessible`) and the `@link` that imports them, and
 * without Federation's own plumbing (`_Any`, `_Entity`, `_Service`, `_service`,
 * `_entities`), which gateways add themselves.
 */
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { Kind, lexicographicSortSchema, parse, print, visit, type GraphQLSchema } from 'graphql';

export const FEDERATION_VERSION = 'v2.5';
export const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/${FEDERATION_VERSION}", import: ["@key", "@shareable", "@inaccessible"])`;

const PLUMBING_TYPES: ReadonlySet<string> = new Set(['_Any', '_Entity', '_Service']);
const PLUMBING_FIELDS: ReadonlySet<string> = new Set(['_service', '_entities']);

const cache = new WeakMap<GraphQLSchema, string>();

export function subgraphSdl(schema: GraphQLSchema): string {
  let sdl = cache.get(schema);
  if (sdl === undefined) {
    const document = visit(parse(printSchemaWithDirectives(lexicographicSortSchema(schema))), {
      enter(node) {
        if ((node.kind === Kind.SCALAR_TYPE_DEFINITION || node.kind === Kind.UNION_TYPE_DEFINITION || node.kind === Kind.OBJECT_TYPE_DEFINITION) && PLUMBING_TYPES.has(node.name.value)) return null;
        if (node.kind === Kind.FIELD_DEFINITION && PLUMBING_FIELDS.has(node.name.value)) return null;
        // The roots are named Query, Mutation and Subscription: the default, so no `schema { … }`.
        if (node.kind === Kind.SCHEMA_DEFINITION) return null;
        return undefined;
      },
    });
    sdl = `${FEDERATION_LINK}\n\n${print(document)}\n`;
    cache.set(schema, sdl);
  }
  return sdl;
}
