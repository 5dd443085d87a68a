import { isManaLogger, type ManaLog, type ManaLogger } from '@mana/internal';
import type { BetterAuthAdvancedOptions, BetterAuthOptions } from 'better-auth';
import { z } from 'zod';
import { ManaAuthConfigError } from '../errors.js';
import {
  emailVerificationMessage,
  type MailSender,
  passwordResetMessage,
  sendInBackground,
} from './mail-sender.js';

/**
 * Email verification (Better Auth's `emailVerification`). Without `sendVerificationEmail`, the
 * message goes through the config's `mailSender` (`kind: 'email-verification'`), named after
 * `appName`.
 */
export type ManaEmailVerificationConfig = NonNullable<BetterAuthOptions['emailVerification']>;

/** Better Auth's social providers (`github`, `google`, ...), passed through unchanged. */
export type ManaSocialProvidersConfig = NonNullable<BetterAuthOptions['socialProviders']>;

/** Better Auth's logger: `{ level, log, disabled, disableColors }`. */
export type ManaLoggerConfig = NonNullable<BetterAuthOptions['logger']>;

/**
 * Versioned secrets for rotation (Better Auth's `secrets`): the first entry encrypts and signs,
 * the others still decrypt and verify (cookie cache, signing keys at rest, session cookies).
 */
export type ManaSecretsConfig = NonNullable<BetterAuthOptions['secrets']>;

/**
 * The cookie part of Better Auth's `advanced` options. `ipAddress` is not here (see
 * `clientIp`), nor the CSRF and origin checks, which stay on.
 */
export type ManaAdvancedConfig = Pick<
  BetterAuthAdvancedOptions,
  | 'cookiePrefix'
  | 'cookies'
  | 'crossSubDomainCookies'
  | 'defaultCookieAttributes'
  | 'useSecureCookies'
  | 'backgroundTasks'
>;

/** The Better Auth options `createAuth` passes through (validated, security settings kept). */
export interface BetterAuthPassThroughConfig {
  /**
   * Your product's name: in every email we send (reset, verification) and Better Auth's
   * `appName` (e.g. the issuer shown by authenticator apps). Default: the host of `baseURL`.
   */
  appName?: string;
  /** Sign-in with GitHub, Google, ... (`/sign-in/social`). Default: none. */
  socialProviders?: ManaSocialProvidersConfig;
  /** Email verification; needs `mailSender` unless it has its own `sendVerificationEmail`. */
  emailVerification?: ManaEmailVerificationConfig;
  /** Refuse sign-in (403 `EMAIL_NOT_VERIFIED`) until the email is verified. Default `false`. */
  requireEmailVerification?: boolean;
  /**
   * Where every log entry of `@mana/auth-core` goes, Better Auth's own lines included: a
   * {@link ManaLogger} (pino's shape: `error`, `warn`, `info`, optional `debug`, each taking
   * `(fields, msg)`), e.g. `pino()` or an adapter for winston or Nest (docs/configuration.md,
   * "Logging"). Entries are redacted first (passwords, tokens, cookies, Bearer values, URL
   * passwords) and a throwing logger is ignored. Default: `jsonLineLogger('@mana/auth-core')`,
   * one JSON line per entry on stderr.
   *
   * Deprecated form: Better Auth's logger config (`{ level, log, disabled, disableColors }`) is
   * still passed to Better Auth unchanged; our own entries then go to the default.
   */
  logger?: ManaLogger | ManaLoggerConfig;
  /**
   * Secret rotation. With it, `secret` is the oldest secret, still accepted for what it signed
   * or encrypted. Each value at least 32 bytes, versions unique. Default: `secret` alone.
   */
  secrets?: ManaSecretsConfig;
  /** Cookie options (prefix, names, attributes, sub-domains, `Secure`). */
  advanced?: ManaAdvancedConfig;
  /**
   * Allows `advanced.useSecureCookies: false` although `baseURL` is https: cookies then travel
   * over plain HTTP too. Only behind a proxy that terminates TLS and rewrites cookies itself.
   * Default `false`.
   */
  unsafeAllowInsecureCookies?: boolean;
}

const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'must be a function');
const object = (message: string) =>
  z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), message);
const cookieAttributes = z.looseObject({ httpOnly: z.boolean().optional() });
const bytes32 = (s: string) => Buffer.byteLength(s, 'utf8') >= 32;

/** The zod shape of {@link BetterAuthPassThroughConfig}, merged into the config schema. */
export const passThroughShape = {
  appName: z.string().trim().min(1).max(100).optional(),
  socialProviders: z
    .record(
      z.string(),
      z.union([fn, object('must be the provider options, e.g. { clientId, clientSecret }')]),
    )
    .optional(),
  emailVerification: z
    .strictObject({
      sendVerificationEmail: fn.optional(),
      sendOnSignUp: z.boolean().optional(),
      sendOnSignIn: z.boolean().optional(),
      autoSignInAfterVerification: z.boolean().optional(),
      expiresIn: z.number().int().positive().optional(),
      beforeEmailVerification: fn.optional(),
      afterEmailVerification: fn.optional(),
    })
    .optional(),
  requireEmailVerification: z.boolean().optional(),
  // The deprecated Better Auth form; a ManaLogger is taken out before parsing (validateConfig).
  logger: z
    .strictObject({
      disabled: z.boolean().optional(),
      disableColors: z.boolean().optional(),
      level: z.enum(['debug', 'info', 'success', 'warn', 'error']).optional(),
      log: fn.optional(),
    })
    .optional(),
  secrets: z
    .array(
      z.strictObject({
        version: z.number().int().nonnegative(),
        value: z.string().refine(bytes32, 'must be at least 32 bytes'),
      }),
    )
    .min(1)
    .refine((list) => new Set(list.map((s) => s.version)).size === list.length, 'versions must be unique')
    .optional(),
  advanced: z
    .strictObject({
      cookiePrefix: z
        .string()
        .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, "-" or "_"')
        .optional(),
      cookies: z
        .record(
          z.string(),
          z.strictObject({ name: z.string().min(1).optional(), attributes: cookieAttributes.optional() }),
        )
        .optional(),
      crossSubDomainCookies: z
        .strictObject({
          enabled: z.boolean(),
          additionalCookies: z.array(z.string()).optional(),
          domain: z.string().min(1).optional(),
        })
        .optional(),
      defaultCookieAttributes: cookieAttributes.optional(),
      useSecureCookies: z.boolean().optional(),
      backgroundTasks: z.strictObject({ handler: fn }).optional(),
      // Refused with a pointer to the right option (see REFUSED_ADVANCED), not as unknown keys.
      ipAddress: z.unknown().optional(),
      disableCSRFCheck: z.unknown().optional(),
      disableOriginCheck: z.unknown().optional(),
    })
    .optional(),
  unsafeAllowInsecureCookies: z.boolean().optional(),
};

/** Better Auth options `createAuth` sets itself: passing them would undo a security setting. */
const OWNED_OPTIONS: Record<string, string> = {
  session:
    'sessions are fixed: JWE cookie cache always on (tune cookieCacheMaxAge), 7/30-day remember-me; remove it',
  emailAndPassword: 'use minPasswordLength, requireEmailVerification and mailSender instead',
  jwt: 'access tokens are always EdDSA (Ed25519); tune them with accessToken',
  databaseHooks: 'add a Better Auth plugin with `init` hooks to plugins instead',
  secondaryStorage: 'pass an ioredis client as redis',
};

const REFUSED_ADVANCED: Record<string, string> = {
  ipAddress: 'the client IP is configured with the top-level clientIp option (headers, trustedProxies)',
  disableCSRFCheck: 'CSRF checks stay on; add the calling site to trustedOrigins',
  disableOriginCheck: 'callback and redirect URLs are always checked; add the site to trustedOrigins',
};

/** Throws for a Better Auth option that `createAuth` owns (before the schema reports it unknown). */
export function refuseOwnedOptions(input: unknown): void {
  if (typeof input !== 'object' || input === null) return;
  for (const [key, fix] of Object.entries(OWNED_OPTIONS)) {
    if (!(key in input)) continue;
    throw new ManaAuthConfigError(key, 'is set by createAuth and cannot be overridden', fix);
  }
}

const isJwtPlugin = (plugin: { id: string }) => plugin.id === 'jwt';

/** Cross-field rules of the pass-through options; `config` has passed the schema. */
export function checkPassThrough(
  config: BetterAuthPassThroughConfig & {
    baseURL: string;
    mailSender?: unknown;
    plugins?: ReadonlyArray<{ id: string }>;
  },
): void {
  for (const [key, fix] of Object.entries(REFUSED_ADVANCED)) {
    if (config.advanced && key in config.advanced) {
      throw new ManaAuthConfigError(`advanced.${key}`, 'cannot be overridden', fix);
    }
  }
  const attributes: Array<[string, { httpOnly?: boolean | undefined } | undefined]> = [
    ['advanced.defaultCookieAttributes', config.advanced?.defaultCookieAttributes],
    ...Object.entries(config.advanced?.cookies ?? {}).map(
      ([name, c]): [string, { httpOnly?: boolean | undefined } | undefined] => [
        `advanced.cookies.${name}.attributes`,
        c.attributes,
      ],
    ),
  ];
  for (const [field, value] of attributes) {
    if (value?.httpOnly === false) {
      throw new ManaAuthConfigError(
        `${field}.httpOnly`,
        'false would let page scripts read session cookies',
        'remove it; read the session through GET /session instead',
      );
    }
  }
  if (
    config.advanced?.useSecureCookies === false &&
    config.baseURL.startsWith('https:') &&
    config.unsafeAllowInsecureCookies !== true
  ) {
    throw new ManaAuthConfigError(
      'advanced.useSecureCookies',
      'false on an https baseURL sends session cookies over plain HTTP too',
      'remove it, or opt in explicitly with unsafeAllowInsecureCookies: true',
    );
  }
  const needsMail = config.emailVerification || config.requireEmailVerification;
  if (needsMail && !config.emailVerification?.sendVerificationEmail && !config.mailSender) {
    throw new ManaAuthConfigError(
      config.emailVerification ? 'emailVerification' : 'requireEmailVerification',
      'needs a way to send the verification email',
      'pass mailSender (or emailVerification.sendVerificationEmail)',
    );
  }
  if (config.plugins?.some(isJwtPlugin)) {
    throw new ManaAuthConfigError(
      'plugins',
      'contains a "jwt" plugin; access tokens are already issued, EdDSA (Ed25519) only',
      'remove it; tune tokens with accessToken and keyRotation',
    );
  }
}

/** The name in our emails: `appName`, else the host of `baseURL` (never a name of ours). */
export function resolveAppName(config: { appName?: string; baseURL: string }): string {
  return config.appName ?? new URL(config.baseURL).host;
}

/** Better Auth's `sendResetPassword`, through `send` in the background. */
export function resetPasswordSender(send: MailSender, appName: string, log: ManaLog) {
  return async ({ user, url }: { user: { email: string }; url: string }): Promise<void> => {
    sendInBackground(send, passwordResetMessage(user.email, url, appName), log);
  };
}

function emailVerificationOptions(
  config: BetterAuthPassThroughConfig & { mailSender?: MailSender },
  appName: string,
  log: ManaLog,
): ManaEmailVerificationConfig | undefined {
  const given = config.emailVerification;
  if (!given && !config.requireEmailVerification) return undefined;
  const send = config.mailSender;
  return {
    ...given,
    ...(given?.sendVerificationEmail || !send
      ? {}
      : {
          sendVerificationEmail: async ({ user, url }) => {
            sendInBackground(send, emailVerificationMessage(user.email, url, appName), log);
          },
        }),
  };
}

/**
 * The Better Auth options passed through from `config` (validated by `validateConfig`), for
 * `createAuthOptions` to merge under its own. `advanced` is the caller's part only; the CSRF,
 * origin and client-IP settings are added by `createAuthOptions` after it.
 */
export function passThroughOptions(
  config: BetterAuthPassThroughConfig & { baseURL: string; mailSender?: MailSender },
  log: ManaLog,
) {
  const appName = resolveAppName(config);
  const emailVerification = emailVerificationOptions(config, appName, log);
  const { advanced } = config;
  return {
    appName,
    ...(config.socialProviders ? { socialProviders: config.socialProviders } : {}),
    ...(emailVerification ? { emailVerification } : {}),
    // A ManaLogger gets Better Auth's lines through createAuthOptions (logging/auth-log.ts).
    ...(config.logger && !isManaLogger(config.logger) ? { logger: config.logger } : {}),
    ...(config.secrets ? { secrets: config.secrets } : {}),
    advanced: {
      ...(advanced?.cookiePrefix ? { cookiePrefix: advanced.cookiePrefix } : {}),
      ...(advanced?.cookies ? { cookies: advanced.cookies } : {}),
      ...(advanced?.crossSubDomainCookies ? { crossSubDomainCookies: advanced.crossSubDomainCookies } : {}),
      ...(advanced?.defaultCookieAttributes
        ? { defaultCookieAttributes: advanced.defaultCookieAttributes }
        : {}),
      ...(advanced?.useSecureCookies !== undefined ? { useSecureCookies: advanced.useSecureCookies } : {}),
      ...(advanced?.backgroundTasks ? { backgroundTasks: advanced.backgroundTasks } : {}),
    } satisfies BetterAuthAdvancedOptions,
  };
}
