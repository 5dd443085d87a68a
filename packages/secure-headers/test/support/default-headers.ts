/**
 * The seven headers of the `default` preset, in the order they are written (README, "Headers,
 * defaults and presets"). Tests compare against this literal list, never against the presets.
 */
export const DEFAULT_PRESET_HEADERS = [
  'Strict-Transport-Security',
  'X-Content-Type-Options',
  'X-Frame-Options',
  'Content-Security-Policy',
  'X-XSS-Protection',
  'Referrer-Policy',
  'Permissions-Policy',
] as const;
