import type { AccessTokenRefusalReason, LockScope } from '@mana/internal';
import { createNoopMeter, type Meter, type MeterProvider, metrics, ValueType } from '@opentelemetry/api';
import { AUTH_CORE_VERSION } from '../version.js';

/** The OpenTelemetry meter (instrumentation scope) name of `@mana/auth-core`'s instruments. */
export const AUTH_METER_NAME = '@mana/auth-core';

/** How a sign-in ended: signed in, refused credentials, refused by the lockout or the limiter. */
export type SignInOutcome = 'success' | 'failure' | 'locked' | 'limited';

/** Who answered a session check: the cookie-only fast path, or Better Auth (database, hooks). */
export type SessionCheckSource = 'fast_path' | 'better_auth';

/**
 * The instruments of one `createAuth()` instance (docs/configuration.md, "Metrics"). Created
 * once; with no meter provider every method is a no-op and `enabled` is false, so hot paths
 * skip even reading the clock.
 */
export interface AuthMetrics {
  /** False when the meter is OpenTelemetry's no-op one (no provider registered or given). */
  readonly enabled: boolean;
  signIn(outcome: SignInOutcome): void;
  signUp(outcome: 'success' | 'failure'): void;
  tokenMinted(): void;
  tokenVerified(result: 'ok' | AccessTokenRefusalReason): void;
  /** A limiter refusal; `route` is the Better Auth route below the base path (`/sign-in/email`). */
  rateLimited(route: string): void;
  /** An account newly locked for `scope` (not the refused sign-ins that follow). */
  locked(scope: LockScope): void;
  sessionsRevoked(count: number): void;
  /** A session check that started at `startedMs` (`performance.now()`) and just ended. */
  sessionChecked(startedMs: number, source: SessionCheckSource): void;
  /** An HTTP sign-in that started at `startedMs` (`performance.now()`) answered with `status`. */
  loginAnswered(startedMs: number, status: number): void;
}

// Seconds. Session checks: tens of microseconds (fast path) to tens of milliseconds (database).
const SESSION_CHECK_BUCKETS = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
];
// Seconds. Sign-ins hash a password (scrypt, ~50-100 ms) and write a session.
const LOGIN_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const NoopMeter = createNoopMeter().constructor;

/** Whether `meter` records anything (not the API's no-op meter, of this copy of the API). */
const recording = (meter: Meter) => !(meter instanceof NoopMeter);

const counter = (meter: Meter, name: string, unit: string, description: string) =>
  meter.createCounter(name, { unit, description, valueType: ValueType.INT });

/**
 * Creates the instruments on `meterProvider`, else on the global provider registered with
 * `metrics.setGlobalMeterProvider()` at this moment: OpenTelemetry's metrics API has no proxy,
 * so a provider registered after `createAuth()` is not seen (pass it as `meterProvider`).
 *
 * @example
 * ```ts
 * const authMetrics = createAuthMetrics(new MeterProvider({ readers: [reader] }));
 * authMetrics.signIn('success');
 * ```
 */
export function createAuthMetrics(meterProvider?: MeterProvider): AuthMetrics {
  const meter = (meterProvider ?? metrics.getMeterProvider()).getMeter(AUTH_METER_NAME, AUTH_CORE_VERSION);
  const signIns = counter(meter, 'mana_auth.sign_ins', '{sign_in}', 'Sign-in attempts by outcome');
  const signUps = counter(meter, 'mana_auth.sign_ups', '{sign_up}', 'Sign-up attempts by outcome');
  const minted = counter(meter, 'mana_auth.tokens.minted', '{token}', 'Access tokens signed at /token');
  const verified = counter(meter, 'mana_auth.tokens.verified', '{token}', 'Bearer tokens checked, by result');
  const limited = counter(
    meter,
    'mana_auth.rate_limit.refusals',
    '{request}',
    'Requests refused by the limiter',
  );
  const lockouts = counter(meter, 'mana_auth.lockouts', '{lockout}', 'Accounts locked by failed sign-ins');
  const revoked = counter(meter, 'mana_auth.sessions.revoked', '{session}', 'Sessions revoked here');
  const checks = counter(meter, 'mana_auth.session_checks', '{check}', 'Session checks by who answered');
  const checkTime = meter.createHistogram('mana_auth.session_check.duration', {
    unit: 's',
    description: 'Duration of session checks (cookie or GET /get-session, /session)',
    advice: { explicitBucketBoundaries: SESSION_CHECK_BUCKETS },
  });
  const loginTime = meter.createHistogram('mana_auth.login.duration', {
    unit: 's',
    description: 'Duration of HTTP sign-ins (POST /login, /sign-in/*), refusals included',
    advice: { explicitBucketBoundaries: LOGIN_BUCKETS },
  });
  const counts = { fast: 0, all: 0 };
  meter
    .createObservableGauge('mana_auth.session_check.fast_path_ratio', {
      unit: '1',
      description: 'Share of session checks answered by the fast path since start',
    })
    .addCallback((result) => {
      if (counts.all > 0) result.observe(counts.fast / counts.all);
    });
  const fastAttributes = { 'mana_auth.session_check.source': 'fast_path' } as const;
  const fullAttributes = { 'mana_auth.session_check.source': 'better_auth' } as const;
  return {
    enabled: recording(meter),
    signIn: (outcome) => signIns.add(1, { 'mana_auth.outcome': outcome }),
    signUp: (outcome) => signUps.add(1, { 'mana_auth.outcome': outcome }),
    tokenMinted: () => minted.add(1),
    tokenVerified: (result) => verified.add(1, { 'mana_auth.result': result }),
    rateLimited: (route) => limited.add(1, { 'http.route': route }),
    locked: (scope) => lockouts.add(1, { 'mana_auth.lock_scope': scope }),
    sessionsRevoked: (count) => revoked.add(count),
    sessionChecked(startedMs, source) {
      const attributes = source === 'fast_path' ? fastAttributes : fullAttributes;
      checkTime.record((performance.now() - startedMs) / 1000, attributes);
      checks.add(1, attributes);
      counts.all += 1;
      if (source === 'fast_path') counts.fast += 1;
    },
    loginAnswered: (startedMs, status) =>
      loginTime.record((performance.now() - startedMs) / 1000, { 'http.response.status_code': status }),
  };
}
