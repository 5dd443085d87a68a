export { clearSiteData, CLEAR_SITE_DATA, withClearSiteData, type ClearSiteDataType } from './clear-site-data.js';
export {
  NONCE,
  type CspDirectiveName,
  type CspDirectives,
  type CspKeyword,
  type CspNonce,
  type CspSandboxToken,
  type CspSource,
  type CspSourceList,
} from './csp/types.js';
export { SecureHeadersError, type SecureHeadersErrorCode, type SecureHeadersErrorDetails } from './errors.js';
export { cspNonce, withSecureHeaders, type WithSecureHeadersOptions } from './fetch-handler.js';
export { generateNonce } from './nonce.js';
export type {
  HeaderSetting,
  SecureHeadersOptions,
  SecureHeadersOverrides,
  SecureHeadersPreset,
} from './options.js';
export type { PermissionsPolicyFeature } from './permissions-policy-features.js';
export type { PermissionsPolicyAllowlist, PermissionsPolicyFeatures } from './permissions-policy.js';
export type { ReferrerPolicyToken } from './referrer-policy.js';
export type { ReportingEndpoints } from './reporting-endpoints.js';
export {
  createSecureHeaders,
  isSecureHeaders,
  type ApplyContext,
  type SecureHeaders,
} from './secure-headers.js';
export type {
  CrossOriginEmbedderPolicyValue,
  CrossOriginOpenerPolicyValue,
  CrossOriginResourcePolicyValue,
  OriginAgentClusterValue,
  XDnsPrefetchControlValue,
  XFrameOptionsValue,
  XPermittedCrossDomainPoliciesValue,
} from './simple-headers.js';
export type { StrictTransportSecurityOptions } from './strict-transport-security.js';
