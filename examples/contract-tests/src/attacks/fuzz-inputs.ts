/**
 * The fuzzer's generator (attacks/fuzz.ts): deterministic bad requests from a seed, built from
 * tables of hostile pieces (paths, percent-encodings, queries, headers, cookies, bodies). The
 * same seed always yields the same requests, so a failure names the seed and case to replay.
 */

/** One generated request (only what `node:http` can put on the wire; see fuzz.ts). */
export interface FuzzCase {
  index: number;
  /** What was mutated, for the failure message. */
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body?: string;
}

/** What the generator may use from a signed-in victim: valid values to mutate. */
export interface FuzzMaterial {
  /** The victim's `Cookie` header. */
  cookie: string;
  /** A valid access token. */
  accessToken: string;
  /** The server's own origin, for a trusted `Origin`. */
  origin: string;
}

/** mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AUTH = '/api/v1/auth';

/** Every route family: the REST facade, Better Auth's own, the resource route, unknown paths. */
export const FUZZ_ROUTES: readonly string[] = [
  ...['/register', '/login', '/logout', '/refresh', '/session', '/sessions', '/sessions/abc'].map(
    (p) => AUTH + p,
  ),
  ...['/password/change', '/password/forgot', '/password/reset', '/health', '/openapi.json'].map(
    (p) => AUTH + p,
  ),
  ...[
    '/sign-in/email',
    '/sign-up/email',
    '/get-session',
    '/list-sessions',
    '/update-user',
    '/change-email',
  ].map((p) => AUTH + p),
  ...[
    '/token',
    '/jwks',
    '/revoke-session',
    '/reset-password/tok',
    '/request-password-reset',
    '/sign-out',
  ].map((p) => AUTH + p),
  ...['/change-password', '/delete-user', '/ok', '/error', '/nope'].map((p) => AUTH + p),
  AUTH,
  '/api/v1/me',
  '/api/v1/nope',
  '/',
];

const METHODS = ['GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD'];

const BAD_SEGMENTS = [
  '%ZZ',
  '%E2%82',
  '%C0%AF',
  '%ED%A0%80',
  '%',
  '%%',
  '%0',
  '%00',
  '%0A%0D',
  '%2F..%2F',
  '..',
  '.',
  '%2e%2e',
  '%FF%FE',
  '%F0%9F%98',
  '%u0041',
  '%25ZZ',
  '~',
  '%C3%28',
  ';a=b',
  '%3B',
  '%3F',
  '%23',
  'a'.repeat(2000),
  '%41'.repeat(600),
  '__proto__',
  'constructor',
  'prototype',
  '%5B%5D',
];

const QUERIES = [
  '?a=%ZZ',
  '?%E2%82=1',
  '?callbackURL=javascript:alert(1)',
  '?callbackURL=%2F%2Fevil.example',
  '?callbackURL=http://evil.example',
  '?token=%E2%82',
  '?a=1&a=2&a=3',
  '?__proto__[x]=1',
  '?constructor[prototype][x]=1',
  `?q=${'x'.repeat(4000)}`,
  '?=',
  '?&&&',
  '?a',
  '?disableCookieCache=yes',
  '?disableRefresh=%00',
  '?redirectTo=%0d%0aSet-Cookie:x=1',
  '?a[b][c][d][e]=1',
  '?token=',
];

const CONTROL = '\u0001\u0002\u0007\u001b[31m\u007f\u0000\u2028\u2029\ud800';

const VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  Number.MAX_VALUE,
  Number.MAX_SAFE_INTEGER,
  1.5,
  '',
  ' ',
  'x'.repeat(5000),
  CONTROL,
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '\u0024{jndi:ldap://x}',
  [],
  [1, 2],
  {},
  { $gt: '' },
  JSON.parse('{"__proto__":{"admin":true}}'),
  'a@b',
  'test@example.com\r\nBcc: x@y',
  '\ud83d',
  '../../etc/passwd',
];

const FIELDS = [
  'email',
  'password',
  'name',
  'rememberMe',
  'currentPassword',
  'newPassword',
  'token',
  'newEmail',
  'callbackURL',
  'image',
  'revokeOtherSessions',
  'deviceId',
  'ipAddress',
  'userAgent',
  'redirectTo',
];

const CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/json;;;',
  'APPLICATION/JSON',
  'application/xml',
  '',
  'application/jsonx',
  'application/json, text/plain',
];

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

function jsonBody(random: Random): string {
  const body: Record<string, unknown> = {};
  const count = 1 + Math.floor(random() * 4);
  for (let i = 0; i < count; i++) body[pick(random, FIELDS)] = pick(random, VALUES);
  return JSON.stringify(body);
}

const RAW_BODIES: readonly ((random: Random) => string)[] = [
  jsonBody,
  () => '{"email":"a@example.com","email":"b@example.com","password":"x","password":1}',
  () => '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},"email":"a@example.com"}',
  () => `${'['.repeat(5000)}${']'.repeat(5000)}`,
  () => `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`,
  () => '{"email":',
  () => 'not json at all',
  () => '\u0000\u0001\u0002',
  () => '',
  () => 'null',
  () => '[]',
  () => '"string"',
  () => '1e999999',
  () => `{"name":"${'n'.repeat(15_000)}"}`,
  () => `{"name":"${'n'.repeat(40_000)}"}`,
  () => '{"email":"\\ud800","password":"\\u0000"}',
  () => '\ufeff{"email":"a@example.com"}',
  () => '{"email":"a@example.com"} trailing',
];

const BAD_TOKENS = (token: string): string[] => [
  '',
  ' ',
  'a.b.c',
  `${token}x`,
  token.slice(0, -3),
  `${token}==`,
  token.replace(/-/g, '+').replace(/_/g, '/'),
  `${token.split('.').slice(0, 2).join('.')}.`,
  'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  'x'.repeat(6000),
  `${token} ${token}`,
  '%ZZ',
  '\u00ff\u00fe',
];

function badHeaders(random: Random, material: FuzzMaterial): Record<string, string | string[]> {
  const token = pick(random, BAD_TOKENS(material.accessToken));
  const choices: (() => Record<string, string | string[]>)[] = [
    () => ({ authorization: `Bearer ${token}` }),
    () => ({
      authorization: pick(random, ['Basic Zm9vOmJhcg==', 'Bearer', 'bearer  x', 'Negotiate x', 'Bearer\tx']),
    }),
    () => ({ authorization: [`Bearer ${material.accessToken}`, `Bearer ${token}`] }),
    () => ({ cookie: `${material.cookie}; ${material.cookie}` }),
    () => ({ cookie: material.cookie.replace(/=([^;]{4})/g, '=%ZZ$1') }),
    () => ({ cookie: `better-auth.session_token=${token}; better-auth.session_data=${token}` }),
    () => ({ cookie: `${'c'.repeat(50)}=${'v'.repeat(3000)}` }),
    () => ({ cookie: Array.from({ length: 200 }, (_, i) => `k${i}=v`).join('; ') }),
    () => ({ cookie: 'a=\u00ff\u00fe; =; ;;; b' }),
    () => ({ origin: pick(random, ['null', 'http://evil.example', '', 'file://', 'http://127.0.0.1:1']) }),
    () => ({ origin: [material.origin, 'http://evil.example'] }),
    () => ({ 'content-type': ['application/json', 'text/plain'] }),
    () => ({ 'x-forwarded-for': pick(random, ['1.2.3.4, ::1', 'garbage', '999.1.1.1', '%ZZ']) }),
    () => ({ 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'gopher' }),
    () => ({ 'user-agent': `ua\u0080\u00ff${'u'.repeat(4000)}` }),
    () => ({ 'x-huge': 'h'.repeat(7000) }),
    () => ({ accept: 'text/html', 'accept-encoding': 'gzip, br;q=2, *;q=-1' }),
    () => ({ range: 'bytes=0-1,5-', 'if-none-match': '*' }),
    () => ({ expect: '100-continue' }),
    () => ({ 'content-length': '0' }),
  ];
  return pick(random, choices)();
}

/** The victim's cookie on half the cases, never on sign-out (which would end the session). */
function withCookie(random: Random, material: FuzzMaterial, route: string): Record<string, string> {
  const signsOut = /\/(sign-out|logout)$/.test(route);
  return random() < 0.5 && !signsOut
    ? { cookie: material.cookie, origin: material.origin }
    : { origin: material.origin };
}

/** One generated case, from the kind chosen by `random`. */
function generate(index: number, random: Random, material: FuzzMaterial): FuzzCase {
  const route = pick(random, FUZZ_ROUTES);
  const method = pick(random, METHODS);
  const roll = random();
  const base = { index, method, headers: withCookie(random, material, route) };
  if (roll < 0.2) {
    const cut = route.lastIndexOf('/');
    const path = `${route.slice(0, cut + 1)}${pick(random, BAD_SEGMENTS)}${random() < 0.3 ? `/${pick(random, BAD_SEGMENTS)}` : ''}`;
    return { ...base, kind: 'path', path };
  }
  if (roll < 0.35) return { ...base, kind: 'query', path: `${route}${pick(random, QUERIES)}` };
  if (roll < 0.6)
    return {
      ...base,
      kind: 'headers',
      path: route,
      headers: { ...base.headers, ...badHeaders(random, material) },
    };
  const body = pick(random, RAW_BODIES)(random);
  const type = random() < 0.7 ? 'application/json' : pick(random, CONTENT_TYPES);
  const bodyMethod = method === 'GET' || method === 'HEAD' ? 'POST' : method;
  return {
    ...base,
    kind: 'body',
    method: bodyMethod,
    path: route,
    headers: { ...base.headers, ...(type ? { 'content-type': type } : {}) },
    body,
  };
}

/** `count` cases from `seed`; the same seed and material always give the same cases. */
export function fuzzCases(seed: number, count: number, material: FuzzMaterial): FuzzCase[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => generate(index, random, material));
}
