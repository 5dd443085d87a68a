export {
  CLEAR_SITE_DATA,
  type ClearSiteDataType,
  clearSiteData,
  withClearSiteData,
} from './clear-site-data.js';
export {
  type CspDirectiveName,
  type CspDirectives,
  type CspKeyword,
  type CspNonce,
  type CspSandboxToken,
  type CspSource,
  type CspSourceList,
  NONCE,
} from './csp/types.js';
export { SecureHeadersError, type SecureHeadersErrorCode, type SecureHeadersErrorDetails } from './errors.js';
export { cspNonce, type WithSecureHeadersOptions, withSecureHeaders } from './fetch-handler.js';
export { generateNonce } from './nonce.js';
export type {
  HeaderSetting,
  SecureHeadersOptions,
  SecureHeadersOverrides,
  SecureHeadersPreset,
} from './options.js';
export type { PermissionsPolicyAllowlist, PermissionsPolicyFeatures } from './permissions-policy.js';
export type { PermissionsPolicyFeature } from './permissions-policy-features.js';
export type { ReferrerPolicyToken } from './referrer-policy.js';
export type { ReportingEndpoints } from './reporting-endpoints.js';
export {
  type ApplyContext,
  createSecureHeaders,
  isSecureHeaders,
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
