/**
 * server/exports
 *
 * `GET /exports/<connection>.csv?filter=…&orderBy=…&encoding=…` (or `.xlsx`): the same
 * filtered, ordered list an analyst pages through in GraphQL, streamed as CSV or as an
 * Excel workbook (server/export-formats). Each page is a real
 * GraphQL operation through Apollo (`Export` plus the connection's name), so the caller's
 * key, department policy (masked stays masked; a refused filter is refused), the read
 * planner and the read audit (one row per page, with the entities it held) all apply as
 * they do to the connection itself. Columns are the node's scalar fields the department may
 * see.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { getNamedType, getNullableType, isLeafType, isListType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { GraphQLContext } from '../graphql/context.js';
import { listingOf } from '../graphql/planner/declare.js';
import { exportedOf } from '../graphql/analyst/exported.js';
import { CSV_ENCODINGS, csvWriter, xlsxWriter, type CsvEncoding } from './export-formats.js';

export const EXPORT_PATH = /^\/exports\/([A-Za-z]\w{0,63})\.(csv|xlsx)$/;
const PAGE = 100;

interface ExportOptions {
  readonly apollo: ApolloServer<GraphQLContext>;
  readonly schema: GraphQLSchema;
  readonly context: (req: IncomingMessage) => Promise<GraphQLContext>;
}

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, GRAPHQL_VALIDATION_FAILED: 400, OPERATION_LIMIT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, RATE_LIMITED: 429, TIMEOUT: 504 };

function refuse(res: ServerResponse, code: string, message: string, extra: object = {}) {
  res.writeHead(STATUS[code] ?? 500, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] }));
}

function jsonParam(url: URL, name: string): unknown {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new Error(`${name} must be JSON, as the GraphQL variable would be`);
  }
}

export function createExportHandler(o: ExportOptions) {
  return async function exportList(req: IncomingMessage, res: ServerResponse, url: URL, root: string, format: 'csv' | 'xlsx'): Promise<void> {
    if (req.method !== 'GET') return refuse(res, 'BAD_USER_INPUT', 'GET only');
    const field = o.schema.getQueryType()!.getFields()[root];
    const spec = field && (listingOf(field) ?? exportedOf(field));
    if (!field || !spec) return refuse(res, 'NOT_FOUND', `No connection ${root} to export`);
    const encoding = url.searchParams.get('encoding')?.toLowerCase() ?? null;
    if (format === 'xlsx' && encoding !== null) return refuse(res, 'BAD_USER_INPUT', 'encoding applies to CSV only: a workbook is always Unicode', { argument: 'encoding' });
    if (encoding !== null && !(CSV_ENCODINGS as readonly string[]).includes(encoding)) return refuse(res, 'BAD_USER_INPUT', 'encoding must be utf-8 or gb18030', { argument: 'encoding' });
    const writer = format === 'xlsx' ? xlsxWriter(res, root) : csvWriter(res, root, (encoding ?? 'utf-8') as CsvEncoding);
    let variables: Record<string, unknown>;
    try {
      variables = { filter: jsonParam(url, 'filter'), orderBy: jsonParam(url, 'orderBy') };
    } catch (e) {
      return refuse(res, 'BAD_USER_INPUT', (e as Error).message);
    }
    let ctx: GraphQLContext;
    try {
      ctx = await o.context(req);
    } catch (e) {
      const code = (e as { extensions?: { code?: string } }).extensions?.code ?? 'UNAUTHENTICATED';
      return refuse(res, code, (e as Error).message);
    }
    // The node's scalar fields this caller may see (allowed or masked), in the type's order.
    const node = nodeTypeOf(o.schema, root);
    const columns = Object.values(node.getFields())
      .filter((f) => isLeafType(getNamedType(f.type)) && !isListType(getNullableType(f.type)) && ctx.gate.fieldReadable(o.schema, node, f))
      .filter((f) => ctx.purpose !== null || !('refused' in ctx.gate.decide(o.schema, node, f, false)))
      .map((f) => f.name);
    if (!columns.length) return refuse(res, 'FORBIDDEN', `${node.name} is not available to you`, { reason: 'TYPE_DENIED' });
    const name = root[0]!.toUpperCase() + root.slice(1);
    const query = `query Export${name}($filter: ${spec.typeName}Filter, $orderBy: [${spec.typeName}Order!], $after: String) {
      ${root}(first: ${PAGE}, after: $after, filter: $filter, orderBy: $orderBy) { pageInfo { hasNextPage endCursor } edges { node { ${columns.join(' ')} } } } }`;
    let after: string | null = null;
    let started = false;
    for (;;) {
      const pageCtx: GraphQLContext = started ? await o.context(req) : ctx;
      const result = await o.apollo.executeOperation({ query, variables: { ...variables, after } }, { contextValue: pageCtx });
      const body = result.body.kind === 'single' ? result.body.singleResult : null;
      const error = body?.errors?.[0];
      if (!body || error || !body.data) {
        if (!started) return refuse(res, String(error?.extensions?.code ?? 'INTERNAL_SERVER_ERROR'), error?.message ?? 'Export failed', pick(error?.extensions));
        // Rows were sent already: cut the response off rather than end a file that looks complete.
        res.destroy();
        return;
      }
      const page = body.data[root] as { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Record<string, unknown> }[] };
      if (!started) {
        writer.start(columns);
        started = true;
      }
      await writer.rows(page.edges.map((e) => columns.map((c) => e.node[c])));
      if (!page.pageInfo.hasNextPage || res.destroyed) break;
      after = page.pageInfo.endCursor;
    }
    await writer.end();
  };
}

/** An error's client-safe details (which argument, which limit, why). */
function pick(ext: Record<string, unknown> | undefined): object {
  if (!ext) return {};
  const { code: _c, ...rest } = ext;
  return rest;
}

function nodeTypeOf(schema: GraphQLSchema, root: string): GraphQLObjectType {
  const conn = getNamedType(schema.getQueryType()!.getFields()[root]!.type) as GraphQLObjectType;
  const edge = getNamedType(conn.getFields().edges!.type) as GraphQLObjectType;
  const node = getNamedType(edge.getFields().node!.type);
  if (!isObjectType(node)) throw new Error(`${root} has no object node`);
  return node;
}
