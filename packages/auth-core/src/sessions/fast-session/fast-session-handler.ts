import { parseSessionOutput, parseUserOutput } from 'better-auth/db';
import type { AuthMetrics } from '../../metrics/auth-metrics.js';
import { sessionView, userView } from '../../rest-api/session-view.js';
import type { FastSession, FastSessionCheck } from './fast-session-check.js';

type FetchHandler = (request: Request) => Promise<Response>;

// What Better Auth's /get-session and the REST API's /session send with a session.
const GET_SESSION_HEADERS = {
  'content-type': 'application/json',
  'cache-control': 'no-store',
  pragma: 'no-cache',
} as const;
const REST_SESSION_HEADERS = {
  'content-type': 'application/json',
  'cache-control': 'no-store',
  pragma: 'no-cache',
} as const;

/** `/get-session`'s body, as Better Auth builds it from a cookie-cache hit. */
type Options = Parameters<typeof parseSessionOutput>[0];

function getSessionBody(options: Options, hit: FastSession): string {
  const { user } = hit;
  const date = (value: unknown) => new Date(value as string);
  // The session token stays in its HttpOnly cookie, never in a body (exposed-routes-handler.ts).
  const { token: _token, ...session } = parseSessionOutput(options, {
    ...hit.session,
    expiresAt: date(hit.session.expiresAt),
    createdAt: date(hit.session.createdAt),
    updatedAt: date(hit.session.updatedAt),
  } as never) as Record<string, unknown>;
  return JSON.stringify({
    session,
    user: parseUserOutput(options, {
      ...user,
      createdAt: date(user.createdAt),
      updatedAt: date(user.updatedAt),
    } as never),
  });
}

/** `GET /session`'s body (docs/api.md). */
function restSessionBody(hit: FastSession): string {
  return JSON.stringify({
    user: userView(hit.user as unknown as Parameters<typeof userView>[0]),
    session: sessionView(hit.session as unknown as Parameters<typeof sessionView>[0]),
  });
}

/** Records a session check Better Auth answered, once its answer is there. */
async function timedMiss(
  answer: Promise<Response>,
  metrics: Pick<AuthMetrics, 'sessionChecked'>,
  started: number,
): Promise<Response> {
  try {
    return await answer;
  } finally {
    metrics.sessionChecked(started, 'better_auth');
  }
}

/** Answers a cached session check from the cookies, or undefined ("the router's to answer"). */
export type CachedSessionAnswer = (request: Request) => Response | undefined;

type Observed = Pick<AuthMetrics, 'sessionChecked'> | undefined;

/** Which of the two routes `request` is (GET, bare path), or undefined. */
function sessionRoute(request: Request, getSessionPath: string, sessionPath: string) {
  if (request.method !== 'GET') return undefined;
  const url = request.url;
  // Path and no query: `?disableCookieCache=true` and friends are Better Auth's to answer.
  const start = url.indexOf('/', url.indexOf('//') + 2);
  const path = start === -1 ? '/' : url.slice(start);
  return path === getSessionPath ? '/get-session' : path === sessionPath ? '/session' : undefined;
}

/** Serialises each session's bodies once (the check returns the same object for the same cookies). */
function bodyCache(fast: FastSessionCheck) {
  const bodies = new WeakMap<FastSession, { '/get-session'?: string; '/session'?: string }>();
  return (route: '/get-session' | '/session', hit: FastSession): string => {
    let known = bodies.get(hit);
    if (!known) {
      known = {};
      bodies.set(hit, known);
    }
    known[route] ??=
      route === '/get-session'
        ? getSessionBody(fast.betterAuthOptions() as Options, hit)
        : restSessionBody(hit);
    return known[route];
  };
}

/**
 * The answer of `GET <basePath>/get-session` and `GET <basePath>/session` from the cookies alone
 * when {@link FastSessionCheck} has a hit: same status, body and headers as Better Auth's answer
 * for a cookie-cache hit. A hit is counted and timed (`metrics`); anything else returns
 * undefined and counts nothing. `getSessionAllowed` is false when the route allow-list answers
 * `/get-session` with a 404.
 */
export function cachedSessionAnswer(
  fast: FastSessionCheck,
  basePath: string,
  metrics?: Pick<AuthMetrics, 'enabled' | 'sessionChecked'>,
  getSessionAllowed = true,
): CachedSessionAnswer {
  const observed: Observed = metrics?.enabled ? metrics : undefined;
  const getSessionPath = getSessionAllowed ? `${basePath}/get-session` : '';
  const sessionPath = `${basePath}/session`;
  const bodyOf = bodyCache(fast);
  return (request) => {
    const route = sessionRoute(request, getSessionPath, sessionPath);
    if (!route || !fast.routeEnabled(route)) return undefined;
    const started = observed ? performance.now() : 0;
    const hit = fast.check(request.headers);
    if (!hit) return undefined;
    observed?.sessionChecked(started, 'fast_path');
    const headers = route === '/get-session' ? GET_SESSION_HEADERS : REST_SESSION_HEADERS;
    return new Response(bodyOf(route, hit), { status: 200, headers });
  };
}

/**
 * Answers `GET <basePath>/get-session` (Better Auth's route) and `GET <basePath>/session` (the
 * REST API's) from the cookies when {@link FastSessionCheck} can, before the request reaches
 * Better Auth's router: same status, body and headers as the router's answer for a cookie-cache
 * hit ({@link cachedSessionAnswer}). Everything else (another method or path, a query string,
 * no hit) goes to `handle`. Neither route is rate-limited (docs/configuration.md), so no limiter
 * decision is skipped. With `metrics` enabled, each check of either route is timed and counted
 * by who answered it.
 */
export function withFastSessionCheck(
  handle: FetchHandler,
  fast: FastSessionCheck,
  basePath: string,
  metrics?: Pick<AuthMetrics, 'enabled' | 'sessionChecked'>,
): FetchHandler {
  const observed: Observed = metrics?.enabled ? metrics : undefined;
  const answer = cachedSessionAnswer(fast, basePath, metrics);
  const getSessionPath = `${basePath}/get-session`;
  const sessionPath = `${basePath}/session`;
  return (request) => {
    const started = observed ? performance.now() : 0;
    const answered = answer(request);
    if (answered) return Promise.resolve(answered);
    if (!observed || !sessionRoute(request, getSessionPath, sessionPath)) return handle(request);
    return timedMiss(handle(request), observed, started);
  };
}
