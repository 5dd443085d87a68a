import { createHmac } from 'node:crypto';
import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';
import type { RawEventInput } from '../events/event-builder.js';
import type { LogEventResult } from '../events/event-input.js';
import { clientInfo, type IpAddressOptions } from './client-info.js';
import { eraseOnUserDelete, type UserEraser } from './erase-on-user-delete.js';
import { type FlowTools, flowFor, SIGN_IN_PREFIXES } from './flows.js';
import { bodyField, flowState, type HookContext } from './hook-context.js';
import {
  type AccessTokenRefusedEvent,
  type AccountLockedEvent,
  type ManaHooks,
  manaHooks,
  type OriginRefusedEvent,
  type RateLimitedEvent,
} from './mana-hooks.js';
import { resolvePluginOptions, type SecurityEventsPluginOptions } from './plugin-options.js';

/**
 * What the plugin needs from the service: `SecurityEventsService` (with any custom types).
 *
 * @example
 * ```ts
 * const sink: SecurityEventsSink = new SecurityEventsService({ database });
 * ```
 */
export interface SecurityEventsSink extends UserEraser {
  record(event: RawEventInput): LogEventResult;
}

/**
 * The plugin object: a Better Auth plugin plus the `manaHooks` that `@mana/auth-core` calls
 * for requests Better Auth's hooks never see (refused by the rate limiter or the lockout).
 *
 * @example
 * ```ts
 * const plugin: SecurityEventsPlugin = securityEvents(service);
 * plugin.manaHooks.onRateLimited?.({ request, path: '/sign-in/email', ip: null, retryAfterSeconds: 60 });
 * ```
 */
export type SecurityEventsPlugin = BetterAuthPlugin & {
  id: 'mana-security-events';
  manaHooks: Required<ManaHooks>;
};

const BEFORE_PATHS = new Set(['/sign-out', '/reset-password', '/revoke-session']);

/**
 * A Better Auth plugin that logs every auth decision through `service`, with no code in your
 * routes: sign-in success and failure, sign-up, sign-out, password change, reset requested and
 * completed, session revocation, access-token minting and refusal at `/token`, profile and email
 * changes, Origin / CSRF refusals, REST body validation failures, and, through
 * `@mana/auth-core`'s `manaHooks`, requests refused by the rate limiter or the account lockout,
 * Bearer tokens refused at protected routes and Origin refusals before any route ran.
 * Logging never fails a request and adds no write to it: events are queued, and any error is
 * reported to `onError` instead of the caller. With a tamper-evident log (the service's
 * `integrity`), deleting a user through Better Auth first erases their personal data from the
 * log (`eraseUserPersonalData`), and fails if that fails.
 *
 * @example
 * ```ts
 * import { createAuth } from '@mana/auth-core';
 * import { SecurityEventsService } from '@mana/security-events';
 * import { securityEvents } from '@mana/security-events/better-auth';
 *
 * const service = new SecurityEventsService({ database });
 * const auth = createAuth({ database, secret, baseURL, plugins: [securityEvents(service)] });
 * ```
 */
export function securityEvents(
  service: SecurityEventsSink,
  options: SecurityEventsPluginOptions = {},
): SecurityEventsPlugin {
  const resolved = resolvePluginOptions(options);
  const signInPrefixes = [...SIGN_IN_PREFIXES, ...resolved.signInPaths];
  let ipOptions: IpAddressOptions | undefined;
  const emit = (event: RawEventInput, path: string) => {
    try {
      service.record(event);
    } catch (error) {
      resolved.onError(error, path);
    }
  };
  const email = emailRecorder(resolved.email);
  const tools = (path: string): FlowTools => ({
    emit: (event) => emit(event, path),
    email,
    client: (ctx, loginFields) => clientFields(ctx, loginFields, resolved.trustedServer),
  });

  return {
    id: 'mana-security-events',
    init(context) {
      ipOptions = (context.options.advanced as { ipAddress?: IpAddressOptions } | undefined)?.ipAddress;
      const databaseHooks = eraseOnUserDelete(service, email);
      return databaseHooks ? { options: { databaseHooks } } : undefined;
    },
    hooks: hooks(resolved.onError, signInPrefixes, tools),
    manaHooks: manaHooks({
      emit,
      email,
      // Only without a request (a direct auth.api call) fall back to auth-core's address.
      client: (request, fallbackIp) => {
        const info = clientInfo(request, ipOptions);
        return { ipAddress: request ? info.ipAddress : fallbackIp, userAgent: info.userAgent };
      },
    }),
  } satisfies SecurityEventsPlugin;
}

export type { AccessTokenRefusedEvent, AccountLockedEvent, ManaHooks, OriginRefusedEvent, RateLimitedEvent };

function hooks(
  onError: (error: unknown, path: string) => void,
  signInPrefixes: readonly string[],
  tools: (path: string) => FlowTools,
): NonNullable<BetterAuthPlugin['hooks']> {
  return {
    before: [
      {
        matcher: (ctx) => BEFORE_PATHS.has(ctx.path ?? ''),
        handler: createAuthMiddleware(async (ctx) => {
          await guard(onError, ctx.path, () => remember(ctx as unknown as HookContext));
        }),
      },
    ],
    after: [
      {
        // Matched after the route ran, so only routes that made a decision pay for the hook
        // (never the hot /get-session path).
        matcher: (ctx) => {
          try {
            return flowFor(ctx as unknown as HookContext, signInPrefixes) !== undefined;
          } catch {
            return false; // a throwing matcher would fail the request
          }
        },
        handler: createAuthMiddleware(async (ctx) => {
          const hookCtx = ctx as unknown as HookContext;
          const flow = flowFor(hookCtx, signInPrefixes);
          if (flow) await guard(onError, ctx.path, () => flow(hookCtx, tools(ctx.path)));
        }),
      },
    ],
  };
}

async function guard(
  onError: (error: unknown, path: string) => void,
  path: string,
  fn: () => unknown,
): Promise<void> {
  try {
    await fn();
  } catch (error) {
    onError(error, path);
  }
}

/** Before the route runs: what the after hook can no longer find out (the session is gone by then). */
async function remember(ctx: HookContext): Promise<void> {
  const state = flowState(ctx);
  const adapter = ctx.context.internalAdapter;
  if (ctx.path === '/sign-out') {
    const token = await ctx.getSignedCookie(ctx.context.authCookies.sessionToken.name, ctx.context.secret);
    state.endingSession = token ? await adapter.findSession(token) : null;
  } else if (ctx.path === '/reset-password') {
    const token = bodyField(ctx, 'token') ?? (ctx.query as { token?: unknown } | undefined)?.token;
    const found =
      typeof token === 'string' ? await adapter.findVerificationValue(`reset-password:${token}`) : null;
    state.resetUserId = found && new Date(found.expiresAt).getTime() > Date.now() ? found.value : null;
  } else if (ctx.path === '/revoke-session') {
    const token = bodyField(ctx, 'token');
    state.revokedOwner =
      typeof token === 'string' ? ((await adapter.findSession(token))?.session.userId ?? null) : null;
  }
}

function clientFields(
  ctx: HookContext,
  loginFields: boolean,
  trustedServer: (request: Request | undefined) => boolean,
) {
  const info = clientInfo(ctx.request ?? ctx.headers, ctx.context.options.advanced?.ipAddress);
  let { ipAddress, userAgent } = info;
  const extra: Record<string, unknown> = {};
  if (loginFields) {
    const bodyIp = bodyField(ctx, 'ipAddress');
    const bodyAgent = bodyField(ctx, 'userAgent');
    if (trustedServer(ctx.request)) {
      if (typeof bodyIp === 'string') ipAddress = bodyIp;
      if (typeof bodyAgent === 'string') userAgent = bodyAgent;
    } else {
      if (typeof bodyIp === 'string') extra.clientIpAddress = bodyIp;
      if (typeof bodyAgent === 'string') extra.clientUserAgent = bodyAgent;
    }
    const deviceId = bodyField(ctx, 'deviceId');
    const rememberMe = bodyField(ctx, 'rememberMe');
    if (typeof deviceId === 'string') extra.deviceId = deviceId;
    if (typeof rememberMe === 'boolean') extra.rememberMe = rememberMe;
  }
  return { ipAddress, userAgent, extra };
}

function emailRecorder(
  policy: 'plain' | 'omit' | { hashKey: string },
): (value: unknown) => string | undefined {
  return (value) => {
    if (typeof value !== 'string' || policy === 'omit') return undefined;
    const email = value.trim().toLowerCase().slice(0, 254);
    if (email === '') return undefined;
    if (policy === 'plain') return email;
    return `hmac:${createHmac('sha256', policy.hashKey).update(email).digest('base64url').slice(0, 22)}`;
  };
}
