import type { BetterAuthPlugin } from 'better-auth';
import { REMEMBER_ME_TTL_SECONDS, SESSION_TTL_SECONDS } from '../settings/constants.js';

/**
 * How long a session may live from sign-in, however often it is used (OWASP ASVS 3.3). Sliding
 * refresh never moves a session's expiry past this deadline, and a session past it is refused
 * everywhere (database, Redis, cookie cache, the fast session check).
 */
export interface AbsoluteSessionLifetimeConfig {
  /** Seconds from sign-in for a `rememberMe: true` session. Default 2,592,000 (30 days). */
  rememberMeSeconds?: number;
  /** Seconds from sign-in for any other session. Default 604,800 (7 days). */
  defaultSeconds?: number;
}

/** {@link AbsoluteSessionLifetimeConfig} with its defaults applied. */
export type AbsoluteSessionLifetime = Required<AbsoluteSessionLifetimeConfig>;

/**
 * Whether sliding refresh can extend any session: only when a lifetime is longer than its
 * sliding TTL. With the defaults (7 and 30 days, the TTLs themselves) a session always ends at
 * sign-in + TTL, and Better Auth, which computes "due for refresh" from the global `expiresIn`,
 * would rewrite such a session on every cookie-cache miss for nothing.
 */
export function refreshCanExtend(lifetime: AbsoluteSessionLifetime): boolean {
  return (
    lifetime.defaultSeconds > SESSION_TTL_SECONDS || lifetime.rememberMeSeconds > REMEMBER_ME_TTL_SECONDS
  );
}

/** The plugin id the fast session check looks for to read the lifetimes. */
export const ABSOLUTE_LIFETIME_PLUGIN_ID = 'mana-absolute-session-lifetime';

/** Applies the defaults (30 days with remember-me, 7 without). */
export function resolveAbsoluteLifetime(config?: AbsoluteSessionLifetimeConfig): AbsoluteSessionLifetime {
  return {
    rememberMeSeconds: config?.rememberMeSeconds ?? REMEMBER_ME_TTL_SECONDS,
    defaultSeconds: config?.defaultSeconds ?? SESSION_TTL_SECONDS,
  };
}

/** What the deadline is computed from: when the session started and whether it is remembered. */
export interface SessionStart {
  createdAt?: Date | string | null | undefined;
  rememberMe?: boolean | null | undefined;
}

const toMs = (value: Date | string): number => (value instanceof Date ? value.getTime() : Date.parse(value));

/**
 * The instant (ms since the epoch) after which `session` is refused, or undefined when its
 * start is unknown or unreadable.
 */
export function sessionDeadline(
  session: SessionStart,
  lifetime: AbsoluteSessionLifetime,
): number | undefined {
  if (!session.createdAt) return undefined;
  const start = toMs(session.createdAt);
  if (!Number.isFinite(start)) return undefined;
  const seconds = session.rememberMe === true ? lifetime.rememberMeSeconds : lifetime.defaultSeconds;
  return start + seconds * 1000;
}

/** `expiresAt`, moved back to the session's absolute deadline when it lies beyond it. */
export function capExpiry(expiresAt: Date, session: SessionStart, lifetime: AbsoluteSessionLifetime): Date {
  const deadline = sessionDeadline(session, lifetime);
  return deadline !== undefined && deadline < expiresAt.getTime() ? new Date(deadline) : expiresAt;
}

/**
 * A plugin without hooks that carries the resolved lifetimes, so the fast session check
 * (`createFastSessionCheck`) applies the same deadline as the database path.
 */
export function absoluteLifetimePlugin(lifetime: AbsoluteSessionLifetime): BetterAuthPlugin {
  const plugin = { id: ABSOLUTE_LIFETIME_PLUGIN_ID, options: lifetime };
  return plugin;
}

/** The lifetimes carried by {@link absoluteLifetimePlugin} among `plugins`, if it is there. */
export function findAbsoluteLifetime(
  plugins: readonly BetterAuthPlugin[] | undefined,
): AbsoluteSessionLifetime | undefined {
  const plugin = plugins?.find((p) => p.id === ABSOLUTE_LIFETIME_PLUGIN_ID) as
    | { options?: AbsoluteSessionLifetime }
    | undefined;
  return plugin?.options;
}
