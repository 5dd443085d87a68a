/**
 * The redaction step every log entry goes through before any logger sees it (docs/configuration.md,
 * "Logging"): values under secret-bearing keys, and token-shaped text anywhere, become
 * {@link REDACTED}. Deliberately over-eager: a log line that lost an id is a nuisance, a log line
 * that holds a session token is an incident.
 */

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

// Keys whose values are secrets whatever they look like (compared without case, `-` or `_`).
const SECRET_KEY =
  /passw(or)?d|passphrase|^pass$|^pwd$|secret|token|authorization|cookie|session(id)?$|apikey|privatekey|credential|jwt|^otp$|signature|^(key|sig|sid|jti)$/;

// Keys whose values are identifiers the operator needs and never secrets: only the URL-password
// rule applies to them, not the opaque-token one.
const PLAIN_KEYS = new Set(['event', 'source', 'level', 'time', 'kid', 'code', 'reason', 'path', 'method']);

const TEXT_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // JWS/JWE compact serialisations (a JWT always starts with a base64url `{"`).
  [/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*){0,3}/g, REDACTED],
  // Authorization schemes.
  [/\b(Bearer|Basic|Token|Digest)\s+[^\s,;"']+/gi, `$1 ${REDACTED}`],
  // Passwords inside URLs (postgres://user:secret@host, redis://:secret@host).
  [/([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*):[^/\s@]*@/gi, `$1:${REDACTED}@`],
  // Reset and verification links carry their token in the path.
  [/(\/(?:reset-password|verify-email|magic-link|verify)\/)[^/?\s#"']+/gi, `$1${REDACTED}`],
  // Secret-looking query parameters.
  [/([?&#;](?:[a-z_]*token|code|password|secret|key|sig|signature|otp)=)[^&\s#"']+/gi, `$1${REDACTED}`],
  // Cookie and Set-Cookie header text.
  [/\b((?:set-)?cookie:\s*)[^\n]+/gi, `$1${REDACTED}`],
  // Cookies by their usual names (`better-auth.session_token=...`, `__Host-...`, `__Secure-...`).
  [
    /\b((?:__Host-|__Secure-)?[\w-]*(?:\.|_)?(?:session|token|sid|auth)[\w.-]*=)[^;\s,"']+/gi,
    `$1${REDACTED}`,
  ],
  // name=value / name: value pairs with a secret name, JSON included.
  [
    /\b([\w-]*(?:password|passwd|secret|token|api[-_]?key|private[-_]?key)["']?\s*[:=]\s*["']?)[^\s"',;&}]+/gi,
    `$1${REDACTED}`,
  ],
];

// An opaque random string: 24+ characters of letters, digits, `_` or `-`, with upper case, lower
// case and a digit (session tokens, API keys, base64url secrets). Hex hashes and UUIDs pass.
const OPAQUE = /[A-Za-z0-9_-]{24,}/g;
const looksRandom = (text: string) => /[A-Z]/.test(text) && /[a-z]/.test(text) && /[0-9]/.test(text);

/**
 * Redacts token-shaped parts of `text` (JWTs, Bearer values, URL passwords, reset-link tokens,
 * cookies, `password=...` pairs and, unless `opaque` is false, long random strings).
 *
 * @example
 * ```ts
 * redactText('GET /reset-password/abc123?callbackURL=/'); // 'GET /reset-password/[redacted]?callbackURL=/'
 * ```
 */
export function redactText(text: string, opaque = true): string {
  let result = text;
  for (const [pattern, replacement] of TEXT_RULES) result = result.replace(pattern, replacement);
  return opaque ? result.replace(OPAQUE, (match) => (looksRandom(match) ? REDACTED : match)) : result;
}

/**
 * Whether a field name holds secrets by its name alone (`password`, `newPassword`, `token`,
 * `access_token`, `authorization`, `cookie`, `set-cookie`, `secret`, `apiKey`, `sessionId`...).
 *
 * @example
 * ```ts
 * isSecretKey('x-api-key'); // true
 * ```
 */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.toLowerCase().replace(/[-_]/g, ''));
}

const MAX_DEPTH = 6;

/**
 * A redacted, JSON-safe copy of `value`: secret-bearing keys replaced by `[redacted]`, strings
 * through {@link redactText}, errors as `{ name, message, code?, stack?, cause? }`, `Headers` as
 * records, bigints as strings, functions and symbols dropped, cycles and depth > 6 cut.
 *
 * @example
 * ```ts
 * redactValue({ email: 'a@b.c', password: 'hunter2' }); // { email: 'a@b.c', password: '[redacted]' }
 * ```
 */
export function redactValue(value: unknown, key = '', depth = 0, seen = new WeakSet<object>()): unknown {
  if (key !== '' && isSecretKey(key) && !PLAIN_KEYS.has(key) && value !== undefined && value !== null) {
    return REDACTED;
  }
  if (typeof value === 'string') return redactText(value, !PLAIN_KEYS.has(key));
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value) || depth >= MAX_DEPTH) return '[truncated]';
  seen.add(value);
  if (value instanceof Error) return redactError(value, depth, seen);
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return '[binary]';
  if (typeof Headers !== 'undefined' && value instanceof Headers) {
    return redactValue(Object.fromEntries(value.entries()), key, depth, new WeakSet());
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, '', depth + 1, seen));
  const copy: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    const redacted = redactValue(item, name, depth + 1, seen);
    if (redacted !== undefined) copy[name] = redacted;
  }
  return copy;
}

function redactError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: redactText(error.message),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(error.stack ? { stack: redactText(error.stack) } : {}),
    ...(error.cause !== undefined ? { cause: redactValue(error.cause, 'cause', depth + 1, seen) } : {}),
  };
}
