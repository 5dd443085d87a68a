import { didYouMean } from '@mana/internal';
import { fail } from '../errors.js';
import {
  FEATURES,
  featureHeaderName,
  featureOptionName,
  isFeatureName,
  type PermissionsPolicyFeature,
} from './permissions-policy-features.js';

const HEADER = 'Permissions-Policy';

/**
 * Who may use a feature: `'none'` (or `[]`) nobody, `'self'` this origin, `'*'` everyone, or a
 * list of `'self'` and origins such as `'https://maps.example.com'`.
 *
 * @example
 * ```ts
 * const allow: PermissionsPolicyAllowlist = ['self', 'https://pay.example.com'];
 * ```
 */
export type PermissionsPolicyAllowlist = 'none' | 'self' | '*' | readonly ('self' | (string & {}))[];

/**
 * Permissions-Policy as typed features. In options it is merged into the preset's features;
 * set a feature to `false` to drop it.
 *
 * @example
 * ```ts
 * const permissions: PermissionsPolicyFeatures = { camera: 'none', geolocation: 'self', fullscreen: ['self'] };
 * ```
 */
export type PermissionsPolicyFeatures = {
  [K in PermissionsPolicyFeature]?: PermissionsPolicyAllowlist | false;
};

/** A validated policy: feature (option name) → serialised allowlist, in order. */
export type PermissionsMap = ReadonlyMap<string, string>;

function badAllowlist(feature: string, value: unknown, problem: string): never {
  return fail({
    code: 'PERMISSIONS_POLICY_INVALID_ALLOWLIST',
    header: HEADER,
    value: typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)),
    problem: `${featureHeaderName(feature)} ${problem}`,
    fix: `write 'none', 'self', '*' or a list such as ['self', 'https://example.com'].`,
  });
}

function origin(feature: string, entry: string): string {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return badAllowlist(feature, entry, 'has an entry that is neither self nor an origin');
  }
  if (url.origin === 'null' || url.origin !== entry.replace(/\/$/, '').toLowerCase()) {
    badAllowlist(
      feature,
      entry,
      'has an origin with a path, query or unsupported scheme; use scheme://host[:port]',
    );
  }
  return `"${url.origin}"`;
}

function serializeAllowlist(feature: string, value: unknown): string {
  if (value === 'none') return '()';
  if (value === '*') return '*';
  if (value === 'self') return '(self)';
  if (!Array.isArray(value)) return badAllowlist(feature, value, 'has an allowlist of the wrong type');
  if (value.includes('*')) {
    if (value.length > 1)
      badAllowlist(feature, value, "mixes '*' with other entries; '*' already allows everyone");
    return '*';
  }
  const entries = value.map((entry: unknown) => {
    if (entry === 'self') return 'self';
    if (typeof entry !== 'string') return badAllowlist(feature, entry, 'has a non-string entry');
    if (entry === 'none' || entry === "'none'")
      badAllowlist(feature, value, "lists 'none' inside a list; use 'none' alone");
    if (entry === "'self'")
      badAllowlist(feature, entry, "quotes self; Permissions-Policy writes it bare: 'self'");
    return origin(feature, entry);
  });
  return `(${[...new Set(entries)].join(' ')})`;
}

function checkFeature(name: string): void {
  if (isFeatureName(name)) return;
  fail({
    code: 'PERMISSIONS_POLICY_UNKNOWN_FEATURE',
    header: HEADER,
    value: name,
    problem: 'has an unknown feature',
    fix: `${didYouMean(name, FEATURES)}Features are camelCase option names such as syncXhr (sync-xhr).`,
  });
}

function parsePermissions(value: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const item of value.split(',')) {
    const match = /^\s*([a-z][a-z0-9-]*)\s*=\s*(\*|\(([^()]*)\)|self)\s*$/.exec(item);
    if (!match) {
      return fail({
        code: 'PERMISSIONS_POLICY_INVALID_ALLOWLIST',
        header: HEADER,
        value: item.trim(),
        problem: 'has an entry that is not feature=allowlist',
        fix: 'write entries such as camera=(), geolocation=(self "https://maps.example.com"), fullscreen=*.',
      });
    }
    const [, feature = '', allowlist = '', inner] = match;
    const entries = inner === undefined ? [] : inner.trim().split(/\s+/).filter(Boolean);
    result[featureOptionName(feature)] =
      allowlist === '*'
        ? '*'
        : allowlist === 'self'
          ? 'self'
          : entries.map((e) => e.replace(/^"(.*)"$/, '$1'));
  }
  return result;
}

/**
 * Validates features (an object merged into `base`, or a header string that replaces it) and
 * returns feature → serialised allowlist.
 */
export function resolvePermissions(base: PermissionsMap | undefined, input: unknown): PermissionsMap {
  const features = typeof input === 'string' ? parsePermissions(input) : input;
  if (features === null || typeof features !== 'object' || Array.isArray(features)) {
    return fail({
      code: 'INVALID_VALUE',
      header: HEADER,
      value: String(input),
      problem: 'expects an object of features, a header string, true or false',
      fix: "write { camera: 'none', geolocation: 'self' }.",
    });
  }
  const result = new Map(typeof input === 'string' ? undefined : base);
  for (const [name, allowlist] of Object.entries(features)) {
    checkFeature(name);
    if (allowlist === false || allowlist === undefined) result.delete(name);
    else result.set(name, serializeAllowlist(name, allowlist));
  }
  return result;
}

/** `camera=(), geolocation=(self)`. */
export function serializePermissions(map: PermissionsMap): string {
  return [...map].map(([name, allowlist]) => `${featureHeaderName(name)}=${allowlist}`).join(', ');
}
