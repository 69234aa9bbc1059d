/**
 * server/ws-credentials
 *
 * What a WebSocket connection presents: its `connection_init` payload (`authorization`, in
 * any letter case, and `purpose`) or, as gateways propagate them to a subgraph, the
 * upgrade request's `Authorization` and `X-Purpose` headers. The payload wins where both
 * are given. A browser cannot set these headers on a WebSocket, so accepting them opens no
 * cross-site path.
 */
import type { IncomingMessage } from 'node:http';
import type { Context } from 'graphql-ws';
import { cleanPurpose, purposeFromHeader } from '../graphql/context.js';
import { HubError } from '../graphql/errors.js';

type Params = Readonly<Record<string, unknown>>;

export function credentialsOf(ctx: Context<Params | undefined, { readonly request: IncomingMessage }>): Params {
  const params = ctx.connectionParams ?? {};
  const { authorization, 'x-purpose': purpose } = ctx.extra.request.headers;
  const fromPayload = Object.keys(params).find((k) => k.toLowerCase() === 'authorization');
  return {
    ...params,
    authorization: fromPayload !== undefined ? params[fromPayload] : authorization,
    purpose: params.purpose ?? (purpose === undefined ? undefined : purposeFromHeader(purpose)),
  };
}

/** The purpose an operation over the socket declares: its `extensions.purpose`, else the connection's (cleaned as stored). */
export const purposeOf = (ctx: Context<Params | undefined, { readonly request: IncomingMessage }>, payload: { readonly extensions?: unknown }): string | null =>
  cleanPurpose((payload.extensions as { purpose?: unknown } | undefined)?.purpose ?? credentialsOf(ctx).purpose);

/** The refusal of a connection whose credentials no longer hold (revoked, expired, or not confirmable now). */
export const notAuthorised = () => new HubError('UNAUTHENTICATED', 'The credentials of this connection are no longer valid or could not be confirmed; connect again');
