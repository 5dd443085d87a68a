// The cases of the differential test (verify-differential.test.ts): the forged-token catalogue
// and seeded generators of valid and invalid tokens, with the rules where our policy is stricter
// than jose. Deterministic: the same seed gives the same tokens.
import { createHmac, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { PublicJwk } from '../src/index.js';

export const ISS = 'https://auth.example.com';
export const AUD = 'https://api.example.com';
export const NOW = 1_800_000_000; // a fixed clock, seconds
export const TOLERANCE = 5;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const FORBIDDEN = ['jwk', 'jku', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'crit'];
/** `typ` spellings: accepted (any case, with or without `application/`) and refused ones. */
export const TYP_VARIANTS = [
  'at+jwt',
  'AT+JWT',
  'application/at+jwt',
  'Application/AT+JWT',
  'JWT',
  'jwt',
  'application/jwt',
  'at+jwt ',
  'application/at+jwt; q=1',
  'x/at+jwt',
  '',
  1,
  null,
];

const k1 = generateKeyPairSync('ed25519');
const k2 = generateKeyPairSync('ed25519');
const outsider = generateKeyPairSync('ed25519'); // not in any JWKS
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = (key: KeyObject, extra: Record<string, unknown>): PublicJwk => ({
  ...(key.export({ format: 'jwk' }) as { kty: string }),
  ...extra,
});
const TWO_KEYS = {
  keys: [
    jwk(k1.publicKey, { kid: 'k1', alg: 'EdDSA', use: 'sig' }),
    jwk(k2.publicKey, { kid: 'k2' }),
    jwk(rsa.publicKey, { kid: 'rsa', alg: 'RS256' }),
    jwk(outsider.publicKey, { kid: 'enc', use: 'enc' }),
  ],
};
const ONE_KEY = { keys: [jwk(k1.publicKey, { kid: 'k1', alg: 'EdDSA', use: 'sig' })] };

/** mulberry32: a seeded generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export const SEED = 20_260_101;
const rand = random(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const chance = (p: number) => rand() < p;
const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

const b64 = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64url');
const json = (value: unknown) => b64(JSON.stringify(value));
const signWith = (input: string, key: KeyObject) => b64(sign(null, Buffer.from(input), key));
const claims = (extra: Record<string, unknown> = {}) => ({
  sub: 'user-1',
  iss: ISS,
  aud: AUD,
  iat: NOW - 10,
  exp: NOW + 900,
  ...extra,
});
function token(
  payload: Record<string, unknown> | string = claims(),
  header: Record<string, unknown> | string = { alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' },
  key: KeyObject = k1.privateKey,
): string {
  const input = `${typeof header === 'string' ? header : json(header)}.${typeof payload === 'string' ? payload : json(payload)}`;
  return `${input}.${signWith(input, key)}`;
}

export interface Case {
  name: string;
  token: string;
  jwks: { keys: PublicJwk[] };
  /** Compare reasons too (a single, unambiguous fault). */
  reason?: boolean;
}

// ----- the oracle ---------------------------------------------------------------------------

export function lenientJson(segment: string | undefined): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The stricter rule of our policy that refuses this token, if any (see the file header). */
export function stricterRule(c: Case): string | null {
  const segments = c.token.split('.');
  const canonical = (s: string) => /^[A-Za-z0-9_-]*$/.test(s) && b64(Buffer.from(s, 'base64url')) === s;
  if (segments.length === 3 && !segments.every(canonical)) return 'canonical';
  const header = lenientJson(segments[0]);
  if (header && FORBIDDEN.some((name) => Object.hasOwn(header, name))) return 'forbidden';
  const payload = lenientJson(segments[1]);
  if (payload && Object.hasOwn(payload, 'sub') && typeof payload.sub !== 'string') return 'sub';
  return null;
}

// ----- the cases ---------------------------------------------------------------------------

function catalogue(): Case[] {
  const [h, p, s] = token().split('.') as [string, string, string];
  const hs256 = json({ alg: 'HS256', kid: 'k1' });
  const mac = createHmac('sha256', JSON.stringify(ONE_KEY.keys[0]))
    .update(`${hs256}.${p}`)
    .digest('base64url');
  const rs256 = json({ alg: 'RS256', kid: 'rsa' });
  const rsSig = b64(sign('sha256', Buffer.from(`${rs256}.${p}`), rsa.privateKey));
  const list: Array<[string, string, { keys: PublicJwk[] }?]> = [
    ['valid', token()],
    ['valid, aud array', token(claims({ aud: ['x', AUD] }))],
    ['alg none, empty signature', `${json({ alg: 'none', kid: 'k1' })}.${p}.`],
    ['alg none, some signature', `${json({ alg: 'none', kid: 'k1' })}.${p}.AAAA`],
    ['HS256 with the public key as secret', `${hs256}.${p}.${mac}`],
    ['RS256 with an RSA key in the set', `${rs256}.${p}.${rsSig}`, TWO_KEYS],
    [
      'EdDSA header naming the RSA key',
      token(claims(), { alg: 'EdDSA', kid: 'rsa', typ: 'at+jwt' }),
      TWO_KEYS,
    ],
    ['embedded jwk', token(claims(), { alg: 'EdDSA', kid: 'k1', jwk: ONE_KEY.keys[0] }, k1.privateKey)],
    [
      'embedded jwk of the attacker',
      token(claims(), { alg: 'EdDSA', jwk: jwk(outsider.publicKey, {}) }, outsider.privateKey),
    ],
    ['jku', token(claims(), { alg: 'EdDSA', kid: 'k1', jku: 'https://evil.example/jwks' })],
    ['x5u', token(claims(), { alg: 'EdDSA', kid: 'k1', x5u: 'https://evil.example/cert' })],
    ['x5c', token(claims(), { alg: 'EdDSA', kid: 'k1', x5c: ['MIIB'] })],
    ['crit b64', token(claims(), { alg: 'EdDSA', kid: 'k1', crit: ['b64'], b64: true })],
    ['crit unknown', token(claims(), { alg: 'EdDSA', kid: 'k1', crit: ['exp'], exp: 1 })],
    ['tampered payload', `${h}.${json(claims({ sub: 'admin' }))}.${s}`],
    ['tampered header', `${json({ alg: 'EdDSA', kid: 'k1', typ: 'JWT' })}.${p}.${s}`],
    ['signed by another key', token(claims(), { alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' }, k2.privateKey)],
    ['unknown kid', token(claims(), { alg: 'EdDSA', kid: 'nope', typ: 'at+jwt' })],
    ['no kid, one key', token(claims(), { alg: 'EdDSA', typ: 'at+jwt' })],
    ['no kid, several keys', token(claims(), { alg: 'EdDSA', typ: 'at+jwt' }), TWO_KEYS],
    ['second key', token(claims(), { alg: 'EdDSA', kid: 'k2', typ: 'at+jwt' }, k2.privateKey), TWO_KEYS],
    ['typ AT+JWT', token(claims(), { alg: 'EdDSA', kid: 'k1', typ: 'AT+JWT' })],
    ['typ application/at+jwt', token(claims(), { alg: 'EdDSA', kid: 'k1', typ: 'application/at+jwt' })],
    ['typ JWT (an ID token, say)', token(claims(), { alg: 'EdDSA', kid: 'k1', typ: 'JWT' })],
    ['typ application/jwt', token(claims(), { alg: 'EdDSA', kid: 'k1', typ: 'application/jwt' })],
    ['no typ', token(claims(), { alg: 'EdDSA', kid: 'k1' })],
    ['numeric typ', token(claims(), { alg: 'EdDSA', kid: 'k1', typ: 1 })],
    ['typ with a parameter', token(claims(), { alg: 'EdDSA', kid: 'k1', typ: 'application/at+jwt; q=1' })],
    ['expired', token(claims({ exp: NOW - 60, iat: NOW - 960 }))],
    ['expired within tolerance', token(claims({ exp: NOW - 3 }))],
    ['expired at the tolerance edge', token(claims({ exp: NOW - TOLERANCE }))],
    ['not yet valid', token(claims({ nbf: NOW + 600 }))],
    ['nbf within tolerance', token(claims({ nbf: NOW + TOLERANCE }))],
    ['issued in the future', token(claims({ iat: NOW + 600 }))],
    ['wrong issuer', token(claims({ iss: 'https://evil.example' }))],
    ['wrong audience', token(claims({ aud: 'https://other.example' }))],
    ['no audience', token(claims({ aud: undefined }))],
    ['no exp', token(claims({ exp: undefined }))],
    ['string exp', token(claims({ exp: String(NOW + 900) }))],
    ['string nbf', token(claims({ nbf: String(NOW) }))],
    ['numeric sub', token(claims({ sub: 42 }))],
    ['no sub', token(claims({ sub: undefined }))],
    ['padded header', `${h}=.${p}.${s}`],
    ['padded signature', `${h}.${p}.${s}=`],
    ['standard alphabet', token().replace(/-/g, '+').replace(/_/g, '/')],
    ['four parts', `${token()}.${s}`],
    ['two parts', `${h}.${p}`],
    ['empty', ''],
    ['short signature', `${h}.${p}.${s.slice(0, 40)}`],
    ['array header', token(claims(), json([1]))],
    ['array payload', token(json([claims()]))],
  ];
  return list.map(([name, t, set]) => ({ name, token: t, jwks: set ?? ONE_KEY, reason: true }));
}

function randomClaims(): Record<string, unknown> {
  const c: Record<string, unknown> = {
    sub: chance(0.97) ? `user-${int(1, 999)}` : pick([42, null, ['x']]),
    iss: chance(0.9) ? ISS : pick(['https://evil.example', `${ISS}/`, 7]),
    aud: chance(0.85) ? pick([AUD, [AUD], ['x', AUD]]) : pick(['https://other.example', [], ['x'], 5]),
    exp: chance(0.97) ? NOW + int(-120, 1800) : pick([undefined, `${NOW + 900}`, null]),
  };
  if (chance(0.7)) c.iat = NOW + int(-1000, 30);
  if (chance(0.3)) c.nbf = chance(0.95) ? NOW + int(-600, 30) : 'soon';
  if (chance(0.3)) c.email = `u${int(1, 99)}@example.com`;
  if (chance(0.2)) c.typ = pick(['at+jwt', 'JWT']);
  for (const key of Object.keys(c)) if (c[key] === undefined) delete c[key];
  return c;
}

function randomToken(): Case {
  const set = chance(0.7) ? ONE_KEY : TWO_KEYS;
  const [key, kid] = pick([
    [k1.privateKey, 'k1'],
    [k1.privateKey, 'k1'],
    [k2.privateKey, 'k2'],
    [outsider.privateKey, 'k1'],
    [k1.privateKey, undefined],
    [k1.privateKey, 'gone'],
  ] as const);
  const header: Record<string, unknown> = { alg: 'EdDSA', ...(kid ? { kid } : {}) };
  if (chance(0.85)) header.typ = 'at+jwt';
  else if (chance(0.8)) header.typ = pick(TYP_VARIANTS);
  return { name: 'random claims', token: token(randomClaims(), header, key), jwks: set };
}

function bitFlip(): Case {
  const t = randomToken().token;
  const flips = int(1, 3);
  const chars = [...t];
  for (let i = 0; i < flips; i++) {
    const at = int(0, chars.length - 1);
    if (chars[at] === '.') continue;
    const value = ALPHABET.indexOf(chars[at]!);
    chars[at] = chance(0.9) ? ALPHABET[value ^ (1 << int(0, 5))]! : pick(['+', '/', '=', ' ', '!', 'é']);
  }
  return { name: 'bit flip', token: chars.join(''), jwks: ONE_KEY };
}

/** Same bytes, other spellings: padding, standard alphabet, set unused bits; re-signed or not. */
function reEncoded(): Case {
  const header = { alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' };
  let headerBytes = Buffer.from(JSON.stringify(header));
  let payloadBytes = Buffer.from(JSON.stringify(claims({ jti: `j${int(0, 1e6)}` })));
  // lengths that leave a partial last group, so that unused bits exist
  if (chance(0.5)) headerBytes = Buffer.concat([headerBytes, Buffer.from(' '.repeat(int(0, 2)))]);
  if (chance(0.5)) payloadBytes = Buffer.concat([payloadBytes, Buffer.from(' '.repeat(int(0, 2)))]);
  const spell = (bytes: Buffer) => {
    const canonical = b64(bytes);
    switch (int(0, 5)) {
      case 0: {
        const padded = bytes.toString('base64');
        return padded.replace(/\+/g, '-').replace(/\//g, '_');
      }
      case 1:
        return bytes.toString('base64').replace(/=+$/, '');
      case 2: {
        if (canonical.length % 4 === 0) return canonical;
        const last = ALPHABET.indexOf(canonical.at(-1)!);
        return (
          canonical.slice(0, -1) + ALPHABET[last | (canonical.length % 4 === 2 ? int(1, 15) : int(1, 3))]
        );
      }
      default:
        return canonical;
    }
  };
  const h = chance(0.5) ? spell(headerBytes) : b64(headerBytes);
  const p = chance(0.5) ? spell(payloadBytes) : b64(payloadBytes);
  const input = `${h}.${p}`;
  const signature = sign(null, Buffer.from(input), k1.privateKey);
  const s = chance(0.5) ? spell(signature) : b64(signature);
  return { name: 're-encoded', token: `${input}.${s}`, jwks: ONE_KEY };
}

function headerVariant(): Case {
  const header: Record<string, unknown> = {
    alg: pick([
      'EdDSA',
      'EdDSA',
      'EdDSA',
      'none',
      'HS256',
      'RS256',
      'ES256',
      'Ed25519',
      'eddsa',
      '',
      7,
      undefined,
    ]),
  };
  if (chance(0.8)) header.kid = chance(0.9) ? pick(['k1', 'k2', 'x']) : pick([1, null, ['k1']]);
  header.typ = 'at+jwt';
  if (chance(0.3)) {
    const name = pick([...FORBIDDEN, 'typ', 'cty', 'b64', 'zip', 'enc']);
    header[name] =
      name === 'crit'
        ? pick([['b64'], ['exp'], [], 'b64'])
        : name === 'b64'
          ? pick([true, false])
          : name === 'typ'
            ? pick(TYP_VARIANTS)
            : name === 'jwk'
              ? ONE_KEY.keys[0]
              : 'x';
    if (name === 'crit' && chance(0.5)) header.b64 = true;
  }
  for (const key of Object.keys(header)) if (header[key] === undefined) delete header[key];
  const key = header.kid === 'k2' ? k2.privateKey : k1.privateKey;
  return {
    name: 'header variant',
    token: token(claims(), header, key),
    jwks: chance(0.5) ? ONE_KEY : TWO_KEYS,
  };
}

function oddPayload(): Case {
  const payload = pick([
    json([claims()]),
    json('text'),
    json(42),
    json(null),
    b64('{"sub":'),
    b64(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])), // invalid UTF-8
    b64(`\ufeff${JSON.stringify(claims())}`),
    json({ ...claims(), __proto__: { admin: true } }),
    b64(JSON.stringify(claims()).replace('"sub":"user-1"', '"sub":"user-1","sub":"admin"')),
    '',
  ]);
  return { name: 'odd payload', token: token(payload), jwks: ONE_KEY };
}

/** A valid token but for its `typ` spelling (or none): the reason must correspond too. */
function typVariant(): Case {
  const header: Record<string, unknown> = { alg: 'EdDSA', kid: 'k1' };
  if (chance(0.9)) header.typ = pick(TYP_VARIANTS);
  return { name: 'typ variant', token: token(claims(), header), jwks: ONE_KEY, reason: true };
}

/** One claim fault at a time: the reason must correspond too. */
function singleClaimFault(): Case {
  const fault = pick([
    { exp: NOW - int(TOLERANCE, 5000) },
    { nbf: NOW + int(TOLERANCE + 1, 5000) },
    { iat: NOW + int(TOLERANCE + 1, 5000) },
    { iss: `https://issuer-${int(0, 99)}.example` },
    { aud: `https://aud-${int(0, 99)}.example` },
    { exp: NOW + int(-TOLERANCE + 1, 5000) },
  ]);
  return { name: 'single claim fault', token: token(claims(fault)), jwks: ONE_KEY, reason: true };
}

export function cases(): Case[] {
  const all = catalogue();
  const add = (n: number, make: () => Case) => {
    for (let i = 0; i < n; i++) all.push(make());
  };
  add(1200, randomToken);
  add(1200, bitFlip);
  add(600, reEncoded);
  add(800, headerVariant);
  add(100, oddPayload);
  add(300, singleClaimFault);
  add(200, typVariant);
  return all;
}
