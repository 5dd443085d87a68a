import type { JsonValue, SecurityEventMetadata } from './json-value.js';
import { sanitizeText } from './sanitize-text.js';
import { REDACTED, redactSecretsInText } from './secret-patterns.js';

/**
 * Limits and rules of {@link createMetadataSanitizer}, resolved from the service options.
 *
 * @example
 * ```ts
 * const sanitize = createMetadataSanitizer({ ...policy, maxBytes: 4096 });
 * ```
 */
export interface MetadataPolicy {
  /** Largest serialised metadata, in UTF-8 bytes. */
  maxBytes: number;
  /** Longest string value, in characters. */
  maxStringLength: number;
  /** Deepest nesting of objects and arrays; deeper values become `'[Truncated]'`. */
  maxDepth: number;
  /** Most keys per object and items per array. */
  maxEntries: number;
  /** Whether a key names a secret. */
  isSecretKey: (key: string) => boolean;
  /** `redact` keeps secret keys with the value `'[REDACTED]'`; `drop` removes them. */
  redaction: 'redact' | 'drop';
  /** Top-level keys that hold IP addresses, stored per the IP policy. */
  ipKeys: ReadonlySet<string>;
  /** The IP policy's transform (null for a non-IP value). */
  ipTransform: (value: string) => string | null;
  /** Top-level keys that hold email addresses, stored per the email policy. Default none. */
  emailKeys?: ReadonlySet<string>;
  /** The email policy's transform (undefined: leave the entry out). */
  emailTransform?: (value: string) => string | undefined;
}

const MAX_KEY_LENGTH = 64;

/**
 * Sanitised metadata and its JSON text (serialised once, reused for the insert).
 *
 * @example
 * ```ts
 * const result: SanitizedMetadata | null = sanitize({ deviceId: 'd1' });
 * result?.json; // '{"deviceId":"d1"}'
 * ```
 */
export interface SanitizedMetadata {
  value: SecurityEventMetadata;
  json: string;
}

/**
 * Builds the function that turns caller metadata into what is stored: plain JSON, secrets
 * redacted by key and by value, control characters stripped, strings, entries, depth and the
 * total size capped (a cut object gets `_truncated: true`). Empty metadata becomes null.
 *
 * @example
 * ```ts
 * const sanitize = createMetadataSanitizer(policy);
 * sanitize({ password: 'hunter2', deviceId: 'ios-1' })?.value; // { password: '[REDACTED]', deviceId: 'ios-1' }
 * ```
 */
export function createMetadataSanitizer(
  policy: MetadataPolicy,
): (input: unknown) => SanitizedMetadata | null {
  return (input) => {
    if (input === null || input === undefined || typeof input !== 'object') return null;
    const result = sanitizeObject(input as Record<string, unknown>, policy, 0, new WeakSet(), true);
    const keys = Object.keys(result);
    if (keys.length === 0) return null;
    return fitToBudget(result, keys, policy.maxBytes);
  };
}

function sanitizeValue(
  value: unknown,
  policy: MetadataPolicy,
  depth: number,
  seen: WeakSet<object>,
): JsonValue | undefined {
  switch (typeof value) {
    case 'string': {
      const text = sanitizeText(redactSecretsInText(value), policy.maxStringLength);
      return text ?? '';
    }
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object':
      return value === null ? null : sanitizeObjectLike(value, policy, depth, seen);
    default:
      return undefined; // undefined, function, symbol
  }
}

function sanitizeObjectLike(
  value: object,
  policy: MetadataPolicy,
  depth: number,
  seen: WeakSet<object>,
): JsonValue | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Error) {
    return {
      name: sanitizeText(value.name, 64) ?? 'Error',
      message: sanitizeValue(value.message, policy, depth, seen) ?? '',
    };
  }
  if (depth >= policy.maxDepth) return '[Truncated]';
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  try {
    if (Array.isArray(value) || value instanceof Set) return sanitizeArray([...value], policy, depth, seen);
    if (value instanceof Map) return sanitizeObject(Object.fromEntries(value), policy, depth, seen, false);
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return sanitizeValue(toJSON.call(value), policy, depth, seen);
    return sanitizeObject(value as Record<string, unknown>, policy, depth, seen, false);
  } finally {
    seen.delete(value);
  }
}

function sanitizeArray(
  items: unknown[],
  policy: MetadataPolicy,
  depth: number,
  seen: WeakSet<object>,
): JsonValue[] {
  const out: JsonValue[] = [];
  for (const item of items.slice(0, policy.maxEntries)) {
    out.push(sanitizeValue(item, policy, depth + 1, seen) ?? null);
  }
  if (items.length > policy.maxEntries) out.push('[Truncated]');
  return out;
}

function sanitizeObject(
  input: Record<string, unknown>,
  policy: MetadataPolicy,
  depth: number,
  seen: WeakSet<object>,
  topLevel: boolean,
): SecurityEventMetadata {
  const out: SecurityEventMetadata = {};
  let count = 0;
  for (const rawKey of Object.keys(input)) {
    const key = sanitizeText(rawKey, MAX_KEY_LENGTH);
    if (key === null || key === '__proto__') continue;
    if (count >= policy.maxEntries) {
      out._truncated = true;
      break;
    }
    if (policy.isSecretKey(key)) {
      if (policy.redaction === 'redact') {
        out[key] = REDACTED;
        count++;
      }
      continue;
    }
    const raw = input[rawKey];
    const value = topLevel && typeof raw === 'string' ? pseudonymised(key, raw, policy) : KEEP;
    if (value === SKIP) continue;
    const stored = value === KEEP ? sanitizeValue(raw, policy, depth + 1, seen) : value;
    if (stored === undefined) continue;
    out[key] = stored;
    count++;
  }
  return out;
}

const KEEP = Symbol('keep');
const SKIP = Symbol('skip');

/** A top-level IP or email entry as its policy stores it; KEEP for any other entry. */
function pseudonymised(
  key: string,
  raw: string,
  policy: MetadataPolicy,
): string | null | typeof KEEP | typeof SKIP {
  if (policy.ipKeys.has(key)) return policy.ipTransform(raw);
  if (policy.emailKeys?.has(key) && policy.emailTransform) return policy.emailTransform(raw) ?? SKIP;
  return KEEP;
}

/** Keeps whole top-level entries, in order, while they fit; marks the object as cut. */
function fitToBudget(metadata: SecurityEventMetadata, keys: string[], maxBytes: number): SanitizedMetadata {
  const json = JSON.stringify(metadata);
  // Fast path: even at 3 bytes per UTF-16 unit the text fits.
  if (json.length * 3 <= maxBytes || Buffer.byteLength(json) <= maxBytes) return { value: metadata, json };
  const out: SecurityEventMetadata = {};
  let size = Buffer.byteLength('{"_truncated":true}');
  for (const key of keys) {
    const value = metadata[key] as JsonValue;
    const entrySize = Buffer.byteLength(`${JSON.stringify(key)}:${JSON.stringify(value)},`);
    if (size + entrySize > maxBytes) continue;
    out[key] = value;
    size += entrySize;
  }
  out._truncated = true;
  return { value: out, json: JSON.stringify(out) };
}
