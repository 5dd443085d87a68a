export type { AccessTokenErrorCode } from './tokens/access-token-error.js';
export { AccessTokenError } from './tokens/access-token-error.js';
export type {
  CachedJwksOptions,
  JsonWebKeySet,
  JwksSource,
  PublicJwk,
  RemoteJwksOptions,
} from './tokens/jwks-source.js';
export { cachedJwks, localJwks, remoteJwks } from './tokens/jwks-source.js';
export type {
  AccessTokenPayload,
  SessionRevocationSource,
  VerifyAccessTokenOptions,
} from './tokens/verify-access-token.js';
export { createAccessTokenVerifier, verifyAccessToken } from './tokens/verify-access-token.js';
