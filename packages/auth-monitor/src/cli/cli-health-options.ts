import type { CheckName } from '../checks/check-result.js';
import type { HeaderExpectation } from '../checks/security-header-policy.js';
import type { CheckOptions } from '../config/target-options.js';
import { MonitorError } from '../monitor-error.js';
import { parseFlags, parseWholeNumber } from './cli-support.js';

/**
 * Flags of `mana-auth-health`, as `node:util` parseArgs options.
 *
 * @example
 * ```ts
 * parseArgs({ args: ['--json'], options: HEALTH_FLAGS, allowPositionals: true });
 * ```
 */
export const HEALTH_FLAGS = {
  config: { type: 'string', short: 'c' },
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  name: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  'retry-delay': { type: 'string' },
  'degraded-ms': { type: 'string' },
  'down-ms': { type: 'string' },
  header: { type: 'string', multiple: true },
  'skip-header': { type: 'string', multiple: true },
  skip: { type: 'string', multiple: true },
  'health-path': { type: 'string' },
  'jwks-path': { type: 'string' },
  'tls-warn-days': { type: 'string' },
  'tls-fail-days': { type: 'string' },
  login: { type: 'boolean' },
  'allow-insecure-login': { type: 'boolean' },
  history: { type: 'string' },
  'history-raw-days': { type: 'string' },
  'history-keep-days': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/**
 * Parsed command line of `mana-auth-health`.
 *
 * @example
 * ```ts
 * const flags: HealthFlags = parseHealthArgs(['--quiet']).values;
 * ```
 */
export type HealthFlags = ReturnType<typeof parseHealthArgs>['values'];

/**
 * Parses the command line strictly (unknown flags are errors, with a did-you-mean suggestion).
 *
 * @example
 * ```ts
 * const { values, positionals } = parseHealthArgs(['--json', 'http://localhost:3001/api/v1/auth']);
 * ```
 */
export function parseHealthArgs(args: string[]) {
  return parseFlags(args, HEALTH_FLAGS);
}

/**
 * Turns flags into the check options they set (only the ones given, so config defaults stay in
 * force for the rest).
 *
 * @throws {MonitorError} `INVALID_OPTION` for a malformed value.
 * @example
 * ```ts
 * const options = flagsToCheckOptions(parseHealthArgs(['--timeout', '5000']).values);
 * ```
 */
export function flagsToCheckOptions(flags: HealthFlags): CheckOptions {
  const options: CheckOptions = {};
  const numbers: [keyof CheckOptions, string][] = [
    ['timeoutMs', 'timeout'],
    ['retries', 'retries'],
    ['retryDelayMs', 'retry-delay'],
    ['degradedResponseMs', 'degraded-ms'],
    ['downResponseMs', 'down-ms'],
    ['tlsWarnDays', 'tls-warn-days'],
    ['tlsFailDays', 'tls-fail-days'],
  ];
  for (const [key, flag] of numbers) {
    const value = parseWholeNumber(`--${flag}`, flags[flag as keyof HealthFlags] as string | undefined);
    if (value !== undefined) (options as Record<string, number>)[key] = value;
  }
  if (flags['health-path']) options.healthPath = flags['health-path'];
  if (flags['jwks-path']) options.jwksPath = flags['jwks-path'];
  const headers = headerFlags(flags.header ?? [], flags['skip-header'] ?? []);
  if (Object.keys(headers).length) options.headers = headers;
  const skip = (flags.skip ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  if (skip.length) options.skip = skip as CheckName[];
  return options;
}

function headerFlags(expect: readonly string[], skip: readonly string[]): Record<string, HeaderExpectation> {
  const headers: Record<string, HeaderExpectation> = {};
  for (const entry of expect) {
    const colon = entry.indexOf(':');
    const name = (colon === -1 ? entry : entry.slice(0, colon)).trim();
    const value = colon === -1 ? '' : entry.slice(colon + 1).trim();
    if (!name)
      throw new MonitorError(
        'INVALID_OPTION',
        `--header "${entry}" has no header name; write --header "Name: expected value" or --header Name.`,
      );
    headers[name] = value === '' ? true : value;
  }
  for (const name of skip) headers[name.trim()] = false;
  return headers;
}
