import type { ExecutionContext } from '@nestjs/common';
import type { RequestFacts } from '../../refusal-reports/access-token-refusal.js';
import type { AuthenticatedUser } from '../../tokens/request-authenticator.js';

type RawHeaders = Record<string, string | string[] | undefined> | Headers;

/** Something that carries request headers and receives the user (`req`, a socket). */
export interface UserHolder {
  headers?: RawHeaders;
  user?: AuthenticatedUser;
}

/** What a request object (Express, Fastify, Node, socket.io handshake) says about itself. */
interface RequestLike {
  method?: unknown;
  originalUrl?: unknown;
  url?: unknown;
  address?: unknown;
  socket?: { remoteAddress?: unknown } | null;
}

/** Where a context's credentials are read and where its user is put. */
export interface ExecutionTarget {
  /** The request headers to authenticate (for WebSockets, those of the handshake). */
  headers: Headers;
  /** The object whose `user` property `@CurrentUser()` reads. */
  holder: { user?: AuthenticatedUser };
  /** Method, path and socket address, for the audit row of a refused token. */
  request: RequestFacts;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** Method, path and peer address of a request object or a WebSocket handshake. */
function factsOf(source: unknown): RequestFacts {
  const req = (source ?? {}) as RequestLike;
  return {
    method: text(req.method),
    path: text(req.originalUrl) ?? text(req.url),
    remoteAddress: text(req.socket?.remoteAddress) ?? text(req.address),
  };
}

/** The context types the guard authenticates; every other type is refused. */
export const SUPPORTED_CONTEXT_TYPES = ['http', 'graphql', 'ws'] as const;

function toHeaders(raw: RawHeaders | undefined): Headers | null {
  if (!raw) return null;
  if (raw instanceof Headers) return raw;
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(', '));
  }
  return headers;
}

/** The GraphQL context (`args[2]`) request: `req` (Apollo/Express, Mercurius) or `request` (Yoga). */
function graphqlRequest(context: ExecutionContext): UserHolder | null {
  const gql = context.getArgByIndex<{ req?: UserHolder; request?: UserHolder } | undefined>(2);
  return gql?.req ?? gql?.request ?? null;
}

/**
 * The headers a WebSocket client connected with: socket.io's `client.handshake.headers` (or its
 * `client.request`), or the upgrade request a `ws` gateway stored as `client.request` /
 * `client.upgradeReq` in `handleConnection(client, request)`.
 */
function socketSource(client: Record<string, unknown> | undefined): UserHolder | undefined {
  const sources = [client?.handshake, client?.request, client?.upgradeReq] as Array<UserHolder | undefined>;
  return sources.find((source) => source?.headers);
}

/**
 * Where the credentials of `context` are and where its user goes: the HTTP request, the request
 * in the GraphQL context, or the WebSocket client (user on the client, headers of its
 * handshake). Null when the context type is not supported or carries no headers.
 */
export function executionTarget(context: ExecutionContext): ExecutionTarget | null {
  const type = context.getType<string>();
  if (type === 'http') {
    const req = context.switchToHttp().getRequest<UserHolder>();
    const headers = toHeaders(req?.headers);
    return headers ? { headers, holder: req, request: factsOf(req) } : null;
  }
  if (type === 'graphql') {
    const req = graphqlRequest(context);
    const headers = toHeaders(req?.headers);
    return req && headers ? { headers, holder: req, request: factsOf(req) } : null;
  }
  if (type === 'ws') {
    const client = context.switchToWs().getClient<Record<string, unknown> & { user?: AuthenticatedUser }>();
    const source = socketSource(client);
    const headers = toHeaders(source?.headers);
    return client && headers ? { headers, holder: client, request: factsOf(source) } : null;
  }
  return null;
}

/**
 * The user the guard put on `context`'s holder (see {@link executionTarget}), for
 * `@CurrentUser()`.
 */
export function userOf(context: ExecutionContext): AuthenticatedUser | undefined {
  const type = context.getType<string>();
  if (type === 'graphql') return graphqlRequest(context)?.user;
  if (type === 'ws') return context.switchToWs().getClient<{ user?: AuthenticatedUser }>()?.user;
  return context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>()?.user;
}
