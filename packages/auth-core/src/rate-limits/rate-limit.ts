import type { BetterAuthRateLimitOptions } from 'better-auth';
import type { RateLimitConfig, RateLimitRule } from '../config/auth-config.js';

/** Default limits per client IP (each route's own bucket). */
export const RATE_LIMIT_DEFAULTS = {
  signIn: { window: 60, max: 10 },
  signUp: { window: 60, max: 5 },
  password: { window: 60, max: 5 },
  token: { window: 60, max: 60 },
  other: { window: 60, max: 300 },
} satisfies Record<string, RateLimitRule>;

/**
 * Better Auth limiter options for our routes. `/get-session` and `/jwks` are not limited:
 * they are the hot, cheap paths (the cookie cache answers without the database), and a
 * database-backed limiter there would cost a query per check. Each REST API path (docs/api.md)
 * has the limit of the Better Auth route it stands for (`/login` that of `/sign-in/*`, ...),
 * in its own bucket.
 */
export function rateLimitOptions(
  config: RateLimitConfig | undefined,
  hasRedis: boolean,
): BetterAuthRateLimitOptions {
  // An explicitly undefined rule (e.g. from an unset environment variable) keeps the default.
  const pick = (name: keyof typeof RATE_LIMIT_DEFAULTS): RateLimitRule =>
    config?.[name] ?? RATE_LIMIT_DEFAULTS[name];
  const rules = {
    signIn: pick('signIn'),
    signUp: pick('signUp'),
    password: pick('password'),
    token: pick('token'),
    other: pick('other'),
  };
  const storage = config?.storage ?? (hasRedis ? 'redis' : 'memory');
  return {
    enabled: config?.enabled ?? true,
    window: rules.other.window,
    max: rules.other.max,
    storage: storage === 'redis' ? 'secondary-storage' : storage,
    modelName: 'rate_limits',
    customRules: {
      '/sign-in/*': rules.signIn,
      '/sign-up/*': rules.signUp,
      '/change-password': rules.password,
      '/request-password-reset': rules.password,
      '/forget-password': rules.password,
      '/reset-password': rules.password,
      '/reset-password/*': rules.password,
      '/token': rules.token,
      '/get-session': false,
      '/jwks': false,
      '/login': rules.signIn,
      '/register': rules.signUp,
      '/password/*': rules.password,
      '/refresh': rules.token,
      '/session': false,
      '/health': false,
    },
  };
}
