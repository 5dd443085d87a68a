import { parseSessionOutput, parseUserOutput } from 'better-auth/db';
import { sessionView, userView } from '../../rest-api/session-view.js';
import type { FastSession, FastSessionCheck } from './fast-session-check.js';

type FetchHandler = (request: Request) => Promise<Response>;

// What Better Auth's /get-session and the REST API's /session send with a session.
const GET_SESSION_HEADERS = {
  'content-type': 'application/json',
  'cache-control': 'no-store',
  pragma: 'no-cache',
} as const;
const REST_SESSION_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' } as const;

/** `/get-session`'s body, as Better Auth builds it from a cookie-cache hit. */
type Options = Parameters<typeof parseSessionOutput>[0];

function getSessionBody(options: Options, hit: FastSession): string {
  const { session, user } = hit;
  const date = (value: unknown) => new Date(value as string);
  return JSON.stringify({
    session: parseSessionOutput(options, {
      ...session,
      expiresAt: date(session.expiresAt),
      createdAt: date(session.createdAt),
      updatedAt: date(session.updatedAt),
    } as never),
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

/**
 * Answers `GET <basePath>/get-session` (Better Auth's route) and `GET <basePath>/session` (the
 * REST API's) from the cookies when {@link FastSessionCheck} can, before the request reaches
 * Better Auth's router: same status, body and headers as the router's answer for a cookie-cache
 * hit. Everything else (another method or path, a query string, no hit) goes to `handle`.
 * Neither route is rate-limited (docs/configuration.md), so no limiter decision is skipped.
 */
export function withFastSessionCheck(
  handle: FetchHandler,
  fast: FastSessionCheck,
  basePath: string,
): FetchHandler {
  const getSessionPath = `${basePath}/get-session`;
  const sessionPath = `${basePath}/session`;
  return (request) => {
    if (request.method !== 'GET') return handle(request);
    const url = request.url;
    // Path and no query: `?disableCookieCache=true` and friends are Better Auth's to answer.
    const start = url.indexOf('/', url.indexOf('//') + 2);
    const path = start === -1 ? '/' : url.slice(start);
    const route = path === getSessionPath ? '/get-session' : path === sessionPath ? '/session' : undefined;
    if (!route || !fast.routeEnabled(route)) return handle(request);
    const hit = fast.check(request.headers);
    if (!hit) return handle(request);
    return Promise.resolve(
      route === '/get-session'
        ? new Response(getSessionBody(fast.betterAuthOptions() as Options, hit), {
            status: 200,
            headers: GET_SESSION_HEADERS,
          })
        : new Response(restSessionBody(hit), { status: 200, headers: REST_SESSION_HEADERS }),
    );
  };
}
