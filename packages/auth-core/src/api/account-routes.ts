import { ensureOk, jsonResponse } from './api-error.js';
import { readJsonBody } from './read-body.js';
import { cookiePairs, forward, type RouteContext } from './route-context.js';
import { loginBody, registerBody } from './schemas.js';
import { type SessionView, sessionView, type UserView, userView } from './session-view.js';

/** Response of `POST /login`. */
export interface LoginResponse {
  user: UserView;
  session: SessionView;
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires (900). */
  expiresIn: number;
}

async function mintAccessToken(
  ctx: RouteContext,
  cookie: string,
): Promise<{ accessToken: string; tokenType: 'Bearer'; expiresIn: number }> {
  const response = await ensureOk(await forward(ctx, '/token', { method: 'GET', cookie }));
  const { token } = (await response.json()) as { token: string };
  return { accessToken: token, tokenType: 'Bearer', expiresIn: ctx.options.accessTokenTtlSeconds };
}

/** `POST /register` `{ email, password, name }` → 201 `{ user }` and session cookies. */
export async function register(ctx: RouteContext): Promise<Response> {
  const body = await readJsonBody(ctx.request, registerBody);
  const response = await ensureOk(await forward(ctx, '/sign-up/email', { method: 'POST', body }));
  const { user } = (await response.json()) as { user: Parameters<typeof userView>[0] };
  return jsonResponse(201, { user: userView(user) }, response.headers.getSetCookie());
}

/** Client details a trusted server may pass for the user it acts for (spec: SignInDto). */
function loginHeaders(
  ctx: RouteContext,
  body: { ipAddress?: string | undefined; userAgent?: string | undefined },
): Headers {
  const headers = new Headers(ctx.request.headers);
  if (!ctx.options.isTrustedServer(ctx.request)) return headers;
  if (body.userAgent) headers.set('user-agent', body.userAgent);
  if (body.ipAddress) {
    const ipHeaders = ctx.auth.options.advanced.ipAddress.ipAddressHeaders;
    for (const name of ipHeaders) headers.set(name, body.ipAddress);
  }
  return headers;
}

/**
 * `POST /login` `{ email, password, rememberMe?, ipAddress?, userAgent?, deviceId? }` →
 * `{ user, session, accessToken, tokenType, expiresIn }` and the session cookies.
 */
export async function login(ctx: RouteContext): Promise<Response> {
  const body = await readJsonBody(ctx.request, loginBody);
  const signIn = await ensureOk(
    await forward(ctx, '/sign-in/email', {
      method: 'POST',
      body: { ...body, rememberMe: body.rememberMe === true },
      headers: loginHeaders(ctx, body),
      cookie: '',
    }),
  );
  const setCookies = signIn.headers.getSetCookie();
  const cookie = cookiePairs(setCookies);
  const current = await ensureOk(await forward(ctx, '/get-session', { method: 'GET', cookie }));
  const { user, session } = (await current.json()) as {
    user: Parameters<typeof userView>[0];
    session: Parameters<typeof sessionView>[0];
  };
  const token = await mintAccessToken(ctx, cookie);
  const payload: LoginResponse = { user: userView(user), session: sessionView(session), ...token };
  return jsonResponse(200, payload, setCookies);
}

/** `POST /logout` → 200 `{ success: true }`, cookies expired. */
export async function logout(ctx: RouteContext): Promise<Response> {
  const response = await ensureOk(await forward(ctx, '/sign-out', { method: 'POST', body: {} }));
  return jsonResponse(200, { success: true }, response.headers.getSetCookie());
}

/** `POST /refresh` → a new 15-minute access token from the session cookie. */
export async function refresh(ctx: RouteContext): Promise<Response> {
  const cookie = ctx.request.headers.get('cookie') ?? '';
  return jsonResponse(200, await mintAccessToken(ctx, cookie));
}
