import type {
  AccessTokenRefusedEvent,
  AccountLockedEvent,
  ManaHooks,
  OriginRefusedEvent,
  RateLimitedEvent,
} from '@mana/internal';
import type { RawEventInput } from '../events/event-builder.js';
import { originRefusalLogged } from './reported-origin-refusals.js';

// The hook contract is defined once in @mana/internal: @mana/auth-core calls these hooks and
// compiles against the same types (this package still never imports auth-core).
export type {
  AccessTokenRefusalReason,
  AccessTokenRefusedEvent,
  AccountLockedEvent,
  ManaHooks,
  OriginRefusedEvent,
  RateLimitedEvent,
} from '@mana/internal';

interface ManaHookTools {
  emit(event: RawEventInput, path: string): void;
  email(value: unknown): string | undefined;
  client(
    request: Request | undefined,
    fallbackIp: string | null,
  ): { ipAddress: string | null; userAgent: string | null };
}

/**
 * Turns auth-core's refusals into events: every limiter refusal is ONE `rate_limited` event
 * (its `metadata.path` says which route, e.g. `/sign-in/email`); the service counts them into
 * one row per client IP, route and minute. (A refused sign-in used to be a second
 * `login_failure` row as well: two rows per free 429.) A lockout that trips is an
 * `account_locked` event; each sign-in refused while locked is a `login_failure` with reason
 * `account_locked`. A Bearer token refused at a protected route is a `token_invalid` event (the
 * verifier's reason), and a request refused by Better Auth's Origin / CSRF checks before any
 * hook ran is a `csrf_refused` event.
 *
 * @example
 * ```ts
 * const hooks = manaHooks(tools);
 * await hooks.onRateLimited({ request, path: '/sign-in/email', ip: null, retryAfterSeconds: 60 });
 * ```
 */
export function manaHooks(tools: ManaHookTools): Required<ManaHooks> {
  return {
    onRateLimited: (event) => logRateLimited(tools, event),
    onAccountLocked: (event) => logAccountLocked(tools, event),
    onAccessTokenRefused: (event) => logAccessTokenRefused(tools, event),
    onOriginRefused: (event) => logOriginRefused(tools, event),
  };
}

function logAccessTokenRefused(tools: ManaHookTools, event: AccessTokenRefusedEvent): void {
  const { reason, path, method } = event;
  const metadata = { reason, status: 401, path, method };
  const row = { eventType: 'token_invalid', ipAddress: event.ip, userAgent: event.userAgent, metadata };
  tools.emit(row, path ?? '(resource route)');
}

function logOriginRefused(tools: ManaHookTools, event: OriginRefusedEvent): void {
  // A check inside a route was logged by its after hook already.
  if (originRefusalLogged(event.request)) return;
  const base = tools.client(event.request, event.ip);
  const { reason, path, origin } = event;
  const metadata = { reason, status: 403, path, method: event.request.method, origin };
  tools.emit({ eventType: 'csrf_refused', ...base, metadata }, path);
}

function logRateLimited(tools: ManaHookTools, event: RateLimitedEvent): void {
  const { path, retryAfterSeconds } = event;
  const base = tools.client(event.request, event.ip);
  const method = event.request?.method;
  const metadata = { reason: 'rate_limited', path, method, retryAfterSeconds };
  tools.emit({ eventType: 'rate_limited', ...base, metadata }, path);
}

function logAccountLocked(tools: ManaHookTools, event: AccountLockedEvent): void {
  const { ipAddress, userAgent } = tools.client(event.request, event.ip);
  const email = tools.email(event.email);
  const { failures, retryAfterSeconds, scope } = event;
  if (event.phase === 'locked') {
    const metadata = { reason: 'too_many_failures', email, failures, retryAfterSeconds, scope };
    const locked = { eventType: 'account_locked', userId: event.userId, ipAddress, userAgent, metadata };
    tools.emit(locked, '/sign-in/email');
    return;
  }
  const metadata = {
    reason: 'account_locked',
    status: 429,
    method: 'email',
    email,
    failures,
    retryAfterSeconds,
    scope,
  };
  tools.emit({ eventType: 'login_failure', ipAddress, userAgent, metadata }, '/sign-in/email');
}
