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
export {
  CLEAR_SITE_DATA,
  type ClearSiteDataType,
  clearSiteData,
  withClearSiteData,
} from './headers/clear-site-data.js';
export type { PermissionsPolicyAllowlist, PermissionsPolicyFeatures } from './headers/permissions-policy.js';
export type { PermissionsPolicyFeature } from './headers/permissions-policy-features.js';
export type { ReferrerPolicyToken } from './headers/referrer-policy.js';
export type { ReportingEndpoints } from './headers/reporting-endpoints.js';
export type {
  CrossOriginEmbedderPolicyValue,
  CrossOriginOpenerPolicyValue,
  CrossOriginResourcePolicyValue,
  OriginAgentClusterValue,
  XDnsPrefetchControlValue,
  XFrameOptionsValue,
  XPermittedCrossDomainPoliciesValue,
} from './headers/simple-headers.js';
export type { StrictTransportSecurityOptions } from './headers/strict-transport-security.js';
export { generateNonce } from './nonce.js';
export type {
  HeaderSetting,
  SecureHeadersOptions,
  SecureHeadersOverrides,
  SecureHeadersPreset,
} from './policy/options.js';
export {
  type ApplyContext,
  createSecureHeaders,
  isSecureHeaders,
  type SecureHeaders,
} from './secure-headers.js';
