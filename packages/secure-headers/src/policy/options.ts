import type { CspDirectives } from '../csp/types.js';
import type { PermissionsPolicyFeatures } from '../headers/permissions-policy.js';
import type { ReferrerPolicyToken } from '../headers/referrer-policy.js';
import type { ReportingEndpoints } from '../headers/reporting-endpoints.js';
import type * as Simple from '../headers/simple-headers.js';
import type { StrictTransportSecurityOptions } from '../headers/strict-transport-security.js';

/**
 * Base policy to start from.
 * - `default`: the seven headers of the Mana Core Auth spec (section 5), exact values.
 * - `owasp`: the OWASP Secure Headers Project's recommended values.
 * - `api`: for JSON APIs: nothing may render or frame, responses are not cached.
 *
 * @example
 * ```ts
 * const preset: SecureHeadersPreset = 'owasp';
 * ```
 */
export type SecureHeadersPreset = 'default' | 'owasp' | 'api';

/**
 * Every header option takes `false` (header off), `true` (the preset's value, or the recommended
 * value when the preset leaves the header off) or a custom value, validated when the policy is
 * created.
 *
 * @example
 * ```ts
 * const frame: HeaderSetting<XFrameOptionsValue> = 'SAMEORIGIN';
 * ```
 */
export type HeaderSetting<T> = boolean | T;

/**
 * Options of {@link createSecureHeaders}. Leave an option out to keep the preset's value.
 *
 * @example
 * ```ts
 * const options: SecureHeadersOptions = {
 *   preset: 'default',
 *   contentSecurityPolicy: { scriptSrc: ["'self'", NONCE] },
 *   strictTransportSecurity: { omitOnPlainHttpLocalhost: true },
 *   crossOriginOpenerPolicy: 'same-origin',
 * };
 * ```
 */
export interface SecureHeadersOptions {
  /** Base policy. Default: `'default'` (the spec's seven headers). */
  preset?: SecureHeadersPreset;
  /** `Content-Security-Policy`. An object is merged into the preset's directives; a string replaces them. */
  contentSecurityPolicy?: HeaderSetting<string | CspDirectives>;
  /** `Content-Security-Policy-Report-Only`, sent alongside the enforced policy (same nonce). */
  contentSecurityPolicyReportOnly?: HeaderSetting<string | CspDirectives>;
  /** `Strict-Transport-Security`. An object is merged into the preset's value. */
  strictTransportSecurity?: HeaderSetting<string | StrictTransportSecurityOptions>;
  /** `X-Content-Type-Options`. */
  xContentTypeOptions?: HeaderSetting<'nosniff'>;
  /** `X-Frame-Options`. */
  xFrameOptions?: HeaderSetting<Simple.XFrameOptionsValue>;
  /** `X-XSS-Protection`: only `'0'` (switch the legacy auditor off) is accepted. */
  xXssProtection?: HeaderSetting<'0'>;
  /** `Referrer-Policy`: a token, or a list of fallbacks. */
  referrerPolicy?: HeaderSetting<ReferrerPolicyToken | readonly ReferrerPolicyToken[]>;
  /** `Permissions-Policy`. An object is merged into the preset's features; a string replaces them. */
  permissionsPolicy?: HeaderSetting<string | PermissionsPolicyFeatures>;
  /** `Cross-Origin-Opener-Policy`. */
  crossOriginOpenerPolicy?: HeaderSetting<Simple.CrossOriginOpenerPolicyValue>;
  /** `Cross-Origin-Embedder-Policy`. */
  crossOriginEmbedderPolicy?: HeaderSetting<Simple.CrossOriginEmbedderPolicyValue>;
  /** `Cross-Origin-Resource-Policy`. */
  crossOriginResourcePolicy?: HeaderSetting<Simple.CrossOriginResourcePolicyValue>;
  /** `Origin-Agent-Cluster`. */
  originAgentCluster?: HeaderSetting<Simple.OriginAgentClusterValue>;
  /** `X-DNS-Prefetch-Control`. */
  xDnsPrefetchControl?: HeaderSetting<Simple.XDnsPrefetchControlValue>;
  /** `X-Permitted-Cross-Domain-Policies`. */
  xPermittedCrossDomainPolicies?: HeaderSetting<Simple.XPermittedCrossDomainPoliciesValue>;
  /**
   * `Cache-Control`. Unlike the other headers it is only a default: a response that already has a
   * Cache-Control (say, a cacheable JWKS) keeps its own.
   */
  cacheControl?: HeaderSetting<string>;
  /** `Reporting-Endpoints`: name → URL. Merged into the preset's; `false` drops them all. */
  reportingEndpoints?: false | ReportingEndpoints;
  /** Headers to delete from every response. Default: `['X-Powered-By', 'Server']`. */
  removeHeaders?: false | readonly string[];
  /**
   * Whether the policy replaces a header the application already set on the response. Default
   * `true`: the policy has the last word, so every response carries the same headers; change a
   * header for one route with a route override. `false`: a header set by the app is kept.
   */
  overwrite?: boolean;
}

/**
 * Per-route overrides: the same options minus `preset`, merged into the policy they override
 * (CSP directives, Permissions-Policy features, HSTS fields and endpoints merge one by one).
 *
 * @example
 * ```ts
 * const embeddable: SecureHeadersOverrides = {
 *   contentSecurityPolicy: { frameAncestors: ['https://partner.example.com'] },
 *   xFrameOptions: false,
 * };
 * ```
 */
export type SecureHeadersOverrides = Omit<SecureHeadersOptions, 'preset'>;
