// A small, real HTTP server that behaves like a Mana Auth service (or like a broken one), for
// the CLI tests. It signs login tokens with a real Ed25519 key and publishes that key.
import { generateKeyPairSync, type JsonWebKey, type KeyObject, randomUUID, sign } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { CookieJar } from '@mana/internal';
import { readmeHeaderPolicy } from './readme-headers.js';

/** The spec's seven headers, as a correct server sends them (the README's table). */
export const SPEC_HEADERS: Record<string, string> = readmeHeaderPolicy();

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: JsonWebKey & { kid: string; alg: 'EdDSA'; use: 'sig' };
}

/** A fresh Ed25519 key pair with its public JWK (kid, alg, use set). */
export function createSigningKey(): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const kid = randomUUID();
  return {
    kid,
    privateKey,
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' },
  };
}

/** An EdDSA-signed JWT. */
export function signJwt(key: SigningKey, payload: Record<string, unknown>, kid = key.kid): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'EdDSA', typ: 'JWT', kid })}.${encode(payload)}`;
  return `${input}.${sign(null, Buffer.from(input), key.privateKey).toString('base64url')}`;
}

export interface AuthServerOptions {
  key?: SigningKey;
  /** Header overrides: a string replaces the value, null removes the header. */
  headers?: Record<string, string | null>;
  /** JWKS body to serve instead of the real public key. */
  jwks?: unknown;
  /** Delay every answer by this many milliseconds. */
  delayMs?: number;
  /** Status of GET /health (body {"status":"error"} when >= 500). */
  healthStatus?: number;
  /** Body of GET /health. */
  healthBody?: unknown;
  /** Accepted monitoring account. */
  account?: { email: string; password: string };
  /** Origin accepted on POST requests (like Better Auth's trusted origins). Default: the request's own host. */
  trustedOrigin?: string;
  /** Sign login tokens with this key instead (to simulate an unpublished key). */
  tokenKey?: SigningKey;
}

/** Counts what the server saw, so tests can assert logins and logouts. */
export interface AuthServerStats {
  logins: number;
  logouts: number;
  lastLoginBody: unknown;
}

export function createAuthHandler(options: AuthServerOptions = {}, stats?: AuthServerStats): RequestListener {
  const key = options.key ?? createSigningKey();
  return (req, res) => {
    const send = (status: number, body: unknown, extra: Record<string, string> = {}) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...extra };
      for (const [name, value] of Object.entries(SPEC_HEADERS)) headers[name] = value;
      for (const [name, value] of Object.entries(options.headers ?? {})) {
        if (value === null) delete headers[name];
        else headers[name] = value;
      }
      const answer = () => {
        res.writeHead(status, headers);
        res.end(JSON.stringify(body));
      };
      if (options.delayMs) setTimeout(answer, options.delayMs);
      else answer();
    };
    void route(req, res, send, key, options, stats);
  };
}

async function route(
  req: IncomingMessage,
  _res: ServerResponse,
  send: (status: number, body: unknown, extra?: Record<string, string>) => void,
  key: SigningKey,
  options: AuthServerOptions,
  stats?: AuthServerStats,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (req.method === 'GET' && path === '/api/v1/auth/health') {
    const status = options.healthStatus ?? 200;
    return send(
      status,
      options.healthBody ??
        (status >= 500 ? { status: 'error', error: 'database unreachable' } : { status: 'ok' }),
    );
  }
  if (req.method === 'GET' && path === '/api/v1/auth/jwks')
    return send(200, options.jwks ?? { keys: [key.publicJwk] });
  if (req.method === 'POST' && path === '/api/v1/auth/login') {
    const body = JSON.parse((await readBody(req)) || '{}') as { email?: string; password?: string };
    if (stats) {
      stats.logins++;
      stats.lastLoginBody = body;
    }
    if (!originTrusted(req, options)) return send(403, originError(req));
    const account = options.account;
    if (!account || body.email !== account.email || body.password !== account.password) {
      return send(401, { error: { code: 'INVALID_CREDENTIALS', message: 'Invalid email or password' } });
    }
    const now = Math.floor(Date.now() / 1000);
    const accessToken = signJwt(options.tokenKey ?? key, { sub: 'monitor', iat: now, exp: now + 900 });
    return send(
      200,
      { user: { id: 'monitor', email: body.email }, accessToken, token: 'opaque-session-token' },
      { 'set-cookie': 'mana.session=abc; Path=/; HttpOnly' },
    );
  }
  if (req.method === 'POST' && path === '/api/v1/auth/logout') {
    if (!originTrusted(req, options)) return send(403, originError(req));
    const ok =
      req.headers.authorization === 'Bearer opaque-session-token' &&
      new CookieJar(req.headers.cookie).get('mana.session') === 'abc';
    if (stats && ok) stats.logouts++;
    return send(
      ok ? 200 : 401,
      ok ? { success: true } : { error: { code: 'UNAUTHORIZED', message: 'no session' } },
    );
  }
  return send(404, { error: { code: 'NOT_FOUND', message: 'Not found' } });
}

// Like Better Auth: state-changing requests need an Origin the service trusts.
function originTrusted(req: IncomingMessage, options: AuthServerOptions): boolean {
  return req.headers.origin === (options.trustedOrigin ?? `http://${req.headers.host}`);
}

function originError(req: IncomingMessage) {
  return {
    error: { code: 'FORBIDDEN', message: req.headers.origin ? 'Invalid origin' : 'Missing or null Origin' },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}
