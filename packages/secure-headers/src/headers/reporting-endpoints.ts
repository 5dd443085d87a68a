import { ENDPOINT_NAME } from '../csp/directive-value.js';
import { fail } from '../errors.js';
import { isLoopbackHost } from '../loopback.js';

const HEADER = 'Reporting-Endpoints';

/**
 * Named report collectors for the `Reporting-Endpoints` header; CSP's `reportTo` refers to them by
 * name. URLs are absolute `https:` URLs (or `http:` on loopback) or paths such as `/reports`.
 *
 * @example
 * ```ts
 * const endpoints: ReportingEndpoints = { csp: 'https://example.com/reports/csp' };
 * ```
 */
export type ReportingEndpoints = Readonly<Record<string, string>>;

function bad(value: string, problem: string, fix: string): never {
  return fail({ code: 'REPORTING_ENDPOINT_INVALID', header: HEADER, value, problem, fix });
}

function checkUrl(name: string, url: unknown): string {
  if (typeof url !== 'string' || /[\s"\\]/.test(url) || /[^\x21-\x7e]/.test(url) || url === '') {
    return bad(
      String(url),
      `has an invalid URL for ${name}`,
      'use an absolute https:// URL or a path such as "/reports".',
    );
  }
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return bad(
      url,
      `has an invalid URL for ${name}`,
      'use an absolute https:// URL or a path such as "/reports".',
    );
  }
  const trustworthy =
    parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.host));
  if (!trustworthy) {
    bad(
      url,
      `has a URL for ${name} that browsers will not send reports to`,
      'use https:// (http:// only works for localhost).',
    );
  }
  return url;
}

/** Validates endpoints (merged into `base`; `false` drops one) and returns name → URL. */
export function resolveReportingEndpoints(
  base: ReadonlyMap<string, string> | undefined,
  input: unknown,
): ReadonlyMap<string, string> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return bad(
      String(input),
      'expects an object of name → URL',
      "write { csp: 'https://example.com/reports' }.",
    );
  }
  const result = new Map(base);
  for (const [name, url] of Object.entries(input)) {
    if (!ENDPOINT_NAME.test(name)) {
      bad(
        name,
        'has an endpoint name that is not a lower-case structured-field key',
        `write e.g. "csp" or "csp-endpoint".`,
      );
    }
    if (url === false) result.delete(name);
    else result.set(name, checkUrl(name, url));
  }
  return result;
}

/** `csp="https://example.com/reports", default="/reports"`. */
export function serializeReportingEndpoints(endpoints: ReadonlyMap<string, string>): string {
  return [...endpoints].map(([name, url]) => `${name}="${url}"`).join(', ');
}
