import { ApiError, ensureOk, errorResponse, jsonResponse } from './api-error.js';
import { forward, type RouteContext } from './route-context.js';
import { sessionView, userView } from './session-view.js';

type RawSession = Parameters<typeof sessionView>[0] & { token: string };

const unauthorized = () =>
  new ApiError(errorResponse(401, 'UNAUTHORIZED', 'Sign in first: no valid session cookie.'));

/** The token part of the signed session cookie (`<token>.<signature>`). */
function currentToken(request: Request): string | undefined {
  const cookie = request.headers.get('cookie') ?? '';
  const match = /(?:^|;\s*)(?:__Secure-)?[\w.-]*session_token=([^;]+)/.exec(cookie);
  return match ? decodeURIComponent(match[1]!).split('.')[0] : undefined;
}

/** `GET /session` → `{ user, session }` or 401. */
export async function getSession(ctx: RouteContext): Promise<Response> {
  const response = await ensureOk(await forward(ctx, '/get-session', { method: 'GET' }));
  const body = (await response.json()) as {
    user: Parameters<typeof userView>[0];
    session: RawSession;
  } | null;
  if (!body) throw unauthorized();
  return jsonResponse(
    200,
    { user: userView(body.user), session: sessionView(body.session) },
    response.headers.getSetCookie(),
  );
}

async function listRaw(ctx: RouteContext): Promise<RawSession[]> {
  const response = await forward(ctx, '/list-sessions', { method: 'GET' });
  if (response.status === 401) throw unauthorized();
  return (await (await ensureOk(response)).json()) as RawSession[];
}

/** `GET /sessions` → the user's active sessions, newest first, `current` marked; no tokens. */
export async function listSessions(ctx: RouteContext): Promise<Response> {
  const token = currentToken(ctx.request);
  const sessions = (await listRaw(ctx))
    .map((s) => ({ ...sessionView(s), current: s.token === token }))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return jsonResponse(200, { sessions });
}

/** `DELETE /sessions/:id` → 204; 404 when the id is not one of the user's sessions. */
export async function revokeSession(ctx: RouteContext): Promise<Response> {
  const target = (await listRaw(ctx)).find((s) => s.id === ctx.params.id);
  if (!target) throw new ApiError(errorResponse(404, 'NOT_FOUND', 'No active session of yours has this id.'));
  const response = await ensureOk(
    await forward(ctx, '/revoke-session', { method: 'POST', body: { token: target.token } }),
  );
  const headers = new Headers({ 'cache-control': 'no-store' });
  for (const cookie of response.headers.getSetCookie()) headers.append('set-cookie', cookie);
  return new Response(null, { status: 204, headers });
}
