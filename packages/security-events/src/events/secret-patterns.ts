/**
 * The replacement of a redacted value.
 *
 * @example
 * ```ts
 * metadata.password === REDACTED; // after sanitising
 * ```
 */
export const REDACTED = '[REDACTED]';

// Compared against the key lower-cased with every non-alphanumeric character removed.
const SECRET_KEY_PARTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'cookie',
  'authorization',
  'apikey',
  'accesskey',
  'privatekey',
  'sessionid',
  'sessionkey',
  'credential',
];
const SECRET_KEY_SUFFIXES = ['pwd', 'otp', 'jwt', 'pin'];
const SECRET_KEY_EXACT = new Set(['auth', 'bearer', 'sid', 'code', 'hash', 'salt']);

/**
 * Builds the predicate that says whether a metadata key names a secret: the built-in list
 * (password, token, secret, cookie, authorization, api key, session id, credential, ...) plus
 * the caller's extra names (matched the same way) and regular expressions.
 *
 * @example
 * ```ts
 * const isSecret = secretKeyMatcher(['ssn']);
 * isSecret('newPassword'); // true
 * isSecret('X-Session-Id'); // true
 * isSecret('deviceId'); // false
 * ```
 */
export function secretKeyMatcher(extra: ReadonlyArray<string | RegExp> = []): (key: string) => boolean {
  const parts = [
    ...SECRET_KEY_PARTS,
    ...extra.filter((e): e is string => typeof e === 'string').map(normalize),
  ];
  const patterns = extra.filter((e): e is RegExp => e instanceof RegExp);
  const cache = new Map<string, boolean>();
  return (key) => {
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const k = normalize(key);
    const secret =
      SECRET_KEY_EXACT.has(k) ||
      parts.some((part) => part.length > 0 && k.includes(part)) ||
      SECRET_KEY_SUFFIXES.some((suffix) => k.endsWith(suffix)) ||
      patterns.some((pattern) => pattern.test(key));
    if (cache.size < 1000) cache.set(key, secret);
    return secret;
  };
}

function normalize(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)?/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;
const SECRET_ASSIGNMENT =
  /([\w.-]*(?:token|session|secret|passw(?:or)?d|sid|code|key|signature|sig|auth)[\w.-]*=)[^;&#\s]+/gi;

/**
 * Redacts secrets found inside a string value whatever its key: JWTs and JWEs, `Bearer` and
 * `Basic` credentials, PEM private keys, and `name=value` pairs whose name looks secret (the
 * `token` of a reset link, a `session_token` cookie).
 *
 * @example
 * ```ts
 * redactSecretsInText('https://app.test/reset?token=abc123&lang=en');
 * // 'https://app.test/reset?token=[REDACTED]&lang=en'
 * ```
 */
export function redactSecretsInText(text: string): string {
  let out = text;
  if (out.includes('eyJ')) out = out.replace(JWT, REDACTED);
  if (/bearer|basic/i.test(out)) out = out.replace(BEARER, `$1 ${REDACTED}`);
  if (out.includes('PRIVATE KEY')) out = out.replace(PRIVATE_KEY, REDACTED);
  if (out.includes('=')) out = out.replace(SECRET_ASSIGNMENT, `$1${REDACTED}`);
  return out;
}
