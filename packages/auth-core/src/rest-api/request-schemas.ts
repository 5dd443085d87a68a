import { z } from 'zod';

const email = z.email('must be an email address').max(254);
const password = z.string().min(1, 'is required').max(128, 'must be at most 128 characters');

/** Body of `POST /register` (docs/api.md). */
export const registerBody = z.strictObject({ email, password, name: z.string().trim().min(1).max(200) });

/** Body of `POST /login`: the sign-in fields plus what a trusted server may tell about its client. */
export const loginBody = z.strictObject({
  email,
  password,
  rememberMe: z.boolean().optional(),
  ipAddress: z.string().max(64).optional(),
  userAgent: z.string().max(512).optional(),
  deviceId: z.string().max(200).optional(),
});

/** Body of `POST /password/change`. */
export const changePasswordBody = z.strictObject({
  currentPassword: password,
  newPassword: password,
  revokeOtherSessions: z.boolean().optional(),
});

/** Body of `POST /password/forgot`. */
export const forgotPasswordBody = z.strictObject({ email });

/** Body of `POST /password/reset`. */
export const resetPasswordBody = z.strictObject({ token: z.string().min(1).max(512), newPassword: password });
