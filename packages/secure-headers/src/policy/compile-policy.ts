import { compileCsp, usesNonce } from '../csp/compile-csp.js';
import { fail } from '../errors.js';
import { serializePermissions } from '../headers/permissions-policy.js';
import { serializeReportingEndpoints } from '../headers/reporting-endpoints.js';
import { ENUM_HEADERS } from '../headers/simple-headers.js';
import { serializeHsts } from '../headers/strict-transport-security.js';
import type { HeaderTemplate } from './header-template.js';
import type { ResolvedPolicy } from './resolve-policy.js';

/**
 * A policy compiled to strings: what every response gets, in order. Applying it is a loop of
 * `set` calls; only templates with a nonce slot are concatenated per response.
 */
export interface CompiledPolicy {
  /** Enforced headers (replace what the response has unless `overwrite` is false). */
  readonly names: readonly string[];
  /** `names` lower-cased, for header tables keyed that way (Node's). */
  readonly lowerNames: readonly string[];
  readonly templates: readonly HeaderTemplate[];
  /** Headers set only when the response has none (Cache-Control). */
  readonly defaultNames: readonly string[];
  readonly defaultValues: readonly string[];
  readonly remove: readonly string[];
  readonly removeLower: readonly string[];
  readonly overwrite: boolean;
  readonly usesNonce: boolean;
  /** The same policy without HSTS, for plain-HTTP localhost; undefined unless asked for. */
  readonly plainHttpLocalhost: CompiledPolicy | undefined;
}

/** Header order: the spec's seven first, in its order, then the rest. */
const ORDER = [
  'hsts',
  'xContentTypeOptions',
  'xFrameOptions',
  'csp',
  'xXssProtection',
  'referrerPolicy',
  'permissions',
  'cspReportOnly',
  'reportingEndpoints',
  'crossOriginOpenerPolicy',
  'crossOriginEmbedderPolicy',
  'crossOriginResourcePolicy',
  'originAgentCluster',
  'xDnsPrefetchControl',
  'xPermittedCrossDomainPolicies',
] as const;

function checkReportTo(policy: ResolvedPolicy): void {
  for (const [header, directives] of [
    ['Content-Security-Policy', policy.csp],
    ['Content-Security-Policy-Report-Only', policy.cspReportOnly],
  ] as const) {
    const name = directives?.get('reportTo')?.[0];
    if (typeof name === 'string' && !policy.reportingEndpoints?.has(name)) {
      fail({
        code: 'CSP_UNKNOWN_REPORT_ENDPOINT',
        header,
        value: name,
        problem: `report-to names an endpoint that Reporting-Endpoints does not declare, so no report would be sent`,
        fix: `add reportingEndpoints: { ${JSON.stringify(name)}: 'https://example.com/csp-reports' }.`,
      });
    }
  }
}

function entry(policy: ResolvedPolicy, key: (typeof ORDER)[number]): [string, HeaderTemplate] | undefined {
  switch (key) {
    case 'hsts':
      return policy.hsts && ['Strict-Transport-Security', [serializeHsts(policy.hsts)]];
    case 'csp':
      return policy.csp && ['Content-Security-Policy', compileCsp(policy.csp)];
    case 'cspReportOnly':
      return (
        policy.cspReportOnly && ['Content-Security-Policy-Report-Only', compileCsp(policy.cspReportOnly)]
      );
    case 'permissions':
      return policy.permissions && policy.permissions.size > 0
        ? ['Permissions-Policy', [serializePermissions(policy.permissions)]]
        : undefined;
    case 'reportingEndpoints':
      return policy.reportingEndpoints && policy.reportingEndpoints.size > 0
        ? ['Reporting-Endpoints', [serializeReportingEndpoints(policy.reportingEndpoints)]]
        : undefined;
    case 'referrerPolicy': {
      const value = policy.simple.get(key);
      return value === undefined ? undefined : ['Referrer-Policy', [value]];
    }
    default: {
      const value = policy.simple.get(key);
      return value === undefined ? undefined : [ENUM_HEADERS[key].header, [value]];
    }
  }
}

/**
 * Defence in depth: every compiled value is printable ASCII, so adapters may hand it to the
 * platform without re-validating it (each validator above already guarantees this).
 */
function checkCharacters(template: HeaderTemplate): void {
  for (const segment of template) {
    if (/[^\t\x20-\x7e]/.test(segment)) {
      fail({
        code: 'INVALID_CHARACTERS',
        header: 'header value',
        value: segment,
        problem: 'contains a control or non-ASCII character',
        fix: 'use printable ASCII only.',
      });
    }
  }
}

function build(policy: ResolvedPolicy, withHsts: boolean): CompiledPolicy {
  const names: string[] = [];
  const templates: HeaderTemplate[] = [];
  for (const key of ORDER) {
    if (key === 'hsts' && !withHsts) continue;
    const header = entry(policy, key);
    if (header) {
      names.push(header[0]);
      templates.push(header[1]);
    }
  }
  const cacheControl = policy.simple.get('cacheControl');
  for (const template of templates) checkCharacters(template);
  return {
    names,
    lowerNames: names.map((name) => name.toLowerCase()),
    templates,
    defaultNames: cacheControl === undefined ? [] : ['Cache-Control'],
    defaultValues: cacheControl === undefined ? [] : [cacheControl],
    remove: policy.remove,
    removeLower: policy.remove.map((name) => name.toLowerCase()),
    overwrite: policy.overwrite,
    usesNonce: usesNonce(policy.csp) || usesNonce(policy.cspReportOnly),
    plainHttpLocalhost: undefined,
  };
}

/** Compiles a resolved policy once; the result is immutable and shared by every response. */
export function compilePolicy(policy: ResolvedPolicy): CompiledPolicy {
  checkReportTo(policy);
  const compiled = build(policy, true);
  if (!policy.hsts?.omitOnPlainHttpLocalhost) return Object.freeze(compiled);
  return Object.freeze({ ...compiled, plainHttpLocalhost: Object.freeze(build(policy, false)) });
}
