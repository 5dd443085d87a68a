import { didYouMean } from '@mana/internal';
import { fail } from '../errors.js';

/** `X-Frame-Options` values (`ALLOW-FROM` is obsolete: use CSP `frameAncestors`). @example `const v: XFrameOptionsValue = 'DENY';` */
export type XFrameOptionsValue = 'DENY' | 'SAMEORIGIN';
/** `Cross-Origin-Opener-Policy` values. @example `const v: CrossOriginOpenerPolicyValue = 'same-origin';` */
export type CrossOriginOpenerPolicyValue =
  | 'same-origin'
  | 'same-origin-allow-popups'
  | 'noopener-allow-popups'
  | 'unsafe-none';
/** `Cross-Origin-Embedder-Policy` values. @example `const v: CrossOriginEmbedderPolicyValue = 'require-corp';` */
export type CrossOriginEmbedderPolicyValue = 'require-corp' | 'credentialless' | 'unsafe-none';
/** `Cross-Origin-Resource-Policy` values. @example `const v: CrossOriginResourcePolicyValue = 'same-origin';` */
export type CrossOriginResourcePolicyValue = 'same-origin' | 'same-site' | 'cross-origin';
/** `X-Permitted-Cross-Domain-Policies` values. @example `const v: XPermittedCrossDomainPoliciesValue = 'none';` */
export type XPermittedCrossDomainPoliciesValue =
  | 'none'
  | 'master-only'
  | 'by-content-type'
  | 'by-ftp-filename'
  | 'all'
  | 'none-this-response';
/** `X-DNS-Prefetch-Control` values. @example `const v: XDnsPrefetchControlValue = 'off';` */
export type XDnsPrefetchControlValue = 'on' | 'off';
/** `Origin-Agent-Cluster` values (structured boolean). @example `const v: OriginAgentClusterValue = '?1';` */
export type OriginAgentClusterValue = '?1' | '?0';

/** Option name → header name and accepted values, for headers whose value is one token. */
export const ENUM_HEADERS = {
  xContentTypeOptions: { header: 'X-Content-Type-Options', values: ['nosniff'] },
  xFrameOptions: { header: 'X-Frame-Options', values: ['DENY', 'SAMEORIGIN'] },
  xXssProtection: { header: 'X-XSS-Protection', values: ['0'] },
  crossOriginOpenerPolicy: {
    header: 'Cross-Origin-Opener-Policy',
    values: ['same-origin', 'same-origin-allow-popups', 'noopener-allow-popups', 'unsafe-none'],
  },
  crossOriginEmbedderPolicy: {
    header: 'Cross-Origin-Embedder-Policy',
    values: ['require-corp', 'credentialless', 'unsafe-none'],
  },
  crossOriginResourcePolicy: {
    header: 'Cross-Origin-Resource-Policy',
    values: ['same-origin', 'same-site', 'cross-origin'],
  },
  originAgentCluster: { header: 'Origin-Agent-Cluster', values: ['?1', '?0'] },
  xDnsPrefetchControl: { header: 'X-DNS-Prefetch-Control', values: ['on', 'off'] },
  xPermittedCrossDomainPolicies: {
    header: 'X-Permitted-Cross-Domain-Policies',
    values: ['none', 'master-only', 'by-content-type', 'by-ftp-filename', 'all', 'none-this-response'],
  },
} as const satisfies Record<string, { header: string; values: readonly string[] }>;

/** Option names of {@link ENUM_HEADERS}. */
export type EnumHeaderOption = keyof typeof ENUM_HEADERS;

const EXTRA_FIX: Partial<Record<EnumHeaderOption, string>> = {
  xFrameOptions: 'ALLOW-FROM is obsolete and ignored by browsers; use contentSecurityPolicy.frameAncestors. ',
  xXssProtection:
    'Values other than "0" switch on the legacy XSS auditor, which itself leaks data; modern browsers have none. ',
};

/** Validates a one-token header value; case-insensitive, returns the canonical spelling. */
export function resolveEnumHeader(option: EnumHeaderOption, value: unknown): string {
  const { header, values } = ENUM_HEADERS[option];
  const match = values.find(
    (v) => typeof value === 'string' && v.toLowerCase() === value.trim().toLowerCase(),
  );
  if (match !== undefined) return match;
  return fail({
    code: 'INVALID_VALUE',
    header,
    value: String(value),
    problem: 'is not a value browsers understand',
    fix: `${EXTRA_FIX[option] ?? ''}${didYouMean(String(value), values)}Use one of: ${values.join(', ')}, true or false.`,
  });
}

const CACHE_DIRECTIVE = /^[a-z-]+(?:=(?:\d+|"[^"\\\r\n]*"|[a-z-]+))?$/i;

/** Validates a Cache-Control value such as `no-store` or `no-store, max-age=0`. */
export function resolveCacheControl(value: unknown): string {
  const parts = typeof value === 'string' ? value.split(',').map((p) => p.trim()) : [];
  if (parts.length === 0 || parts.some((p) => !CACHE_DIRECTIVE.test(p))) {
    fail({
      code: 'INVALID_VALUE',
      header: 'Cache-Control',
      value: String(value),
      problem: 'is not a comma-separated list of cache directives',
      fix: 'write e.g. "no-store" or "no-store, max-age=0".',
    });
  }
  return parts.join(', ');
}
