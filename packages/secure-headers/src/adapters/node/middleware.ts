import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { isPlainHttpLocalhost } from '../../loopback.js';
import { generateNonce } from '../../nonce.js';
import type { CompiledPolicy } from '../../policy/compile-policy.js';
import type { SecureHeadersOptions, SecureHeadersOverrides } from '../../policy/options.js';
import { compiledOf, type SecureHeaders, toPolicy } from '../../secure-headers.js';
import { applyToNodeResponse } from './header-table.js';

const STATE = Symbol.for('@mana/secure-headers.node-state');

type WriteHead = ServerResponse['writeHead'];

interface NodeState {
  policy: CompiledPolicy;
  nonce: string | undefined;
  writeHead: WriteHead;
}

type SecuredResponse = ServerResponse & { [STATE]?: NodeState; locals?: unknown };

/**
 * A Connect/Express-style middleware: `(req, res, next)`. `next` is optional, so it can also be
 * called at the top of a plain `http.createServer` handler.
 *
 * @example
 * ```ts
 * const middleware: NodeMiddleware = (req, res, next) => next?.();
 * ```
 */
export type NodeMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
) => void;

/**
 * The middleware returned by {@link secureHeaders}, with its policy and a per-route override factory.
 *
 * @example
 * ```ts
 * const headers: SecureHeadersMiddleware = secureHeaders();
 * app.get('/embed', headers.route({ xFrameOptions: false }), handler);
 * ```
 */
export interface SecureHeadersMiddleware extends NodeMiddleware {
  /** The compiled policy this middleware applies. */
  readonly policy: SecureHeaders;
  /** A middleware for one route: the overrides merged into this policy, compiled now. */
  route(overrides: SecureHeadersOverrides): SecureHeadersMiddleware;
}

function isSecure(req: IncomingMessage): boolean {
  return (req.socket as TLSSocket | undefined)?.encrypted === true;
}

function forRequest(compiled: CompiledPolicy, req: IncomingMessage): CompiledPolicy {
  const variant = compiled.plainHttpLocalhost;
  if (variant === undefined) return compiled;
  const proto = req.headers['x-forwarded-proto'];
  return isPlainHttpLocalhost(isSecure(req), req.headers.host, Array.isArray(proto) ? proto[0] : proto)
    ? variant
    : compiled;
}

/** Merges headers passed straight to writeHead, so the policy still has the last word. */
function mergeExplicit(res: ServerResponse, headers: unknown): void {
  if (Array.isArray(headers)) {
    if (Array.isArray(headers[0])) for (const [k, v] of headers as [string, string][]) res.setHeader(k, v);
    else
      for (let i = 0; i + 1 < headers.length; i += 2)
        res.setHeader(headers[i] as string, headers[i + 1] as string);
  } else if (headers && typeof headers === 'object') {
    for (const [k, v] of Object.entries(headers)) if (v !== undefined) res.setHeader(k, v as string);
  }
}

function secureWriteHead(
  this: SecuredResponse,
  statusCode: number,
  reason?: unknown,
  headers?: unknown,
): ServerResponse {
  const state = this[STATE]!;
  const explicit = typeof reason === 'string' ? headers : reason;
  if (explicit !== undefined && !this.headersSent) mergeExplicit(this, explicit);
  if (!this.headersSent) applyToNodeResponse(state.policy, this, state.nonce);
  const original = state.writeHead as (this: ServerResponse, code: number, reason?: string) => ServerResponse;
  return typeof reason === 'string'
    ? original.call(this, statusCode, reason)
    : original.call(this, statusCode);
}

function install(compiled: CompiledPolicy, req: IncomingMessage, res: SecuredResponse): void {
  const policy = forRequest(compiled, req);
  let state = res[STATE];
  if (state === undefined) {
    state = { policy, nonce: compiled.usesNonce ? generateNonce() : undefined, writeHead: res.writeHead };
    res[STATE] = state;
    res.writeHead = secureWriteHead as WriteHead;
  } else {
    state.policy = policy;
    if (compiled.usesNonce && state.nonce === undefined) state.nonce = generateNonce();
  }
  if (state.nonce !== undefined && typeof res.locals === 'object' && res.locals !== null) {
    (res.locals as Record<string, unknown>).cspNonce = state.nonce;
  }
}

/**
 * Security headers for Node `http`, Express, Connect and anything else built on
 * `(req, res, next)`. Headers are set when the response head is written, so they reach every
 * response: your routes, 404s, error pages, and responses sent by middleware mounted after this
 * one. Mount it first. A second `secureHeaders()` or `.route()` further down the chain replaces
 * the policy for the requests it sees (the last one to run wins); all share one nonce.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { secureHeaders } from '@mana/secure-headers/express';
 *
 * const headers = secureHeaders();
 * const app = express();
 * app.use(headers);
 * app.get('/widget', headers.route({ contentSecurityPolicy: { frameAncestors: ['https://partner.example'] }, xFrameOptions: false }), widget);
 * ```
 */
export function secureHeaders(
  policyOrOptions?: SecureHeaders | SecureHeadersOptions,
): SecureHeadersMiddleware {
  const policy = toPolicy(policyOrOptions);
  const compiled = compiledOf(policy);
  const middleware = function secureHeadersMiddleware(req, res, next) {
    install(compiled, req, res as SecuredResponse);
    if (next) next();
  } as NodeMiddleware;
  return Object.assign(middleware, {
    policy,
    route: (overrides: SecureHeadersOverrides) => secureHeaders(policy.override(overrides)),
  });
}

/**
 * The nonce of this response (also at `res.locals.cspNonce` in Express), or `undefined` when the
 * policy uses none.
 *
 * @example
 * ```ts
 * app.get('/', (req, res) => {
 *   res.send(`<script nonce="${cspNonce(res)}">start()</script>`);
 * });
 * ```
 */
export function cspNonce(res: ServerResponse): string | undefined {
  return (res as SecuredResponse)[STATE]?.nonce;
}
