import { z } from 'zod';

// Browsers cap a cookie's lifetime at 400 days (RFC 6265bis); a session may not outlive that.
const MAX_SECONDS = 400 * 24 * 60 * 60;
const seconds = z
  .number()
  .int()
  .min(300, 'must be at least 300 seconds')
  .max(MAX_SECONDS, 'must be at most 400 days');

/** The zod schema of `absoluteSessionLifetime` (see `AbsoluteSessionLifetimeConfig`). */
export const absoluteSessionLifetimeSchema = z.strictObject({
  rememberMeSeconds: seconds.optional(),
  defaultSeconds: seconds.optional(),
});

/**
 * Registration (`POST /register` and Better Auth's `/sign-up/email`).
 *
 * @example
 * ```ts
 * createAuth({ ..., mailSender, registration: { uniformResponse: true } });
 * ```
 */
export interface RegistrationConfig {
  /**
   * Answer a registration the same way whether or not the email already has an account, so the
   * answer does not tell an attacker which emails are registered: 201 with the new user's
   * public fields and no session cookies (the user signs in next), the password hashed in both
   * cases, and the owner of a taken address gets an `existing-account` email instead.
   * Default: `true` when `mailSender` is set; `false` without one, because then the owner of a
   * taken address could never learn why their registration "succeeded" (409 `CONFLICT` instead).
   * `true` without a `mailSender` is allowed (no email is sent).
   */
  uniformResponse?: boolean;
}

/** The zod schema of {@link RegistrationConfig}. */
export const registrationSchema = z.strictObject({ uniformResponse: z.boolean().optional() });

/** Whether registration answers uniformly (see {@link RegistrationConfig.uniformResponse}). */
export function uniformRegistration(config: {
  registration?: RegistrationConfig;
  mailSender?: unknown;
}): boolean {
  return config.registration?.uniformResponse ?? config.mailSender !== undefined;
}
