import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { MonitorError } from '../monitor-error.js';
import { checkFields, expectObject, failField, rejectUnknownFields } from './config-fields.js';
import {
  CHECK_OPTION_KINDS,
  type CheckOptions,
  type OptionKind,
  type TargetOptions,
} from './target-options.js';

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
  | {
      emailEnv?: string;
      passwordEnv?: string;
      loginPath?: string;
      logoutPath?: string;
      /** Allow the login over plain http:// to a host that is not loopback. Default false. */
      allowInsecureHttp?: boolean;
    };

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

const TARGET_FIELDS: Readonly<Record<keyof TargetConfig, OptionKind>> = Object.freeze({
  ...CHECK_OPTION_KINDS,
  baseUrl: 'string',
  name: 'string',
  login: 'login',
});
const HISTORY_FIELDS: Readonly<Record<keyof HistoryConfig, OptionKind>> = Object.freeze({
  file: 'string',
  rawDays: 'integer',
  keepDays: 'integer',
});
const ROOT_KEYS: readonly string[] = Object.freeze(['$schema', 'defaults', 'targets', 'history']);

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
  const root = expectObject(value, { source, path: '' });
  rejectUnknownFields(root, ROOT_KEYS, { source, path: '' });
  const defaults = optionalSection(root, 'defaults', CHECK_OPTION_KINDS, source) as CheckOptions | undefined;
  if (!Array.isArray(root.targets) || root.targets.length === 0) {
    failField({ source, path: 'targets' }, 'must be a non-empty array of {"name", "baseUrl", ...} objects');
  }
  const targets = (root.targets as unknown[]).map((entry, index) => {
    const path = `targets[${index}]`;
    const target = checkFields(entry, TARGET_FIELDS, { source, path });
    if (typeof target.baseUrl !== 'string')
      failField(
        { source, path: `${path}.baseUrl` },
        'is required, e.g. "https://auth.example.com/api/v1/auth"',
      );
    return target as unknown as TargetConfig;
  });
  const history = optionalSection(root, 'history', HISTORY_FIELDS, source) as HistoryConfig | undefined;
  return { ...(defaults ? { defaults } : {}), targets, ...(history ? { history } : {}) };
}

function optionalSection(
  root: Record<string, unknown>,
  key: string,
  kinds: Readonly<Record<string, OptionKind>>,
  source: string,
): Record<string, unknown> | undefined {
  return root[key] === undefined ? undefined : checkFields(root[key], kinds, { source, path: key });
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
      ...(settings.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
    };
    return { ...rest, login: { email: env[emailEnv]!, password: env[passwordEnv]!, ...paths } };
  });
}
