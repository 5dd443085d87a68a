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
export type { AccessTokenPayload, VerifyAccessTokenOptions } from './verify-access-token.js';
export { createAccessTokenVerifier, verifyAccessToken } from './verify-access-token.js';
