import { describeValue, rejectUnknownKeys } from '@mana/internal';
import type { ManaAuth } from '../create-auth.js';
import { ManaAuthConfigError } from '../errors.js';
import type { RequestFacts } from '../refusal-reports/access-token-refusal.js';
import {
  type AuthenticatedUser,
  createRequestAuthenticator,
  type RequestAuthenticatorOptions,
} from '../tokens/request-authenticator.js';

/**
 * Options of `requireAuth(auth, options)` (Express and Hono): which Bearer tokens are accepted.
 * All optional; the defaults accept exactly what `auth` signs.
 */
export interface RequireAuthOptions extends RequestAuthenticatorOptions {}

const KNOWN = ['issuer', 'audience', 'verifiedTokenCacheSize'];

/** The body of every refusal, as the Nest guard sends it. */
export const UNAUTHORIZED_BODY = {
  error: { code: 'UNAUTHORIZED', message: 'Send a valid Bearer access token or session cookie.' },
} as const;

function checkClaimOption(field: 'issuer' | 'audience', value: unknown): void {
  if (value === undefined) return;
  const list = Array.isArray(value) ? value : [value];
  if (list.length > 0 && list.every((v) => typeof v === 'string' && v.length > 0)) return;
  throw new ManaAuthConfigError(
    `requireAuth.${field}`,
    `must be a non-empty string or list of strings, got ${describeValue(value)}`,
    `pass the accepted ${field === 'issuer' ? 'iss' : 'aud'}, e.g. "https://auth.example.com", or leave it out to accept what auth signs`,
  );
}

/**
 * Validates `requireAuth`'s arguments once, when the middleware is built, and returns the
 * authenticator it runs per request (Bearer access token, else session cookie).
 */
export function requireAuthAuthenticator(
  auth: ManaAuth,
  options: RequireAuthOptions,
): (headers: Headers, request?: RequestFacts) => Promise<AuthenticatedUser | null> {
  const looksLikeAuth =
    typeof auth === 'object' && auth !== null && 'settings' in auth && 'api' in auth && 'handler' in auth;
  if (!looksLikeAuth) {
    throw new ManaAuthConfigError(
      'requireAuth(auth)',
      `must be what createAuth() returns, got ${describeValue(auth)}`,
      'pass the instance: `requireAuth(auth)` with `const auth = createAuth({ ... })`',
    );
  }
  if (typeof options !== 'object' || options === null) {
    throw new ManaAuthConfigError(
      'requireAuth(options)',
      `must be an object, got ${describeValue(options)}`,
      'pass `{}` or leave it out',
    );
  }
  rejectUnknownKeys(options, KNOWN, {
    where: 'requireAuth',
    onUnknown: (unknown) => {
      throw new ManaAuthConfigError(
        `requireAuth.${unknown.path}`,
        'is not an option',
        `${unknown.didYouMean}the options are ${KNOWN.join(', ')}`,
      );
    },
  });
  checkClaimOption('issuer', options.issuer);
  checkClaimOption('audience', options.audience);
  const size = options.verifiedTokenCacheSize;
  if (size !== undefined && !(Number.isInteger(size) && size >= 0)) {
    throw new ManaAuthConfigError(
      'requireAuth.verifiedTokenCacheSize',
      `must be a whole number of tokens, 0 or more, got ${describeValue(size)}`,
      'pass e.g. 10000, or 0 to verify every token in full',
    );
  }
  return createRequestAuthenticator(auth, options);
}
