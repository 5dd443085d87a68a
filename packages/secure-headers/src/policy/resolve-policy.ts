import { didYouMean, rejectUnknownKeys } from '@mana/internal';
import { type CspDirectiveMap, mergeCsp } from '../csp/compile-csp.js';
import type { CspDirectives } from '../csp/types.js';
import { fail } from '../errors.js';
import { type PermissionsMap, resolvePermissions } from '../headers/permissions-policy.js';
import { resolveReferrerPolicy } from '../headers/referrer-policy.js';
import { resolveReportingEndpoints } from '../headers/reporting-endpoints.js';
import {
  ENUM_HEADERS,
  type EnumHeaderOption,
  resolveCacheControl,
  resolveEnumHeader,
} from '../headers/simple-headers.js';
import {
  type ResolvedHsts,
  resolveHsts,
  type StrictTransportSecurityOptions,
} from '../headers/strict-transport-security.js';
import type { SecureHeadersOptions, SecureHeadersPreset } from './options.js';
import { PRESETS, RECOMMENDED } from './presets.js';

/** Every header decision, validated, before compilation to strings. */
export interface ResolvedPolicy {
  readonly preset: SecureHeadersPreset;
  readonly csp?: CspDirectiveMap;
  readonly cspReportOnly?: CspDirectiveMap;
  readonly hsts?: ResolvedHsts;
  readonly permissions?: PermissionsMap;
  readonly reportingEndpoints?: ReadonlyMap<string, string>;
  /** Option name → value for one-token headers, Referrer-Policy and Cache-Control. */
  readonly simple: ReadonlyMap<string, string>;
  readonly remove: readonly string[];
  readonly overwrite: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Resolver = (policy: Mutable<ResolvedPolicy>, value: unknown) => void;

const ENUM_OPTIONS = Object.keys(ENUM_HEADERS) as EnumHeaderOption[];

function simple(option: string, resolve: (value: unknown) => string): Resolver {
  return (policy, value) => {
    const map = new Map(policy.simple);
    if (value === false) map.delete(option);
    else if (value === true) {
      const fallback = (RECOMMENDED as Record<string, unknown>)[option];
      if (!map.has(option)) map.set(option, resolve(fallback));
    } else map.set(option, resolve(value));
    policy.simple = map;
  };
}

function csp(key: 'csp' | 'cspReportOnly', header: string): Resolver {
  return (policy, value) => {
    if (value === false) policy[key] = undefined;
    else if (value === true)
      policy[key] ??= mergeCsp(undefined, RECOMMENDED.contentSecurityPolicy as string, header);
    else policy[key] = mergeCsp(policy[key], value as string | CspDirectives, header);
  };
}

const RESOLVERS: Record<Exclude<keyof SecureHeadersOptions, 'preset'>, Resolver> = {
  contentSecurityPolicy: csp('csp', 'Content-Security-Policy'),
  contentSecurityPolicyReportOnly: csp('cspReportOnly', 'Content-Security-Policy-Report-Only'),
  strictTransportSecurity: (policy, value) => {
    if (value === false) policy.hsts = undefined;
    else if (value === true)
      policy.hsts ??= resolveHsts(undefined, RECOMMENDED.strictTransportSecurity as string);
    else policy.hsts = resolveHsts(policy.hsts, value as string | StrictTransportSecurityOptions);
  },
  permissionsPolicy: (policy, value) => {
    if (value === false) policy.permissions = undefined;
    else if (value === true)
      policy.permissions ??= resolvePermissions(undefined, RECOMMENDED.permissionsPolicy);
    else policy.permissions = resolvePermissions(policy.permissions, value);
  },
  reportingEndpoints: (policy, value) => {
    policy.reportingEndpoints =
      value === false ? undefined : resolveReportingEndpoints(policy.reportingEndpoints, value);
  },
  referrerPolicy: simple('referrerPolicy', (v) => resolveReferrerPolicy(v as string)),
  cacheControl: simple('cacheControl', resolveCacheControl),
  removeHeaders: (policy, value) => {
    policy.remove = value === false ? [] : checkHeaderNames(value);
  },
  overwrite: (policy, value) => {
    if (typeof value !== 'boolean') {
      fail({
        code: 'INVALID_VALUE',
        header: 'overwrite',
        value: String(value),
        problem: 'must be a boolean',
        fix: 'write true or false.',
      });
    }
    policy.overwrite = value;
  },
  ...(Object.fromEntries(
    ENUM_OPTIONS.map((option) => [option, simple(option, (v) => resolveEnumHeader(option, v))]),
  ) as Record<EnumHeaderOption, Resolver>),
};

/** Every key of {@link SecureHeadersOptions}: `preset` and one resolver per header option. */
const OPTION_NAMES: ReadonlySet<string> = new Set(['preset', ...Object.keys(RESOLVERS)]);

function checkHeaderNames(value: unknown): readonly string[] {
  if (
    !Array.isArray(value) ||
    value.some((name) => typeof name !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name))
  ) {
    return fail({
      code: 'INVALID_VALUE',
      header: 'removeHeaders',
      value: JSON.stringify(value) ?? String(value),
      problem: 'must be a list of header names',
      fix: "write ['X-Powered-By', 'Server'], or false to remove nothing.",
    });
  }
  return [...value];
}

/**
 * Applies options on top of `base`. With no base, starts from `options.preset` (default
 * `'default'`). Used both to build a policy and to derive a route override from one.
 */
export function resolvePolicy(
  base: ResolvedPolicy | undefined,
  options: SecureHeadersOptions,
): ResolvedPolicy {
  if (options === null || typeof options !== 'object') {
    fail({
      code: 'INVALID_VALUE',
      header: 'options',
      value: String(options),
      problem: 'must be an object',
      fix: 'pass {} or leave it out.',
    });
  }
  let policy: Mutable<ResolvedPolicy>;
  if (base) {
    if (options.preset !== undefined) {
      fail({
        code: 'UNKNOWN_OPTION',
        header: 'preset',
        value: String(options.preset),
        problem: 'cannot change in a route override, which merges into an existing policy',
        fix: 'create a separate policy with createSecureHeaders({ preset }) and mount it on those routes.',
      });
    }
    policy = { ...base };
  } else {
    policy = fromPreset(options.preset ?? 'default');
  }
  rejectUnknownKeys(options, OPTION_NAMES, {
    where: 'createSecureHeaders',
    onUnknown: ({ key, didYouMean: suggestion }) =>
      fail({
        code: 'UNKNOWN_OPTION',
        header: key,
        value: key,
        problem: 'is not an option of createSecureHeaders',
        fix: `${suggestion}See SecureHeadersOptions for the list.`,
      }),
  });
  for (const [key, value] of Object.entries(options)) {
    if (key === 'preset' || value === undefined) continue;
    (RESOLVERS as Record<string, Resolver>)[key]!(policy, value);
  }
  return policy;
}

function fromPreset(preset: SecureHeadersPreset): Mutable<ResolvedPolicy> {
  if (!Object.hasOwn(PRESETS, preset)) {
    fail({
      code: 'UNKNOWN_PRESET',
      header: 'preset',
      value: String(preset),
      problem: 'is not a preset',
      fix: `${didYouMean(String(preset), Object.keys(PRESETS))}Use 'default', 'owasp' or 'api'.`,
    });
  }
  const empty: ResolvedPolicy = { preset, simple: new Map(), remove: [], overwrite: true };
  return { ...resolvePolicy(empty, PRESETS[preset]), preset };
}
