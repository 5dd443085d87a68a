// A realistic, deterministic history: 5-minute checks of three targets over 90 days, with
// planned incidents, a one-result blip, a slow period and a stale target. Used by the dashboard
// tests and by bench/auth-monitor.
import type { CheckName, CheckStatus, TargetHealth } from '../src/checks/check-result.js';
import { type HistoryCheck, shortProblem } from '../src/history/history-entry.js';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

export interface PlannedEvent {
  /** Minutes before `now` of the first affected result. */
  startMinutesAgo: number;
  /** Number of consecutive results affected. */
  results: number;
  status: Exclude<TargetHealth, 'healthy'>;
  check: CheckName;
  problem: string;
  ms?: number;
}

export interface SyntheticTarget {
  name: string;
  url: string;
  baseMs: number;
  https: boolean;
  /** No results in the last N minutes (the cron job stopped: stale). */
  silentMinutes?: number;
  events: PlannedEvent[];
}

export const SYNTHETIC_TARGETS: SyntheticTarget[] = [
  {
    name: 'eu-central',
    url: 'https://auth-eu.example.com/api/v1/auth',
    baseMs: 38,
    https: true,
    events: [
      {
        startMinutesAgo: 2 * 1440 + 95,
        results: 6,
        status: 'down',
        check: 'health',
        problem:
          'health: GET /api/v1/auth/health returned 502 Bad Gateway, expected 200: <html><head><title>502 Bad Gateway</title></head></html>. Check the service logs.',
      },
      {
        startMinutesAgo: 10 * 60,
        results: 1,
        status: 'down',
        check: 'health',
        problem:
          'health: GET /api/v1/auth/health: connection refused by auth-eu.example.com: nothing listens there. Is the auth service running, and is the base URL right?',
      },
      {
        startMinutesAgo: 40 * 1440 + 300,
        results: 12,
        status: 'down',
        check: 'jwks',
        problem:
          'jwks: Key #2 (kid "legacy-rs256") has kty "RSA"; only OKP (Ed25519) keys may be published. Remove it: an RSA, EC or symmetric key next to the EdDSA key re-opens algorithm-confusion attacks.',
      },
      {
        startMinutesAgo: 70 * 1440 + 600,
        results: 3,
        status: 'down',
        check: 'health',
        problem:
          'health: GET /api/v1/auth/health returned 500 Internal Server Error, expected 200: {"status":"error","error":"database unreachable"}. Check the service logs.',
      },
    ],
  },
  {
    name: 'us-east',
    url: 'https://auth-us.example.com/api/v1/auth',
    baseMs: 112,
    https: true,
    events: [
      {
        startMinutesAgo: 1440 - 120,
        results: 8,
        status: 'degraded',
        check: 'latency',
        ms: 740,
        problem:
          'latency: GET /api/v1/auth/jwks took 740 ms, at or over the degraded threshold of 500 ms; look for slow database queries or an overloaded host, or raise the threshold if this is normal for this target.',
      },
      {
        startMinutesAgo: 20 * 1440 + 200,
        results: 24,
        status: 'down',
        check: 'headers',
        problem:
          'headers: X-Frame-Options is missing on /api/v1/auth/health and /api/v1/auth/jwks; send "X-Frame-Options: DENY" on every response (e.g. with @mana/secure-headers), or change the expected policy if this is deliberate.',
      },
    ],
  },
  {
    name: 'staging',
    url: 'http://auth.staging.internal:3001/api/v1/auth',
    baseMs: 64,
    https: false,
    silentMinutes: 50,
    events: [
      {
        startMinutesAgo: 3 * 60,
        results: 4,
        status: 'down',
        check: 'jwks',
        problem:
          'jwks: The JWKS has no keys, so no access token can be verified. The auth service creates its EdDSA key on first use: issue one token (sign in once) or check that the jwks table is reachable.',
      },
    ],
  },
];

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Every result of every target over `days` days, 5 minutes apart, oldest first, ending at the
 * last 5-minute mark at or before `now`.
 */
export function generateChecks(
  now: Date,
  days = 90,
  targets: SyntheticTarget[] = SYNTHETIC_TARGETS,
): HistoryCheck[] {
  const end = Math.floor(now.getTime() / (5 * MINUTE)) * 5 * MINUTE;
  const count = (days * DAY) / (5 * MINUTE);
  const checks: HistoryCheck[] = [];
  targets.forEach((target, index) => {
    const next = random(1234 + index);
    for (let i = count - 1; i >= 0; i--) {
      const at = end - i * 5 * MINUTE;
      const minutesAgo = (end - at) / MINUTE;
      if (target.silentMinutes && minutesAgo < target.silentMinutes) continue;
      checks.push(resultAt(target, at, minutesAgo, next));
    }
  });
  return checks.sort((a, b) => a.at.localeCompare(b.at));
}

function resultAt(target: SyntheticTarget, at: number, minutesAgo: number, next: () => number): HistoryCheck {
  const hour = new Date(at).getUTCHours();
  const load = 1 + 0.35 * Math.sin(((hour - 6) / 24) * 2 * Math.PI);
  const jitter = -Math.log(1 - next() * 0.999) * 0.25;
  let ms = Math.round(target.baseMs * load * (0.85 + jitter));
  const event = target.events.find(
    (e) => minutesAgo <= e.startMinutesAgo && minutesAgo > e.startMinutesAgo - e.results * 5,
  );
  const checks: Partial<Record<CheckName, CheckStatus>> = {
    health: 'pass',
    jwks: 'pass',
    headers: 'pass',
    latency: 'pass',
    tls: target.https ? 'pass' : 'skip',
    login: 'skip',
  };
  let status: TargetHealth = 'healthy';
  const problems: string[] = [];
  if (event) {
    checks[event.check] = event.status === 'down' ? 'fail' : 'warn';
    if (event.check === 'latency' && event.ms) ms = event.ms;
    if (event.status === 'down' && event.check === 'health') {
      checks.headers = 'skip';
      checks.latency = 'skip';
    }
    status = event.status;
    problems.push(shortProblem(event.check, event.problem.replace(/^[a-z]+: /, '')));
  }
  const entry: HistoryCheck = {
    type: 'check',
    at: new Date(at).toISOString(),
    target: target.name,
    url: target.url,
    status,
    ms: event?.status === 'down' && event.check === 'health' ? null : ms,
    checks,
    problems,
    keys: event?.check === 'jwks' && event.status === 'down' ? 0 : 1,
  };
  if (target.https) entry.tlsDays = 90 - (Math.floor(at / DAY) % 60);
  return entry;
}
