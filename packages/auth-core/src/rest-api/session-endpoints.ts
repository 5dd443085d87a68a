import { createAuthEndpoint, getSession, listSessions, revokeSession } from 'better-auth/api';
import type { z } from 'zod';
import { apiError } from './api-error.js';
import { callEndpoint, forwardCookies, type OuterContext } from './call-endpoint.js';
import type { sessionResponseSchema, sessionsResponseSchema } from './response-schemas.js';
import { REST_ROUTES } from './routes.js';
import { type RawSession, type RawUser, sessionView, userView } from './session-view.js';

/** Response of `GET /session`. */
export type SessionResponse = z.infer<typeof sessionResponseSchema>;
/** Response of `GET /sessions`. */
export type SessionsResponse = z.infer<typeof sessionsResponseSchema>;

const getSessionEndpoint = getSession();
const listSessionsEndpoint = listSessions();

const unauthorized = () => apiError(401, 'UNAUTHORIZED', 'Sign in first: no valid session cookie.');

/** The caller's active sessions as Better Auth lists them (tokens included: never sent out). */
async function listRaw(ctx: OuterContext): Promise<RawSession[]> {
  try {
    return (await callEndpoint<RawSession[]>(ctx, listSessionsEndpoint)).response;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 401) throw unauthorized();
    throw error;
  }
}

/** `GET /session`, `GET /sessions` and `DELETE /sessions/:id`. */
export function sessionEndpoints() {
  const { session, sessions, deleteSession } = REST_ROUTES;
  return {
    /** `GET /session` → `{ user, session }` or 401; usually from the cookie cache. */
    session: createAuthEndpoint(
      session.path,
      { method: session.method },
      async (ctx): Promise<SessionResponse> => {
        const current = await callEndpoint<{ user: RawUser; session: RawSession } | null>(
          ctx,
          getSessionEndpoint,
        );
        if (!current.response) throw unauthorized();
        forwardCookies(ctx, current.headers);
        return { user: userView(current.response.user), session: sessionView(current.response.session) };
      },
    ),

    /** `GET /sessions` → the user's active sessions, newest first, `current` marked; no tokens. */
    sessions: createAuthEndpoint(
      sessions.path,
      { method: sessions.method },
      async (ctx): Promise<SessionsResponse> => {
        const token = await ctx.getSignedCookie(
          ctx.context.authCookies.sessionToken.name,
          ctx.context.secret,
        );
        const list = (await listRaw(ctx))
          .map((s) => ({ ...sessionView(s), current: s.token === token }))
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        return { sessions: list };
      },
    ),

    /** `DELETE /sessions/:id` → 204; 404 when the id is not one of the user's active sessions. */
    deleteSession: createAuthEndpoint(
      deleteSession.path,
      { method: deleteSession.method },
      async (ctx): Promise<undefined> => {
        const target = (await listRaw(ctx)).find((s) => s.id === ctx.params.id);
        if (!target) throw apiError(404, 'NOT_FOUND', 'No active session of yours has this id.');
        const revoked = await callEndpoint(ctx, revokeSession, { body: { token: target.token } });
        forwardCookies(ctx, revoked.headers);
        ctx.setStatus(204);
        return undefined;
      },
    ),
  };
}
