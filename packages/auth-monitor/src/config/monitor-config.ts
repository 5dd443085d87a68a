import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { MonitorError } from '../monitor-error.js';
import type { CheckOptions, TargetOptions } from './target-options.js';

/**
 * How a config file enables the `login` smoke test. Credentials never live in the file: it names
 * the environment variables that hold them. `true` uses `MANA_AUTH_MONITOR_EMAIL` and
 * `MANA_AUTH_MONITOR_PASSWORD`.
 *
 * @example
 * ```ts
 * import type { LoginConfig } from './monitor-config.js';
 * const login: LoginConfig = { emailEnv: 'EU_MONITOR_EMAIL', passwordEnv: 'EU_MONITOR_PASSWORD' };
 * ```
 */
export type LoginConfig =
  | boolean
  | { emailEnv?: string; passwordEnv?: string; loginPath?: string; logoutPath?: string };

/**
 * One entry of the config file's `targets`: a {@link TargetOptions} whose `login` names
 * environment variables instead of holding credentials.
 *
 * @example
 * ```ts
 * import type { TargetConfig } from '@mana/auth-monitor';
 * const target: TargetConfig = { name: 'eu-1', baseUrl: 'https://auth.example.com/api/v1/auth', login: true };
 * ```
 */
export interface TargetConfig extends Omit<TargetOptions, 'login'> {
  login?: LoginConfig;
}

/**
 * Where and how long the CLI keeps results (see the README's "History file" section).
 *
 * @example
 * ```ts
 * import type { HistoryConfig } from './monitor-config.js';
 * const history: HistoryConfig = { file: '/var/lib/mana-auth/history.jsonl', rawDays: 7, keepDays: 400 };
 * ```
 */
export interface HistoryConfig {
  /** History file path; relative paths are resolved from the config file's folder. */
  file?: string;
  /** Keep individual results this many days, then fold them into daily summaries. Default 7. */
  rawDays?: number;
  /** Drop daily summaries older than this many days. Default 400. */
  keepDays?: number;
}

/**
 * The JSON config file of `mana-auth-health --config`.
 *
 * @example
 * ```ts
 * import type { MonitorConfig } from '@mana/auth-monitor';
 * const config: MonitorConfig = {
 *   defaults: { timeoutMs: 5000, maxResponseMs: 1500 },
 *   targets: [
 *     { name: 'eu-1', baseUrl: 'https://auth-eu.example.com/api/v1/auth' },
 *     { name: 'staging', baseUrl: 'https://auth.staging.example.com/api/v1/auth', skip: ['tls'] },
 *   ],
 *   history: { file: 'history.jsonl' },
 * };
 * ```
 */
export interface MonitorConfig {
  /** Options applied to every target that does not set them itself. */
  defaults?: CheckOptions;
  /** Services to check (at least one). */
  targets: TargetConfig[];
  /** History settings. */
  history?: HistoryConfig;
}

const CHECK_KEYS: Record<keyof CheckOptions, Kind> = {
  healthPath: 'string',
  jwksPath: 'string',
  timeoutMs: 'integer',
  retries: 'integer',
  retryDelayMs: 'integer',
  degradedResponseMs: 'integer',
  downResponseMs: 'integer',
  headers: 'headers',
  skip: 'skip',
  tlsWarnDays: 'integer',
  tlsFailDays: 'integer',
};
type Kind = 'string' | 'integer' | 'headers' | 'skip' | 'login';
const TARGET_KEYS: Record<keyof TargetConfig, Kind> = {
  ...CHECK_KEYS,
  baseUrl: 'string',
  name: 'string',
  login: 'login',
};
const HISTORY_KEYS: Record<keyof HistoryConfig, Kind> = {
  file: 'string',
  rawDays: 'integer',
  keepDays: 'integer',
};
const LOGIN_KEYS = {
  emailEnv: 'string',
  passwordEnv: 'string',
  loginPath: 'string',
  logoutPath: 'string',
} as const;

/**
 * Validates a parsed config object. Unknown keys are errors, so that a typo such as `timeout`
 * instead of `timeoutMs` is caught instead of silently ignored.
 *
 * @param source name used in error messages (usually the file path).
 * @throws {MonitorError} `INVALID_CONFIG` naming the key path and what is expected.
 * @example
 * ```ts
 * import { parseMonitorConfig } from '@mana/auth-monitor';
 * const config = parseMonitorConfig(JSON.parse('{"targets":[{"baseUrl":"http://localhost:3001/api/v1/auth"}]}'));
 * ```
 */
export function parseMonitorConfig(value: unknown, source = 'config'): MonitorConfig {
  const root = expectObject(value, source, source);
  checkKeys(
    root,
    { $schema: 'string', defaults: 'string', targets: 'string', history: 'string' },
    source,
    source,
  );
  const config: MonitorConfig = { targets: [] };
  if (root.defaults !== undefined) {
    config.defaults = checkFields(
      expectObject(root.defaults, 'defaults', source),
      CHECK_KEYS,
      'defaults',
      source,
    ) as CheckOptions;
  }
  if (!Array.isArray(root.targets) || root.targets.length === 0) {
    fail(source, 'targets', 'must be a non-empty array of {"name", "baseUrl", ...} objects');
  }
  config.targets = (root.targets as unknown[]).map((entry, index) => {
    const where = `targets[${index}]`;
    const target = checkFields(expectObject(entry, where, source), TARGET_KEYS, where, source);
    if (typeof target.baseUrl !== 'string')
      fail(source, `${where}.baseUrl`, 'is required, e.g. "https://auth.example.com/api/v1/auth"');
    return target as unknown as TargetConfig;
  });
  if (root.history !== undefined) {
    config.history = checkFields(
      expectObject(root.history, 'history', source),
      HISTORY_KEYS,
      'history',
      source,
    ) as HistoryConfig;
  }
  return config;
}

/**
 * Reads and validates a config file. `history.file` is resolved relative to the config file.
 *
 * @throws {MonitorError} `CONFIG_NOT_FOUND` when the file cannot be read, `INVALID_CONFIG` when
 * it is not valid JSON or not a valid config.
 * @example
 * ```ts
 * import { loadMonitorConfig, runChecks } from '@mana/auth-monitor';
 * const config = await loadMonitorConfig('/etc/mana-auth/monitor.json');
 * const report = await runChecks(config.targets, config.defaults);
 * ```
 */
export async function loadMonitorConfig(path: string): Promise<MonitorConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason =
      (error as { code?: string }).code === 'ENOENT'
        ? 'does not exist'
        : `cannot be read (${(error as Error).message})`;
    throw new MonitorError(
      'CONFIG_NOT_FOUND',
      `Config file ${path} ${reason}; pass an existing JSON file with --config (see the README for the format).`,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MonitorError('INVALID_CONFIG', `${path}: not valid JSON (${(error as Error).message}).`, {
      cause: error,
    });
  }
  const config = parseMonitorConfig(json, path);
  if (config.history?.file) config.history.file = resolve(dirname(path), config.history.file);
  return config;
}

/**
 * Turns config targets into {@link TargetOptions}, reading login credentials from the environment.
 *
 * @throws {MonitorError} `INVALID_CONFIG` when a login is enabled but its variables are not set.
 * @example
 * ```ts
 * import { configTargets, loadMonitorConfig, runChecks } from '@mana/auth-monitor';
 * const config = await loadMonitorConfig('monitor.json');
 * const report = await runChecks(configTargets(config, process.env), config.defaults);
 * ```
 */
export function configTargets(
  config: MonitorConfig,
  env: Readonly<Record<string, string | undefined>>,
): TargetOptions[] {
  return config.targets.map((target, index) => {
    const { login, ...rest } = target;
    if (!login) return rest;
    const settings = login === true ? {} : login;
    const emailEnv = settings.emailEnv ?? 'MANA_AUTH_MONITOR_EMAIL';
    const passwordEnv = settings.passwordEnv ?? 'MANA_AUTH_MONITOR_PASSWORD';
    const missing = [emailEnv, passwordEnv].filter((name) => !env[name]);
    if (missing.length > 0) {
      throw new MonitorError(
        'INVALID_CONFIG',
        `targets[${index}].login is enabled but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set; export the monitoring account's credentials (never put them in the config file).`,
      );
    }
    const paths = {
      ...(settings.loginPath ? { loginPath: settings.loginPath } : {}),
      ...(settings.logoutPath ? { logoutPath: settings.logoutPath } : {}),
    };
    return { ...rest, login: { email: env[emailEnv]!, password: env[passwordEnv]!, ...paths } };
  });
}

function checkFields(
  object: Record<string, unknown>,
  kinds: Record<string, Kind>,
  where: string,
  source: string,
) {
  checkKeys(object, kinds, where, source);
  for (const [key, value] of Object.entries(object)) {
    const kind = kinds[key];
    const at = `${where}.${key}`;
    if (kind === 'string' && typeof value !== 'string')
      fail(source, at, `must be a string, got ${JSON.stringify(value)}`);
    if (kind === 'integer' && !(Number.isInteger(value) && (value as number) >= 0))
      fail(source, at, `must be a whole number >= 0, got ${JSON.stringify(value)}`);
    if (kind === 'skip' && !(Array.isArray(value) && value.every((v) => typeof v === 'string')))
      fail(source, at, 'must be an array of check names, e.g. ["tls"]');
    if (kind === 'login' && typeof value !== 'boolean')
      checkFields(expectObject(value, at, source), LOGIN_KEYS, at, source);
    if (kind === 'headers') {
      const headers = expectObject(value, at, source);
      for (const [name, expected] of Object.entries(headers)) {
        if (typeof expected !== 'string' && typeof expected !== 'boolean') {
          fail(
            source,
            `${at}.${name}`,
            'must be the expected value (string), true (must be present) or false (do not check)',
          );
        }
      }
    }
  }
  return object;
}

function checkKeys(
  object: Record<string, unknown>,
  allowed: Record<string, unknown>,
  where: string,
  source: string,
): void {
  for (const key of Object.keys(object)) {
    if (!(key in allowed))
      fail(
        source,
        where === source ? key : `${where}.${key}`,
        `is not a known option; allowed here: ${Object.keys(allowed).join(', ')}`,
      );
  }
}

function expectObject(value: unknown, where: string, source: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(source, where, `must be a JSON object, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

function fail(source: string, at: string, message: string): never {
  throw new MonitorError('INVALID_CONFIG', `${source}: ${at === source ? '' : `"${at}" `}${message}.`);
}
