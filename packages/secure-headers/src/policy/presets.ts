import type { SecureHeadersOptions, SecureHeadersPreset } from './options.js';

const REMOVE = ['X-Powered-By', 'Server'];

/** The spec's section 5, value for value. */
const DEFAULT_PRESET: SecureHeadersOptions = {
  strictTransportSecurity: 'max-age=31536000; includeSubDomains; preload',
  xContentTypeOptions: 'nosniff',
  xFrameOptions: 'DENY',
  contentSecurityPolicy: "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'",
  xXssProtection: '0',
  referrerPolicy: 'strict-origin-when-cross-origin',
  permissionsPolicy: 'geolocation=(), microphone=(), camera=()',
  removeHeaders: REMOVE,
  overwrite: true,
};

/** OWASP Secure Headers Project, ci/headers_add.json (plus X-DNS-Prefetch-Control and X-XSS-Protection: 0). */
const OWASP_PRESET: SecureHeadersOptions = {
  cacheControl: 'no-store, max-age=0',
  contentSecurityPolicy:
    "default-src 'self'; form-action 'self'; object-src 'none'; frame-ancestors 'none'; upgrade-insecure-requests; block-all-mixed-content",
  crossOriginEmbedderPolicy: 'require-corp',
  crossOriginOpenerPolicy: 'same-origin',
  crossOriginResourcePolicy: 'same-origin',
  permissionsPolicy:
    'accelerometer=(), autoplay=(), camera=(), cross-origin-isolated=(), display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), keyboard-map=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), sync-xhr=(self), usb=(), web-share=(), xr-spatial-tracking=(), clipboard-read=(), clipboard-write=(), gamepad=(), hid=(), idle-detection=(), interest-cohort=(), serial=(), unload=()',
  referrerPolicy: 'no-referrer',
  strictTransportSecurity: 'max-age=31536000; includeSubDomains',
  xContentTypeOptions: 'nosniff',
  xFrameOptions: 'DENY',
  xPermittedCrossDomainPolicies: 'none',
  xDnsPrefetchControl: 'off',
  xXssProtection: '0',
  removeHeaders: REMOVE,
  overwrite: true,
};

/** JSON APIs: nothing renders, nothing frames, nothing is cached. */
const API_PRESET: SecureHeadersOptions = {
  strictTransportSecurity: 'max-age=31536000; includeSubDomains; preload',
  xContentTypeOptions: 'nosniff',
  xFrameOptions: 'DENY',
  contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'",
  xXssProtection: '0',
  referrerPolicy: 'no-referrer',
  crossOriginResourcePolicy: 'same-origin',
  xPermittedCrossDomainPolicies: 'none',
  cacheControl: 'no-store',
  removeHeaders: REMOVE,
  overwrite: true,
};

/** Preset name → its options. */
export const PRESETS: Readonly<Record<SecureHeadersPreset, SecureHeadersOptions>> = {
  default: DEFAULT_PRESET,
  owasp: OWASP_PRESET,
  api: API_PRESET,
};

/** What `true` means for a header the current policy leaves off. */
export const RECOMMENDED: SecureHeadersOptions = {
  ...OWASP_PRESET,
  originAgentCluster: '?1',
};
