import { describeValue, didYouMean, rejectUnknownKeys } from '@mana/internal';
import { CHECK_NAMES, type CheckName } from '../checks/check-result.js';
import { compileHeaderPolicy, type HeaderRule } from '../checks/security-header-policy.js';
import { MonitorError } from '../monitor-error.js';
import { checkLoginTransport } from './insecure-login.js';
import {
  CHECK_OPTION_KINDS,
  type CheckOptions,
  DEFAULT_CHECK_OPTIONS,
  TARGET_OPTION_KEYS,
  type TargetOptions,
} from './target-options.js';

/**
 * A validated target with every default filled in and the header policy compiled.
 *
 * @example
 * ```ts
 * import { resolveTargets } from './resolve-targets.js';
 * const [target] = resolveTargets([{ baseUrl: 'http://localhost:3001/api/v1/auth' }]);
 * console.log(target?.healthUrl); // http://localhost:3001/api/v1/auth/health
 * ```
 */
export interface ResolvedTarget {
  name: string;
  baseUrl: string;
  healthUrl: string;
  jwksUrl: string;
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
  degradedResponseMs: number;
  downResponseMs: number;
  headerRules: HeaderRule[];
  skip: ReadonlySet<CheckName>;
  tlsWarnDays: number;
  tlsFailDays: number;
  login: { email: string; password: string; loginUrl: string; logoutUrl: string } | null;
}

type NumberOption =
  | 'timeoutMs'
  | 'retries'
  | 'retryDelayMs'
  | 'degradedResponseMs'
  | 'downResponseMs'
  | 'tlsWarnDays'
  | 'tlsFailDays';

/**
 * Validates targets, fills in defaults and gives every target a unique name. Unknown option
 * keys are refused with a did-you-mean suggestion.
 *
 * @param defaults options applied to every target unless the target sets them itself.
 * @throws {MonitorError} `INVALID_OPTION` naming the target and option that is wrong.
 * @example
 * ```ts
 * import { resolveTargets } from './resolve-targets.js';
 * const targets = resolveTargets(
 *   [{ baseUrl: 'https://a.example.com/api/v1/auth' }, { baseUrl: 'https://b.example.com/api/v1/auth' }],
 *   { timeoutMs: 5000 },
 * );
 * console.log(targets.map((t) => t.name)); // ['a.example.com', 'b.example.com']
 * ```
 */
export function resolveTargets(
  targets: readonly TargetOptions[],
  defaults: CheckOptions = {},
): ResolvedTarget[] {
  if (targets.length === 0) {
    throw new MonitorError(
      'INVALID_OPTION',
      'No target given: pass a base URL such as http://localhost:3001/api/v1/auth, or a config file with "targets".',
    );
  }
  rejectUnknownOptions(defaults, Object.keys(CHECK_OPTION_KINDS), 'defaults');
  const resolved = targets.map((target, index) => {
    const where = `target #${index + 1}`;
    rejectUnknownOptions(target, TARGET_OPTION_KEYS, where);
    return resolveOne({ ...defaults, ...target, headers: { ...defaults.headers, ...target.headers } }, where);
  });
  const hostCount = new Map<string, number>();
  for (const t of resolved)
    if (!t.name) hostCount.set(new URL(t.baseUrl).host, (hostCount.get(new URL(t.baseUrl).host) ?? 0) + 1);
  const seen = new Set<string>();
  for (const t of resolved) {
    if (!t.name) {
      const url = new URL(t.baseUrl);
      t.name = (hostCount.get(url.host) ?? 0) > 1 ? `${url.host}${url.pathname}` : url.host;
    }
    if (seen.has(t.name)) {
      throw new MonitorError(
        'INVALID_OPTION',
        `Two targets are named "${t.name}"; give each target a unique "name" (history and dashboard are keyed by name).`,
      );
    }
    seen.add(t.name);
  }
  return resolved;
}

function rejectUnknownOptions(options: object, known: readonly string[], where: string): void {
  rejectUnknownKeys(options, known, {
    where,
    onUnknown: ({ key, didYouMean }) => {
      throw new MonitorError(
        'INVALID_OPTION',
        `${where}: "${key}" is not a known option; ${didYouMean ? `${didYouMean}Allowed` : 'allowed'} here: ${known.join(', ')}.`,
      );
    },
  });
}

function resolveOne(options: TargetOptions, where: string): ResolvedTarget {
  const baseUrl = parseBaseUrl(options.baseUrl, where);
  const number = (key: NumberOption, min: number) => {
    const value = options[key] ?? DEFAULT_CHECK_OPTIONS[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new MonitorError(
        'INVALID_OPTION',
        `${where}: "${key}" must be an integer >= ${min}, got ${describeValue(value)}.`,
      );
    }
    return value;
  };
  const path = (value: string | undefined, fallback: string, key: string) =>
    joinPath(baseUrl, value ?? fallback, where, key);
  const target: ResolvedTarget = {
    name: parseName(options.name, where),
    baseUrl,
    healthUrl: path(options.healthPath, DEFAULT_CHECK_OPTIONS.healthPath, 'healthPath'),
    jwksUrl: path(options.jwksPath, DEFAULT_CHECK_OPTIONS.jwksPath, 'jwksPath'),
    timeoutMs: number('timeoutMs', 1),
    retries: number('retries', 0),
    retryDelayMs: number('retryDelayMs', 0),
    degradedResponseMs: number('degradedResponseMs', 1),
    downResponseMs: number('downResponseMs', 1),
    headerRules: compileHeaderPolicy(options.headers ?? {}),
    skip: parseSkip(options.skip, where),
    tlsWarnDays: number('tlsWarnDays', 0),
    tlsFailDays: number('tlsFailDays', 0),
    login: null,
  };
  if (options.login) {
    const { email, password, loginPath, logoutPath, allowInsecureHttp } = options.login;
    if (typeof email !== 'string' || !email || typeof password !== 'string' || !password) {
      throw new MonitorError(
        'INVALID_OPTION',
        `${where}: "login" needs a non-empty email and password (the CLI reads them from MANA_AUTH_MONITOR_EMAIL and MANA_AUTH_MONITOR_PASSWORD).`,
      );
    }
    checkLoginTransport(baseUrl, allowInsecureHttp, where);
    target.login = {
      email,
      password,
      loginUrl: path(loginPath, 'login', 'loginPath'),
      logoutUrl: path(logoutPath, 'logout', 'logoutPath'),
    };
  }
  checkOrder(target, where);
  return target;
}

function checkOrder(target: ResolvedTarget, where: string): void {
  if (target.degradedResponseMs > target.downResponseMs) {
    throw new MonitorError(
      'INVALID_OPTION',
      `${where}: "degradedResponseMs" (${target.degradedResponseMs}) must not exceed "downResponseMs" (${target.downResponseMs}).`,
    );
  }
  if (target.tlsFailDays > target.tlsWarnDays) {
    throw new MonitorError(
      'INVALID_OPTION',
      `${where}: "tlsFailDays" (${target.tlsFailDays}) must not exceed "tlsWarnDays" (${target.tlsWarnDays}).`,
    );
  }
}

function parseBaseUrl(value: unknown, where: string): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new MonitorError(
      'INVALID_OPTION',
      `${where}: base URL ${describeValue(value)} is not a URL; write it in full, e.g. http://localhost:3001/api/v1/auth.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new MonitorError(
      'INVALID_OPTION',
      `${where}: base URL ${url.href} must start with http:// or https://.`,
    );
  }
  const endpoint = /\/(health|jwks)\/?$/;
  if (endpoint.test(url.pathname)) {
    throw new MonitorError(
      'INVALID_OPTION',
      `${where}: base URL ${url.href} ends with an endpoint; give the auth base path instead (${url.origin}${url.pathname.replace(endpoint, '')}): the monitor appends /health and /jwks itself.`,
    );
  }
  url.hash = '';
  url.search = '';
  return url.href.replace(/\/+$/, '');
}

function joinPath(baseUrl: string, path: string, where: string, key: string): string {
  if (typeof path !== 'string' || path.length === 0 || /^[a-z]+:/i.test(path)) {
    throw new MonitorError(
      'INVALID_OPTION',
      `${where}: "${key}" must be a path relative to the base URL, such as "health", got ${describeValue(path)}.`,
    );
  }
  return `${baseUrl}/${path.replace(/^\/+/, '')}`;
}

function parseName(name: unknown, where: string): string {
  if (name === undefined) return '';
  if (typeof name !== 'string' || name.trim() === '' || name.length > 100 || /[\r\n]/.test(name)) {
    throw new MonitorError(
      'INVALID_OPTION',
      `${where}: "name" must be a non-empty single-line string of at most 100 characters, got ${describeValue(name)}.`,
    );
  }
  return name.trim();
}

function parseSkip(skip: unknown, where: string): ReadonlySet<CheckName> {
  if (skip === undefined) return new Set();
  if (!Array.isArray(skip)) {
    throw new MonitorError(
      'INVALID_OPTION',
      `${where}: "skip" must be an array of check names (${CHECK_NAMES.join(', ')}).`,
    );
  }
  for (const name of skip) {
    if (!CHECK_NAMES.includes(name)) {
      throw new MonitorError(
        'INVALID_OPTION',
        `${where}: cannot skip unknown check ${describeValue(name)}; ${didYouMean(String(name), CHECK_NAMES)}known checks: ${CHECK_NAMES.join(', ')}.`,
      );
    }
  }
  return new Set(skip as CheckName[]);
}
