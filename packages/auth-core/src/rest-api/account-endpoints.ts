import { CookieJar } from '@mana/internal';
import { createAuthEndpoint, getSession, signInEmail, signOut, signUpEmail } from 'better-auth/api';
import type { z } from 'zod';
import { keepOnlyDeviceCookies } from '../rate-limits/device-cookie.js';
import { apiError } from './api-error.js';
import {
  type AuthEndpointLike,
  callEndpoint,
  callerHeaders,
  forwardCookies,
  type OuterContext,
} from './call-endpoint.js';
import type { accessTokenSchema, loginResponseSchema } from './response-schemas.js';
import { currentRuntime, type RestApiRuntime } from './rest-api-options.js';
import { REST_ROUTES } from './routes.js';
import { type RawSession, type RawUser, sessionView, userView } from './session-view.js';
import { validationFailed } from './validation-failed.js';

/** Response of `POST /login`. */
export type LoginResponse = z.infer<typeof loginResponseSchema>;
/** Response of `POST /refresh` (and the token part of `/login`). */
export type AccessTokenResponse = z.infer<typeof accessTokenSchema>;

const signUpEmailEndpoint = signUpEmail();
const signInEmailEndpoint = signInEmail();
const getSessionEndpoint = getSession();

/** The jwt plugin's `/token` endpoint of this auth instance (it signs with the stored keys). */
function tokenEndpoint(ctx: OuterContext): AuthEndpointLike {
  const jwt = ctx.context.options.plugins?.find((plugin) => plugin.id === 'jwt');
  const endpoint = jwt?.endpoints?.getToken;
  if (!endpoint) throw new Error('the jwt plugin (its /token endpoint) is missing from the auth options');
  return endpoint as AuthEndpointLike;
}

/** Mints an access token at `/token` (hooks included: revocation check, `token_refresh` event). */
export async function mintAccessToken(
  ctx: OuterContext,
  runtime: RestApiRuntime,
  headers?: Headers,
): Promise<AccessTokenResponse> {
  const { response } = await callEndpoint<{ token: string }>(
    ctx,
    tokenEndpoint(ctx),
    headers ? { headers } : {},
  );
  return {
    accessToken: response.token,
    tokenType: 'Bearer',
    expiresIn: runtime.settings.accessTokenTtlSeconds,
  };
}

/**
 * Headers of the sign-in: the caller's without cookies (a sign-in starts a session), and, when
 * the caller is a trusted server acting for a user, the client's IP and user agent from the body.
 */
function signInHeaders(
  ctx: OuterContext,
  runtime: RestApiRuntime,
  body: { ipAddress?: string | undefined; userAgent?: string | undefined },
): Headers {
  const headers = callerHeaders(ctx);
  keepOnlyDeviceCookies(headers);
  if (!ctx.request || !runtime.isTrustedServer(ctx.request)) return headers;
  if (body.userAgent) headers.set('user-agent', body.userAgent);
  if (body.ipAddress) {
    for (const name of ctx.context.options.advanced?.ipAddress?.ipAddressHeaders ?? []) {
      headers.set(name, body.ipAddress);
    }
  }
  return headers;
}

/** `/register`, `/login`, `/logout` and `/refresh` for `runtime`. */
export function accountEndpoints(base: RestApiRuntime) {
  const { register, login, logout, refresh } = REST_ROUTES;
  return {
    /** `POST /register` `{ email, password, name }` → 201 `{ user }` and session cookies. */
    register: createAuthEndpoint(
      register.path,
      { method: register.method, body: register.body, onValidationError: validationFailed },
      async (ctx) => {
        const signUp = await callEndpoint<{ user: RawUser }>(ctx, signUpEmailEndpoint, { body: ctx.body });
        forwardCookies(ctx, signUp.headers);
        ctx.setStatus(201);
        return { user: userView(signUp.response.user) };
      },
    ),

    /**
     * `POST /login` `{ email, password, rememberMe?, ipAddress?, userAgent?, deviceId? }` →
     * `{ user, session, accessToken, tokenType, expiresIn }` and the session cookies.
     */
    login: createAuthEndpoint(
      login.path,
      { method: login.method, body: login.body, onValidationError: validationFailed },
      async (ctx): Promise<LoginResponse> => {
        const runtime = currentRuntime(base);
        const headers = signInHeaders(ctx, runtime, ctx.body);
        // The whole body goes on: the audit log records deviceId and the client fields from it.
        const body = { ...ctx.body, rememberMe: ctx.body.rememberMe === true };
        const signIn = await callEndpoint<{ user: RawUser }>(ctx, signInEmailEndpoint, { body, headers });
        const session = new CookieJar().store(signIn.headers.getSetCookie()).applyTo(new Headers(headers));
        const current = await callEndpoint<{ user: RawUser; session: RawSession } | null>(
          ctx,
          getSessionEndpoint,
          { headers: session },
        );
        if (!current.response) throw apiError(500, 'INTERNAL_ERROR', 'Internal error.');
        const token = await mintAccessToken(ctx, runtime, session);
        forwardCookies(ctx, signIn.headers);
        return {
          user: userView(current.response.user),
          session: sessionView(current.response.session),
          ...token,
        };
      },
    ),

    /** `POST /logout` → 200 `{ success: true }`, cookies expired. */
    logout: createAuthEndpoint(logout.path, { method: logout.method }, async (ctx) => {
      const signedOut = await callEndpoint(ctx, signOut, { body: {} });
      forwardCookies(ctx, signedOut.headers);
      return { success: true as const };
    }),

    /** `POST /refresh` → a new access token for the session of the cookie. */
    refresh: createAuthEndpoint(
      refresh.path,
      { method: refresh.method },
      async (ctx): Promise<AccessTokenResponse> => mintAccessToken(ctx, currentRuntime(base)),
    ),
  };
}
