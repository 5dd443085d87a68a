/**
 * A JSON value, used for the structured `details` of a check so that `--json` output and the
 * history file stay plain data.
 *
 * @example
 * ```ts
 * import type { JsonValue } from './check-result.js';
 * const details: JsonValue = { keys: 1, alg: 'EdDSA' };
 * ```
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * The checks one target goes through.
 *
 * - `health`: `GET <base>/health` answers 2xx (and, when it returns JSON with a `status`, a healthy one).
 * - `jwks`: `GET <base>/jwks` publishes only public EdDSA / Ed25519 (OKP) keys.
 * - `headers`: the security headers on both responses match the expected policy.
 * - `latency`: the slowest of the two responses is under the thresholds.
 * - `tls`: for `https` targets, the certificate is trusted, matches the host and is not about to expire.
 * - `login`: optional smoke test: `POST <base>/login` with a monitoring account, verify the returned
 *   access token against the published JWKS, then `POST <base>/logout`.
 *
 * @example
 * ```ts
 * import type { CheckName } from '@mana/auth-monitor';
 * const skip: CheckName[] = ['tls'];
 * ```
 */
export type CheckName = 'health' | 'jwks' | 'headers' | 'latency' | 'tls' | 'login';

/**
 * Every check name, in report order.
 *
 * @example
 * ```ts
 * import { CHECK_NAMES } from './check-result.js';
 * console.log(CHECK_NAMES.join(', ')); // health, jwks, headers, latency, tls, login
 * ```
 */
export const CHECK_NAMES: readonly CheckName[] = ['health', 'jwks', 'headers', 'latency', 'tls', 'login'];

/**
 * Outcome of one check. `warn` means "works, but act soon" (slow, certificate expiring, weak
 * but valid JWKS metadata); `skip` means the check did not apply or was switched off.
 *
 * @example
 * ```ts
 * import type { CheckStatus } from '@mana/auth-monitor';
 * const ok: CheckStatus = 'pass';
 * ```
 */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/**
 * The result of one check against one target.
 *
 * @example
 * ```ts
 * import type { CheckResult } from '@mana/auth-monitor';
 * const result: CheckResult = {
 *   name: 'health',
 *   status: 'pass',
 *   summary: '200 OK in 12 ms',
 *   problems: [],
 * };
 * ```
 */
export interface CheckResult {
  /** Which check this is. */
  name: CheckName;
  /** Outcome. */
  status: CheckStatus;
  /** One line for humans, e.g. `200 OK in 12 ms`. */
  summary: string;
  /** Each entry says what is wrong and how to fix it. Empty when the check passed. */
  problems: string[];
  /** Structured facts behind the summary (status code, keys, header values, certificate dates). */
  details?: { [key: string]: JsonValue };
}

const RANK: Record<CheckStatus, number> = { skip: 0, pass: 1, warn: 2, fail: 3 };

/**
 * The worst of several statuses (`fail` > `warn` > `pass` > `skip`). Skipped checks never make
 * a target look worse; a list of only skipped checks counts as `pass`.
 *
 * @example
 * ```ts
 * import { worstStatus } from './check-result.js';
 * worstStatus(['pass', 'warn', 'skip']); // 'warn'
 * ```
 */
export function worstStatus(statuses: Iterable<CheckStatus>): Exclude<CheckStatus, 'skip'> {
  let worst: CheckStatus = 'pass';
  for (const status of statuses) {
    if (RANK[status] > RANK[worst]) worst = status;
  }
  return worst === 'skip' ? 'pass' : worst;
}

/**
 * Overall state of a target: `healthy` (every check passed or was skipped), `degraded` (at least
 * one warning, no failure), `down` (at least one failure).
 *
 * @example
 * ```ts
 * import type { TargetHealth } from '@mana/auth-monitor';
 * const state: TargetHealth = 'degraded';
 * ```
 */
export type TargetHealth = 'healthy' | 'degraded' | 'down';

/**
 * Maps check statuses to the target's overall {@link TargetHealth}.
 *
 * @example
 * ```ts
 * import { targetHealth } from './check-result.js';
 * targetHealth(['pass', 'warn', 'skip']); // 'degraded'
 * ```
 */
export function targetHealth(statuses: Iterable<CheckStatus>): TargetHealth {
  const worst = worstStatus(statuses);
  return worst === 'fail' ? 'down' : worst === 'warn' ? 'degraded' : 'healthy';
}
