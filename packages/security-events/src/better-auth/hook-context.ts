import type { IpAddressOptions } from './client-info.js';

/**
 * A session as Better Auth hands it to hooks (only the fields used here).
 *
 * @example
 * ```ts
 * const userId = (ctx.context.session as HookSession | null)?.user.id;
 * ```
 */
export interface HookSession {
  session: { token: string; userId: string };
  user: { id: string; email?: string };
}

/**
 * The parts of Better Auth's hook context this plugin reads, typed structurally so the plugin
 * works across Better Auth 1.x releases without depending on their internal generics.
 *
 * @example
 * ```ts
 * const hookCtx = ctx as unknown as HookContext;
 * const returned = hookCtx.context.returned;
 * ```
 */
export interface HookContext {
  path?: string;
  body?: unknown;
  query?: unknown;
  request?: Request;
  headers?: Headers;
  getSignedCookie(name: string, secret: string): Promise<string | null | false | undefined>;
  context: {
    options: {
      advanced?: { ipAddress?: IpAddressOptions };
      emailAndPassword?: { revokeSessionsOnPasswordReset?: boolean };
    };
    returned?: unknown;
    newSession?: HookSession | null;
    session?: HookSession | null;
    secret: string;
    authCookies: { sessionToken: { name: string } };
    internalAdapter: {
      findSession(token: string): Promise<HookSession | null>;
      findUserById(id: string): Promise<{ id: string } | null>;
      findVerificationValue(identifier: string): Promise<{ value: string; expiresAt: Date } | null>;
    };
  } & Record<symbol, unknown>;
}

/**
 * What a before hook learnt for the after hook of the same request.
 *
 * @example
 * ```ts
 * const { endingSession }: FlowState = flowState(ctx);
 * ```
 */
export interface FlowState {
  /** `/sign-out`: the session being ended. */
  endingSession?: HookSession | null;
  /** `/reset-password`: the user the reset token belongs to. */
  resetUserId?: string | null;
  /** `/revoke-session`: the owner of the session to revoke. */
  revokedOwner?: string | null;
}

const STATE = Symbol('mana-security-events');

/**
 * Per-request state shared by the before and after hooks of one call. Stored on the request's
 * own context object (a fresh copy per request), so concurrent requests never mix.
 *
 * @example
 * ```ts
 * flowState(ctx).endingSession = await findCurrentSession(ctx);
 * ```
 */
export function flowState(ctx: HookContext): FlowState {
  const existing = ctx.context[STATE] as FlowState | undefined;
  if (existing) return existing;
  const state: FlowState = {};
  ctx.context[STATE] = state;
  return state;
}

/**
 * A string field of the request body, if present.
 *
 * @example
 * ```ts
 * const email = bodyField(ctx, 'email'); // unknown: check its type before use
 * ```
 */
export function bodyField(ctx: HookContext, name: string): unknown {
  const body = ctx.body;
  return body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
}
