// @mana/verify: what a resource server needs to check access tokens from @mana/auth-core. No
// runtime dependency: the EdDSA verifier runs on node:crypto (the family's one verifier, bundled
// from @mana/internal). @mana/auth-core re-exports these same classes and functions.
export type { AccessTokenErrorCode } from './access-token-error.js';
export { AccessTokenError } from './access-token-error.js';
export type {
  CachedJwksOptions,
  JsonWebKeySet,
  JwksSource,
  PublicJwk,
  RemoteJwksOptions,
} from './jwks-source.js';
export { cachedJwks, localJwks, remoteJwks } from './jwks-source.js';
export type { VerifiedTokenCache } from './verified-token-cache.js';
export { createVerifiedTokenCache } from './verified-token-cache.js';
export type {
  AccessTokenPayload,
  SessionRevocationSource,
  VerifyAccessTokenOptions,
} from './verify-access-token.js';
export {
  ACCESS_TOKEN_TYPE,
  createAccessTokenVerifier,
  verifyAccessToken,
} from './verify-access-token.js';
