import { setRemoteAddress } from '@mana/internal';
import { compileErrors, validate } from '@readme/openapi-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { ManaAuthConfigError } from '../src/errors.js';
import { createAuthApi } from '../src/rest-api/auth-api.js';
import type { LoginResponse } from '../src/rest-api/index.js';
import { REST_ROUTES } from '../src/rest-api/routes.js';
import { type AuthTestContext, BASE_URL, PASSWORD, setupAuthTest } from './harness.js';

let t: AuthTestContext;
beforeAll(async () => {
  t = await setupAuthTest();
});
afterAll(() => t.close());

const mailSender = async () => {};
const json = () => ({ origin: BASE_URL, 'content-type': 'application/json' });

async function post(
  handler: (r: Request) => Promise<Response>,
  path: string,
  body: unknown,
  ip: string,
  basePath = '/api/v1/auth',
) {
  const request = new Request(`${BASE_URL}${basePath}${path}`, {
    method: 'POST',
    headers: json(),
    body: JSON.stringify(body),
  });
  // `ip` is the socket address, as an adapter records it.
  const response = await handler(setRemoteAddress(request, ip));
  const text = await response.text();
  const parsed = (text ? JSON.parse(text) : null) as { error: { code: string } };
  return { status: response.status, headers: response.headers, body: parsed };
}

async function register(handler: (r: Request) => Promise<Response>, ip: string): Promise<string> {
  const email = `plugin${Date.now()}${Math.random().toString(36).slice(2, 6)}@example.com`;
  expect((await post(handler, '/register', { email, password: PASSWORD, name: 'P' }, ip)).status).toBe(201);
  return email;
}

describe('REST API plugin: OpenAPI document', () => {
  it('serves a valid OpenAPI 3.1 document at <basePath>/openapi.json listing every REST route', async () => {
    const api = createAuthApi(t.makeAuth({ mailSender, restApi: { version: '2.3.4' } }));
    const response = await api(new Request(`${BASE_URL}/api/v1/auth/openapi.json`));
    expect(response.status).toBe(200);
    const document = (await response.json()) as OpenAPIV3_1.Document;

    const result = await validate(structuredClone(document) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.version).toBe('2.3.4');
    expect(document.servers?.[0]?.url).toBe(`${BASE_URL}/api/v1/auth`);

    const routes = Object.entries(REST_ROUTES);
    expect(routes.map(([, r]) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /login', 'DELETE /sessions/:id', 'POST /password/forgot', 'GET /health']),
    );
    for (const [name, route] of routes) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      const operation = document.paths?.[path]?.[route.method.toLowerCase() as 'get' | 'post' | 'delete'];
      expect(operation, `${route.method} ${path}`).toBeDefined();
      expect(operation?.operationId).toBe(name);
      const body = (operation?.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content[
        'application/json'
      ];
      expect(Boolean(body?.schema), `${path} request body`).toBe('body' in route);
      for (const status of Object.keys(route.responses)) expect(operation?.responses?.[status]).toBeDefined();
      expect(operation?.responses?.default).toMatchObject({
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      });
    }
    const login = document.paths?.['/login']?.post?.requestBody as OpenAPIV3_1.RequestBodyObject;
    expect(login.content['application/json']?.schema).toMatchObject({
      type: 'object',
      required: ['email', 'password'],
      additionalProperties: false,
      properties: { rememberMe: { type: 'boolean' }, deviceId: { type: 'string', maxLength: 200 } },
    });
    const ok = document.paths?.['/login']?.post?.responses?.['200'] as OpenAPIV3_1.ResponseObject;
    expect(ok.content?.['application/json']?.schema).toMatchObject({
      required: expect.arrayContaining(['user', 'session', 'accessToken', 'tokenType', 'expiresIn']),
    });
  });
});

describe('REST API plugin: endpoints on auth.api', () => {
  it('signs in with auth.api.login in-process, typed, through the same hooks as HTTP', async () => {
    const auth = t.makeAuth({ mailSender });
    const email = await register(createAuthApi(auth), '192.0.2.60');
    // In-process callers pass the client IP under the instance's own IP header.
    const [ipHeader] = auth.options.advanced.ipAddress.ipAddressHeaders;
    const result = await auth.api.login({
      body: { email, password: PASSWORD, rememberMe: true },
      headers: new Headers({ [ipHeader!]: '192.0.2.61', 'user-agent': 'server/1' }),
    });
    expectTypeOf(result).toEqualTypeOf<LoginResponse>();
    expect(result).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: auth.settings.accessTokenTtlSeconds,
      user: { email },
      session: { rememberMe: true, ipAddress: '192.0.2.61', userAgent: 'server/1' },
    });
    expect(result.accessToken.split('.')).toHaveLength(3);
    // The remember-me hook ran for the inner sign-in: a 30-day session row.
    const [row] = await t.database.query<{ remember_me: boolean }>(
      'SELECT remember_me FROM auth.sessions WHERE id = $1',
      [result.session.id],
    );
    expect(row?.remember_me).toBe(true);
  });

  it('throws the REST error shape from auth.api for a bad body or bad credentials', async () => {
    const auth = t.makeAuth({ mailSender });
    await expect(auth.api.login({ body: { email: 'not-an-email', password: 'x' } })).rejects.toMatchObject({
      statusCode: 400,
      body: { error: { code: 'VALIDATION_FAILED', details: [{ path: 'email' }] } },
    });
    await expect(
      auth.api.login({ body: { email: `nobody${Date.now()}@example.com`, password: 'wrong-password-1' } }),
    ).rejects.toMatchObject({ statusCode: 401, body: { error: { code: 'INVALID_CREDENTIALS' } } });
  });

  it('runs the login lockout hook on the inner sign-in: 429 ACCOUNT_TEMPORARILY_LOCKED with Retry-After', async () => {
    const auth = t.makeAuth({
      mailSender,
      loginLockout: { maxFailuresPerAccountAndIp: 3 },
    });
    const api = createAuthApi(auth);
    const email = await register(api, '192.0.2.70');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await post(api, '/login', { email, password: 'wrong-password-1' }, '192.0.2.71')).status,
      );
    }
    const locked = await post(api, '/login', { email, password: PASSWORD }, '192.0.2.71');
    expect(statuses).toEqual([401, 401, 401]);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('ACCOUNT_TEMPORARILY_LOCKED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('REST API plugin: limits, settings and options', () => {
  it('limits /login like /sign-in/* in its own bucket: no forwarded call consumes the sign-in limit', async () => {
    const auth = t.makeAuth({
      mailSender,
      rateLimit: {},
      loginLockout: false,
    });
    const api = createAuthApi(auth);
    const ip = '192.0.2.80';
    const ghost = `ghost${Date.now()}@example.com`;
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await post(api, '/login', { email: ghost, password: 'wrong-password-1' }, ip)).status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    const refused = await post(api, '/login', { email: ghost, password: 'x' }, ip);
    expect(refused.body).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Ten facade logins went through in-process: the Better Auth route's own bucket is untouched.
    const direct = await post(api, '/sign-in/email', { email: ghost, password: 'wrong-password-1' }, ip);
    expect(direct.status).toBe(401);
  });

  it('mounts at the configured base path and says so on the handler', async () => {
    const auth = t.makeAuth({ mailSender, basePath: '/auth' });
    const api = createAuthApi(auth);
    expect(api.settings?.basePath).toBe('/auth');
    expect((await api(new Request(`${BASE_URL}/auth/health`))).status).toBe(200);
    expect(
      (await post(api, '/login', { email: 'a@example.com' }, '192.0.2.90', '/auth')).body.error.code,
    ).toBe('VALIDATION_FAILED');
    expect((await api(new Request(`${BASE_URL}/api/v1/auth/health`))).status).toBe(404);
  });

  it('takes its options from createAuth (restApi) and validates them', async () => {
    const auth = t.makeAuth({
      mailSender,
      restApi: { isTrustedServer: (request) => request.headers.get('x-api-key') === 'k' },
    });
    const api = createAuthApi(auth);
    const email = await register(api, '192.0.2.95');
    const login = await api(
      setRemoteAddress(
        new Request(`${BASE_URL}/api/v1/auth/login`, {
          method: 'POST',
          headers: { ...json(), 'x-api-key': 'k', 'x-mana-client-ip': '192.0.2.96' },
          body: JSON.stringify({ email, password: PASSWORD, ipAddress: '198.51.100.4', userAgent: 'App/9' }),
        }),
        '192.0.2.95',
      ),
    );
    expect(((await login.json()) as LoginResponse).session).toMatchObject({
      ipAddress: '198.51.100.4',
      userAgent: 'App/9',
    });
    expect(() => t.makeAuth({ restApi: { resetPasswordUrl: 'reset' } })).toThrow(ManaAuthConfigError);
    expect(() => t.makeAuth({ restApi: { resetPasswordUrl: 'reset' } })).toThrow(/restApi\.resetPasswordUrl/);
  });
});
