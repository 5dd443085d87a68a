import { ApiError, ensureOk, jsonResponse, translateError } from './api-error.js';
import { readJsonBody } from './read-body.js';
import { forward, type RouteContext } from './route-context.js';
import { changePasswordBody, forgotPasswordBody, resetPasswordBody } from './schemas.js';

/** `POST /password/change` `{ currentPassword, newPassword, revokeOtherSessions? }` → 200. */
export async function changePassword(ctx: RouteContext): Promise<Response> {
  const body = await readJsonBody(ctx.request, changePasswordBody);
  const response = await ensureOk(
    await forward(ctx, '/change-password', {
      method: 'POST',
      body: { ...body, revokeOtherSessions: body.revokeOtherSessions === true },
    }),
  );
  return jsonResponse(200, { success: true }, response.headers.getSetCookie());
}

const FORGOT_ANSWER = {
  message: 'If an account exists for this email, a password-reset link has been sent.',
};

/**
 * `POST /password/forgot` `{ email }` → always 202 with the same body, whether or not the email
 * belongs to an account; the link goes out through the configured mail sender.
 */
export async function forgotPassword(ctx: RouteContext): Promise<Response> {
  const { email } = await readJsonBody(ctx.request, forgotPasswordBody);
  const response = await forward(ctx, '/request-password-reset', {
    method: 'POST',
    body: { email, redirectTo: ctx.options.resetPasswordUrl },
  });
  // Only the limiter and server faults are told apart; everything else looks the same.
  if (response.status === 429 || response.status >= 500) throw new ApiError(await translateError(response));
  return jsonResponse(202, FORGOT_ANSWER);
}

/** `POST /password/reset` `{ token, newPassword }` → 200; 400 `INVALID_TOKEN` for a bad or used token. */
export async function resetPassword(ctx: RouteContext): Promise<Response> {
  const body = await readJsonBody(ctx.request, resetPasswordBody);
  await ensureOk(await forward(ctx, '/reset-password', { method: 'POST', body, cookie: '' }));
  return jsonResponse(200, { success: true });
}
