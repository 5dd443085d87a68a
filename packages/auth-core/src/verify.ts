// `@mana/auth-core/verify` is `@mana/verify` (the same classes and functions, one copy of each):
// kept so existing imports work. A resource server can install `@mana/verify` alone.
export type {
  AccessTokenErrorCode,
  AccessTokenPayload,
  CachedJwksOptions,
  JsonWebKeySet,
  JwksSource,
  PublicJwk,
  RemoteJwksOptions,
  SessionRevocationSource,
  VerifiedTokenCache,
  VerifyAccessTokenOptions,
} from '@mana/verify';
export {
  AccessTokenError,
  cachedJwks,
  createAccessTokenVerifier,
  createVerifiedTokenCache,
  localJwks,
  remoteJwks,
  verifyAccessToken,
} from '@mana/verify';
