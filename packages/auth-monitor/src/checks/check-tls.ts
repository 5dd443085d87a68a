import type { CheckResult } from './check-result.js';
import { inspectTls, type TlsInspection } from './inspect-tls.js';

/**
 * Options of {@link checkTls} and {@link evaluateTls}.
 *
 * @example
 * ```ts
 * import type { TlsCheckOptions } from './check-tls.js';
 * const options: TlsCheckOptions = { timeoutMs: 5000, warnDays: 21, failDays: 7 };
 * ```
 */
export interface TlsCheckOptions {
  timeoutMs: number;
  /** Warn when fewer days than this remain. */
  warnDays: number;
  /** Fail when fewer days than this remain. */
  failDays: number;
  /** Clock, for tests. Default: now. */
  now?: Date;
}

const DAY_MS = 86_400_000;

const TRUST_HINTS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'the certificate has expired; renew it now (e.g. certbot renew) and reload the proxy',
  DEPTH_ZERO_SELF_SIGNED_CERT:
    'the certificate is self-signed; use one from a public CA, or point NODE_EXTRA_CA_CERTS at your private CA',
  SELF_SIGNED_CERT_IN_CHAIN:
    'the chain ends in an untrusted self-signed root; trust your CA with NODE_EXTRA_CA_CERTS',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'the server does not send its intermediate certificates; serve the full chain',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'the issuer is unknown; serve the full chain or trust the CA with NODE_EXTRA_CA_CERTS',
  ERR_TLS_CERT_ALTNAME_INVALID:
    'the certificate does not cover this host name; reissue it with this name in subjectAltName',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet; check the server clock and the certificate dates',
};

/**
 * Checks the TLS certificate of an `https` target: trusted chain, host name match, TLS 1.2 or
 * newer, and days until expiry against the thresholds. Plain `http` targets are skipped, with a
 * warning when the host is not local (tokens would travel in clear text).
 *
 * @example
 * ```ts
 * import { checkTls } from './check-tls.js';
 * const result = await checkTls('https://auth.example.com/api/v1/auth', { timeoutMs: 5000, warnDays: 21, failDays: 7 });
 * console.log(result.summary); // TLSv1.3, valid until 2026-03-01 (52 days left), issuer Let's Encrypt
 * ```
 */
export async function checkTls(url: string, options: TlsCheckOptions): Promise<CheckResult> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:') return plainHttp(parsed);
  let inspection: TlsInspection;
  try {
    inspection = await inspectTls(url, options);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const unreachable = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
    const message = error instanceof Error ? error.message : String(error);
    if (unreachable)
      return { name: 'tls', status: 'skip', summary: `could not connect (${code})`, problems: [] };
    return {
      name: 'tls',
      status: 'fail',
      summary: 'TLS handshake failed',
      problems: [
        `TLS handshake with ${parsed.host} failed: ${message}. Check the certificate and TLS settings of the server or proxy.`,
      ],
    };
  }
  return evaluateTls(inspection, options);
}

/**
 * Judges a {@link TlsInspection}. Pure: give it `now` to test expiry handling.
 *
 * @example
 * ```ts
 * import { evaluateTls } from './check-tls.js';
 * const result = evaluateTls(
 *   { authorized: true, authorizationError: null, protocol: 'TLSv1.3', validFrom: '2025-01-01T00:00:00Z', validTo: '2025-01-10T00:00:00Z', subject: 'auth.example.com', issuer: 'R3' },
 *   { timeoutMs: 5000, warnDays: 21, failDays: 7, now: new Date('2025-01-05T00:00:00Z') },
 * );
 * console.log(result.status); // 'fail': 5 days left
 * ```
 */
export function evaluateTls(inspection: TlsInspection, options: TlsCheckOptions): CheckResult {
  const now = options.now ?? new Date();
  const daysLeft = Math.floor((Date.parse(inspection.validTo) - now.getTime()) / DAY_MS);
  const until = inspection.validTo.slice(0, 10);
  const details = { ...inspection, daysLeft };
  const summary = `${inspection.protocol ?? 'TLS'}, valid until ${until} (${daysLeft} days left)${inspection.issuer ? `, issuer ${inspection.issuer}` : ''}`;
  const problems: string[] = [];
  let status: CheckResult['status'] = 'pass';
  if (!inspection.authorized) {
    const code = inspection.authorizationError ?? 'UNKNOWN';
    problems.push(
      `certificate not trusted (${code}): ${TRUST_HINTS[code] ?? 'clients will refuse to connect; fix the certificate chain'}.`,
    );
    status = 'fail';
  }
  if (daysLeft < 0) {
    if (inspection.authorized) problems.push(`certificate expired on ${until}; renew it now.`);
    status = 'fail';
  } else if (daysLeft < options.failDays) {
    problems.push(
      `certificate expires on ${until}, in ${daysLeft} days (fail threshold ${options.failDays}); renew it now.`,
    );
    status = 'fail';
  } else if (daysLeft < options.warnDays) {
    problems.push(
      `certificate expires on ${until}, in ${daysLeft} days (warn threshold ${options.warnDays}); renew it soon, and check that automatic renewal works.`,
    );
    if (status === 'pass') status = 'warn';
  }
  if (inspection.protocol && /^(SSLv|TLSv1(\.1)?$)/.test(inspection.protocol)) {
    problems.push(`negotiated ${inspection.protocol}; allow only TLS 1.2 and 1.3.`);
    status = 'fail';
  }
  return { name: 'tls', status, summary, problems, details };
}

function plainHttp(url: URL): CheckResult {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const local = host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1';
  if (local) return { name: 'tls', status: 'skip', summary: 'plain HTTP on a local address', problems: [] };
  return {
    name: 'tls',
    status: 'warn',
    summary: 'plain HTTP',
    problems: [
      `${url.host} is checked over plain HTTP: tokens and cookies would travel in clear text. Serve the auth service over https (or skip "tls" for a private network).`,
    ],
  };
}
