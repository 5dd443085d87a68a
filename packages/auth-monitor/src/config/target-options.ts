import type { CheckName } from '../checks/check-result.js';
import type { SecurityHeaderPolicy } from '../checks/security-header-policy.js';

/**
 * Credentials and paths of the optional `login` smoke test. Use a dedicated monitoring account:
 * the check signs in, verifies the access token against the published JWKS, then signs out.
 *
 * @example
 * ```ts
 * import type { LoginOptions } from '@mana/auth-monitor';
 * const login: LoginOptions = {
 *   email: process.env.MANA_AUTH_MONITOR_EMAIL ?? '',
 *   password: process.env.MANA_AUTH_MONITOR_PASSWORD ?? '',
 * };
 * ```
 */
export interface LoginOptions {
  email: string;
  password: string;
  /** Login path relative to the base URL. Default `login`. */
  loginPath?: string;
  /** Logout path relative to the base URL. Default `logout`. */
  logoutPath?: string;
  /**
   * Allow the login over plain `http://` to a host that is not loopback, which sends the
   * password in clear text. Default false: such a target is refused when the options are
   * resolved (CLI: `--allow-insecure-login`). Loopback `http://` and `https://` need no opt-in.
   */
  allowInsecureHttp?: boolean;
}

/**
 * Thresholds and switches that apply to a target. Every field is optional; see
 * {@link DEFAULT_CHECK_OPTIONS} for the defaults.
 *
 * @example
 * ```ts
 * import type { CheckOptions } from '@mana/auth-monitor';
 * const strict: CheckOptions = { degradedResponseMs: 200, downResponseMs: 1000, retries: 1, skip: ['tls'] };
 * ```
 */
export interface CheckOptions {
  /** Path of the health endpoint, relative to the base URL. Default `health`. */
  healthPath?: string;
  /** Path of the JWKS endpoint, relative to the base URL. Default `jwks`. */
  jwksPath?: string;
  /** Give up on a request after this many milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Repeat a request that got no answer or a 5xx this many times before judging it. Default 0. */
  retries?: number;
  /** Wait this long between retries. Default 1000. */
  retryDelayMs?: number;
  /** The target is `degraded` when its slowest response takes at least this long. Default 500. */
  degradedResponseMs?: number;
  /** The target is `down` when its slowest response takes at least this long. Default 2000. */
  downResponseMs?: number;
  /** Header expectations merged onto the spec's seven headers. */
  headers?: SecurityHeaderPolicy;
  /** Checks to leave out (reported as `skip`). */
  skip?: CheckName[];
  /** `tls` warns when the certificate expires in fewer days than this. Default 21. */
  tlsWarnDays?: number;
  /** `tls` fails when the certificate expires in fewer days than this. Default 7. */
  tlsFailDays?: number;
}

/**
 * One service to check. `baseUrl` is the auth base path: the monitor requests
 * `<baseUrl>/health` and `<baseUrl>/jwks`, e.g. `http://localhost:3001/api/v1/auth`.
 *
 * @example
 * ```ts
 * import type { TargetOptions } from '@mana/auth-monitor';
 * const target: TargetOptions = { name: 'eu-1', baseUrl: 'https://auth.example.com/api/v1/auth' };
 * ```
 */
export interface TargetOptions extends CheckOptions {
  /** Auth base URL, without `/health`. */
  baseUrl: string;
  /** Name in reports, history and dashboard. Default: the URL's host (plus path if hosts repeat). */
  name?: string;
  /** Enables the `login` smoke test. */
  login?: LoginOptions;
}

/**
 * Defaults used for every option a target leaves out.
 *
 * @example
 * ```ts
 * import { DEFAULT_CHECK_OPTIONS } from './target-options.js';
 * console.log(DEFAULT_CHECK_OPTIONS.downResponseMs); // 2000
 * ```
 */
export const DEFAULT_CHECK_OPTIONS = Object.freeze({
  healthPath: 'health',
  jwksPath: 'jwks',
  timeoutMs: 10_000,
  retries: 0,
  retryDelayMs: 1000,
  degradedResponseMs: 500,
  downResponseMs: 2000,
  tlsWarnDays: 21,
  tlsFailDays: 7,
});

/**
 * The kind of value an option takes: a string, a whole number >= 0, a boolean, a header policy
 * (`{ "Name": "value" | true | false }`), a list of check names, or a `login` setting.
 *
 * @example
 * ```ts
 * const kind: OptionKind = 'integer';
 * ```
 */
export type OptionKind = 'string' | 'integer' | 'boolean' | 'headers' | 'skip' | 'login';

/**
 * Every {@link CheckOptions} key with the kind of value it takes (exhaustive: the compiler
 * refuses a missing key). Both the config file parser and `runChecks` refuse other keys.
 *
 * @example
 * ```ts
 * console.log(CHECK_OPTION_KINDS.timeoutMs); // 'integer'
 * ```
 */
export const CHECK_OPTION_KINDS: Readonly<Record<keyof CheckOptions, OptionKind>> = Object.freeze({
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
});

/**
 * Every {@link TargetOptions} key (the check options plus `baseUrl`, `name` and `login`).
 *
 * @example
 * ```ts
 * TARGET_OPTION_KEYS.includes('baseUrl'); // true
 * ```
 */
export const TARGET_OPTION_KEYS: readonly (keyof TargetOptions)[] = Object.freeze([
  ...(Object.keys(CHECK_OPTION_KINDS) as (keyof CheckOptions)[]),
  'baseUrl',
  'name',
  'login',
]);
