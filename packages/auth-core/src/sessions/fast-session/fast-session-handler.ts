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

/**
 * Answers `GET <basePath>/get-session` (Better Auth's route) and `GET <basePath>/session` (the
 * REST API's) from the cookies when {@link FastSessionCheck} can, before the request reaches
 * Better Auth's router: same status, body and headers as the router's answer for a cookie-cache
 * hit. Everything else (another method or path, a query string, no hit) goes to `handle`.
 * Neither route is rate-limited (docs/configuration.md), so no limiter decision is skipped.
 * With `metrics` enabled, each check of either route is timed and counted by who answered it.
 */
export function withFastSessionCheck(
  handle: FetchHandler,
  fast: FastSessionCheck,
  basePath: string,
  metrics?: Pick<AuthMetrics, 'enabled' | 'sessionChecked'>,
): FetchHandler {
  const observed = metrics?.enabled ? metrics : undefined;
  const getSessionPath = `${basePath}/get-session`;
  const sessionPath = `${basePath}/session`;
  // The check returns the same object for the same cookies (its decoded-cookie cache), so each
  // body is serialised once per session, not per request.
  const bodies = new WeakMap<FastSession, { '/get-session'?: string; '/session'?: string }>();
  const bodyOf = (route: '/get-session' | '/session', hit: FastSession): string => {
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
  return (request) => {
    if (request.method !== 'GET') return handle(request);
    const url = request.url;
    // Path and no query: `?disableCookieCache=true` and friends are Better Auth's to answer.
    const start = url.indexOf('/', url.indexOf('//') + 2);
    const path = start === -1 ? '/' : url.slice(start);
    const route = path === getSessionPath ? '/get-session' : path === sessionPath ? '/session' : undefined;
    if (!route) return handle(request);
    const started = observed ? performance.now() : 0;
    const hit = fast.routeEnabled(route) ? fast.check(request.headers) : undefined;
    if (!hit) return observed ? timedMiss(handle(request), observed, started) : handle(request);
    observed?.sessionChecked(started, 'fast_path');
    const headers = route === '/get-session' ? GET_SESSION_HEADERS : REST_SESSION_HEADERS;
    return Promise.resolve(new Response(bodyOf(route, hit), { status: 200, headers }));
  };
}
