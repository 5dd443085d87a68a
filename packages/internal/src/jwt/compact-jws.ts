import type { ManaErrorCode } from '../errors/error-codes.js';
import { decodeBase64UrlStrict } from './base64url.js';

/** Why a compact JWS was refused before or during the signature check. */
export type JwsFailureCode = Extract<
  ManaErrorCode,
  | 'TOKEN_MALFORMED'
  | 'TOKEN_WRONG_ALGORITHM'
  | 'TOKEN_FORBIDDEN_HEADER'
  | 'TOKEN_UNKNOWN_KEY'
  | 'TOKEN_BAD_SIGNATURE'
>;

/** A refusal: a stable code and a sentence that names what is wrong. */
export interface JwsFailure {
  readonly ok: false;
  readonly code: JwsFailureCode;
  readonly message: string;
  /** The decoded header, when the refusal came after it could be read (to quote `alg`, `kid`). */
  readonly header?: Readonly<Record<string, unknown>>;
}

/** A compact JWS that passed the policy (not yet the signature check). */
export interface ParsedJws {
  readonly ok: true;
  /** The protected header; `alg` is `EdDSA`, no forbidden parameter is present. */
  readonly header: Readonly<Record<string, unknown>>;
  /** The decoded payload, a JSON object (claims are the caller's to check). */
  readonly payload: Record<string, unknown>;
  /** The header's `kid`, when it has one. */
  readonly kid: string | undefined;
  /** `<header>.<payload>` as bytes: what the signature covers. */
  readonly signingInput: Buffer;
  /** The 64-byte Ed25519 signature. */
  readonly signature: Buffer;
}

/**
 * Header parameters that would let a token choose its own key or make the verifier fetch one,
 * or demand extensions (`crit`): refused outright, keys come only from the configured JWKS
 * (docs/security.md, algorithm confusion and key injection).
 */
export const FORBIDDEN_JWS_HEADERS: readonly string[] = [
  'jwk',
  'jku',
  'x5u',
  'x5c',
  'x5t',
  'x5t#S256',
  'crit',
];

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Builds a {@link JwsFailure}. */
export function jwsFailure(
  code: JwsFailureCode,
  message: string,
  header?: Readonly<Record<string, unknown>>,
): JwsFailure {
  return header === undefined ? { ok: false, code, message } : { ok: false, code, message, header };
}

function decodeObject(segment: string): Record<string, unknown> | null {
  const bytes = decodeBase64UrlStrict(segment);
  if (bytes === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch {
    return null;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function checkHeader(header: Record<string, unknown>): JwsFailure | null {
  if (header.alg !== 'EdDSA') {
    return jwsFailure(
      'TOKEN_WRONG_ALGORITHM',
      `Algorithm ${JSON.stringify(header.alg) ?? 'undefined'} is not accepted; only EdDSA is.`,
      header,
    );
  }
  for (const name of FORBIDDEN_JWS_HEADERS) {
    if (Object.hasOwn(header, name)) {
      return jwsFailure(
        'TOKEN_FORBIDDEN_HEADER',
        `The "${name}" header is not accepted; keys come only from the JWKS.`,
        header,
      );
    }
  }
  if (header.kid !== undefined && typeof header.kid !== 'string')
    return jwsFailure('TOKEN_MALFORMED', 'The "kid" header must be a string.', header);
  return null;
}

/**
 * Parses a compact JWS and enforces the family's token policy in one place: three segments of
 * canonical base64url, a JSON-object header with `alg: EdDSA` and none of
 * {@link FORBIDDEN_JWS_HEADERS}, a JSON-object payload, and a 64-byte signature. The header is
 * checked before the payload, so an `alg: none` or `HS256` token is reported as such.
 *
 * @example
 * ```ts
 * const jws = parseCompactJws(token);
 * if (!jws.ok) throw new Error(`${jws.code}: ${jws.message}`);
 * ```
 */
export function parseCompactJws(token: unknown): ParsedJws | JwsFailure {
  if (typeof token !== 'string') return jwsFailure('TOKEN_MALFORMED', 'The token is not a string.');
  const firstDot = token.indexOf('.');
  const secondDot = firstDot === -1 ? -1 : token.indexOf('.', firstDot + 1);
  if (secondDot === -1 || token.indexOf('.', secondDot + 1) !== -1)
    return jwsFailure('TOKEN_MALFORMED', 'A compact JWS has three dot-separated parts.');
  const header = decodeObject(token.slice(0, firstDot));
  if (header === null)
    return jwsFailure('TOKEN_MALFORMED', 'The token header is not a canonical base64url JSON object.');
  const refused = checkHeader(header);
  if (refused) return refused;
  const payload = decodeObject(token.slice(firstDot + 1, secondDot));
  if (payload === null)
    return jwsFailure(
      'TOKEN_MALFORMED',
      'The token payload is not a canonical base64url JSON object.',
      header,
    );
  const signature = decodeBase64UrlStrict(token.slice(secondDot + 1));
  if (signature === null || signature.length !== 64)
    return jwsFailure(
      'TOKEN_MALFORMED',
      'The token signature is not 64 bytes of canonical base64url.',
      header,
    );
  return {
    ok: true,
    header,
    payload,
    kid: header.kid as string | undefined,
    signingInput: Buffer.from(token.slice(0, secondDot), 'latin1'),
    signature,
  };
}
