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

/** The limit that applies to one route: a name for the `RateLimit-Policy` field and its rule. */
export interface RateLimitPolicy extends RateLimitRule {
  /** `sign-in`, `sign-up`, `password`, `token` or `other`. */
  name: string;
}

// Our rules by route pattern (a trailing `*` is any rest), as `rateLimitOptions` sets them.
const POLICY_OF: ReadonlyArray<readonly [string, keyof typeof RATE_LIMIT_DEFAULTS | false]> = [
  ['/sign-in/*', 'signIn'],
  ['/login', 'signIn'],
  ['/sign-up/*', 'signUp'],
  ['/register', 'signUp'],
  ['/change-password', 'password'],
  ['/request-password-reset', 'password'],
  ['/forget-password', 'password'],
  ['/reset-password', 'password'],
  ['/reset-password/*', 'password'],
  ['/password/*', 'password'],
  ['/token', 'token'],
  ['/refresh', 'token'],
  ['/get-session', false],
  ['/jwks', false],
  ['/session', false],
  ['/health', false],
];
const POLICY_NAMES = {
  signIn: 'sign-in',
  signUp: 'sign-up',
  password: 'password',
  token: 'token',
  other: 'other',
};
// Better Auth's own tighter defaults (`/change-email`, `/send-verification-email`) are its to report.
const BETTER_AUTH_SPECIAL = /^\/(change-email|send-verification-email|email-otp\/)/;

/**
 * The policy the limiter applies to `path` (below the base path), or `undefined` when the route
 * is not limited (or limited by a rule of Better Auth's or a plugin's that we do not know).
 */
export function rateLimitPolicyFor(
  config: RateLimitConfig | undefined,
  path: string,
): RateLimitPolicy | undefined {
  if (config?.enabled === false) return undefined;
  const entry = POLICY_OF.find(([pattern]) =>
    pattern.endsWith('/*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern,
  );
  if (entry?.[1] === false || (!entry && BETTER_AUTH_SPECIAL.test(path))) return undefined;
  const name = entry?.[1] ?? 'other';
  return { name: POLICY_NAMES[name], ...(config?.[name] ?? RATE_LIMIT_DEFAULTS[name]) };
}

/**
 * The IETF rate-limit fields (draft-ietf-httpapi-ratelimit-headers, structured fields) for a
 * response on a limited route: `RateLimit-Policy: "sign-in";q=10;w=60` always, on a refusal
 * `RateLimit: "sign-in";r=0;t=<seconds until the window resets>`, and on an allowed answer whose
 * count the limiter reported (Redis storage) `RateLimit: "sign-in";r=<requests left>`.
 */
export function rateLimitFields(
  policy: RateLimitPolicy,
  state: { retryAfterSeconds: number } | { used: number } | undefined = undefined,
): Record<string, string> {
  const fields: Record<string, string> = {
    'ratelimit-policy': `"${policy.name}";q=${policy.max};w=${policy.window}`,
  };
  if (state && 'retryAfterSeconds' in state) {
    fields.ratelimit = `"${policy.name}";r=0;t=${Math.max(0, Math.ceil(state.retryAfterSeconds))}`;
  } else if (state) {
    // Allowed, with the count the limiter saw: what is left (the reset time is not known).
    fields.ratelimit = `"${policy.name}";r=${Math.max(0, policy.max - state.used)}`;
  }
  return fields;
}
