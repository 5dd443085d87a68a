import { changePassword, createAuthEndpoint, requestPasswordReset, resetPassword } from 'better-auth/api';
import type { z } from 'zod';
import { authLogOf } from '../logging/auth-log.js';
import { apiError } from './api-error.js';
import { callEndpoint, callerHeaders, forwardCookies } from './call-endpoint.js';
import type { forgotPasswordResponseSchema, successResponseSchema } from './response-schemas.js';
import { currentRuntime, type RestApiRuntime } from './rest-api-options.js';
import { REST_ROUTES } from './routes.js';
import { validationFailed } from './validation-failed.js';

/** `{ success: true }`. */
export type SuccessResponse = z.infer<typeof successResponseSchema>;
/** Response of `POST /password/forgot`. */
export type ForgotPasswordResponse = z.infer<typeof forgotPasswordResponseSchema>;

const FORGOT_ANSWER: ForgotPasswordResponse = {
  message: 'If an account exists for this email, a password-reset link has been sent.',
};

/** `/password/change`, `/password/forgot` and `/password/reset` for `runtime`. */
export function passwordEndpoints(base: RestApiRuntime) {
  const { passwordChange: change, passwordForgot: forgot, passwordReset: reset } = REST_ROUTES;
  return {
    /**
     * `POST /password/change` `{ currentPassword, newPassword, revokeOtherSessions? }` → 200. Other
     * sessions end unless `revokeOtherSessions: false` (or the `passwordChange` option keeps them):
     * `/change-password`'s policy hook fills the default.
     */
    passwordChange: createAuthEndpoint(
      change.path,
      { method: change.method, body: change.body, onValidationError: validationFailed },
      async (ctx): Promise<SuccessResponse> => {
        const changed = await callEndpoint(ctx, changePassword, { body: { ...ctx.body } });
        forwardCookies(ctx, changed.headers);
        return { success: true };
      },
    ),

    /**
     * `POST /password/forgot` `{ email }` → always 202 with the same body, whether or not the email
     * belongs to an account; the link goes out through the configured mail sender.
     */
    passwordForgot: createAuthEndpoint(
      forgot.path,
      { method: forgot.method, body: forgot.body, onValidationError: validationFailed },
      async (ctx): Promise<ForgotPasswordResponse> => {
        if (!ctx.context.options.emailAndPassword?.sendResetPassword) {
          authLogOf(ctx.context.options.plugins).error(
            'mail_sender_missing',
            'POST /password/forgot needs the mailSender option of createAuth',
          );
          throw apiError(500, 'INTERNAL_ERROR', 'Internal error.');
        }
        const runtime = currentRuntime(base);
        const body = { email: ctx.body.email, redirectTo: runtime.resetPasswordUrl };
        try {
          await callEndpoint(ctx, requestPasswordReset, { body });
        } catch (error) {
          // Only server faults are told apart; everything else looks the same.
          const status = (error as { statusCode?: number }).statusCode ?? 500;
          if (status === 429 || status >= 500) throw error;
        }
        ctx.setStatus(202);
        return FORGOT_ANSWER;
      },
    ),

    /** `POST /password/reset` `{ token, newPassword }` → 200; 400 `INVALID_TOKEN` for a bad or used token. */
    passwordReset: createAuthEndpoint(
      reset.path,
      { method: reset.method, body: reset.body, onValidationError: validationFailed },
      async (ctx): Promise<SuccessResponse> => {
        const headers = callerHeaders(ctx);
        headers.delete('cookie'); // the token proves who the user is, not a session
        await callEndpoint(ctx, resetPassword, { body: ctx.body, headers });
        return { success: true };
      },
    ),
  };
}
