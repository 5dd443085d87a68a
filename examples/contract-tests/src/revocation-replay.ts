import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from './http-client.js';

const AUTH = '/api/v1/auth';

/** What an attacker captured from a victim: the cookies (cache cookie included) and an access token. */
export interface CapturedCredentials {
  /** A client holding the captured cookies; never used directly (each replay clones it). */
  stolen: Client;
  /** The access token the victim got at sign-in, before the revocation. */
  accessToken: string;
}

/** Statuses (and the `/get-session` body) of every cookie route, and of Bearer `/api/v1/me`. */
export interface ReplayOutcome {
  meCookie: number;
  meBearer: number;
  session: number;
  sessions: number;
  refresh: number;
  getSession: unknown;
  /** `GET /token` (access-token minting from the cookie). */
  token: number;
  /** `POST /update-user`: not exposed by default (`betterAuthRoutes`), so 404 either way. */
  updateUser: number;
}

/** The outcome once the session is revoked: nothing accepted anywhere. */
export const REFUSED: ReplayOutcome = {
  meCookie: 401,
  meBearer: 401,
  session: 401,
  sessions: 401,
  refresh: 401,
  getSession: null,
  token: 401,
  updateUser: 404,
};

/** The captured cookies, as captured, aimed at `baseUrl` (a refusal expires them in the jar). */
const replayer = (captured: CapturedCredentials, baseUrl: string) => captured.stolen.clone(baseUrl);

/** Replays the captured credentials on every route at `baseUrl`, each from the captured cookies. */
export async function replay(captured: CapturedCredentials, baseUrl: string): Promise<ReplayOutcome> {
  const bearer = { authorization: `Bearer ${captured.accessToken}` };
  const tokenOnly = new Client(baseUrl, captured.stolen.ip, captured.stolen.origin);
  const on = () => replayer(captured, baseUrl);
  return {
    meCookie: (await on().request('GET', '/api/v1/me')).status,
    meBearer: (await tokenOnly.request('GET', '/api/v1/me', { headers: bearer })).status,
    session: (await on().request('GET', `${AUTH}/session`)).status,
    sessions: (await on().request('GET', `${AUTH}/sessions`)).status,
    refresh: (await on().request('POST', `${AUTH}/refresh`)).status,
    getSession: (await on().request('GET', `${AUTH}/get-session`)).body,
    token: (await on().request('GET', `${AUTH}/token`)).status,
    updateUser: (await on().request('POST', `${AUTH}/update-user`, { json: { name: 'Mallory' } })).status,
  };
}

/** The routes that must accept the captured credentials before the revocation (read-only ones). */
export async function acceptedBefore(captured: CapturedCredentials, baseUrl: string) {
  const bearer = { authorization: `Bearer ${captured.accessToken}` };
  const tokenOnly = new Client(baseUrl, captured.stolen.ip, captured.stolen.origin);
  return {
    meCookie: (await replayer(captured, baseUrl).request('GET', '/api/v1/me')).status,
    meBearer: (await tokenOnly.request('GET', '/api/v1/me', { headers: bearer })).status,
    session: (await replayer(captured, baseUrl).request('GET', `${AUTH}/session`)).status,
    getSession: Boolean((await replayer(captured, baseUrl).request('GET', `${AUTH}/get-session`)).body),
  };
}

/**
 * Replays the captured cookie on `GET /session` at `baseUrl` every `intervalMs` until it is
 * refused, and returns the milliseconds from `since` (a `performance.now()`, e.g. when the
 * revoking response arrived) to the refusing response; `Infinity` when still accepted after
 * `timeoutMs`.
 */
export async function msUntilRefused(
  captured: CapturedCredentials,
  baseUrl: string,
  since: number,
  { timeoutMs = 1000, intervalMs = 10 } = {},
): Promise<number> {
  for (;;) {
    const status = (await replayer(captured, baseUrl).request('GET', `${AUTH}/session`)).status;
    const elapsed = performance.now() - since;
    if (status === 401) return elapsed;
    if (status !== 200) throw new Error(`GET /session answered ${status} while waiting for a refusal`);
    if (elapsed > timeoutMs) return Number.POSITIVE_INFINITY;
    await sleep(intervalMs);
  }
}

/** Nearest-rank percentile `p` (0–100) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

/** One line for the test output: `n=… p50=… p99=… max=… ms`. */
export function latencySummary(values: readonly number[]): string {
  const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : 'timeout');
  return `n=${values.length} p50=${ms(percentile(values, 50))} p99=${ms(percentile(values, 99))} max=${ms(percentile(values, 100))} ms`;
}
