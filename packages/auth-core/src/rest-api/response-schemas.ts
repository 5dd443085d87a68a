import { z } from 'zod';

const timestamp = z.iso.datetime();

/** A user as the REST API shows it. */
export const userViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  emailVerified: z.boolean(),
  image: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

/** A session as the REST API shows it: never its token. */
export const sessionViewSchema = z.object({
  id: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
  expiresAt: timestamp,
  rememberMe: z.boolean(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
});

/** A freshly minted access token. */
export const accessTokenSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
});

/** `201` of `POST /register`. */
export const registerResponseSchema = z.object({ user: userViewSchema });

/** `200` of `POST /login`. */
export const loginResponseSchema = z.object({
  user: userViewSchema,
  session: sessionViewSchema,
  ...accessTokenSchema.shape,
});

/** `200` of `GET /session`. */
export const sessionResponseSchema = z.object({ user: userViewSchema, session: sessionViewSchema });

/** `200` of `GET /sessions`: newest first, the caller's own marked `current`. */
export const sessionsResponseSchema = z.object({
  sessions: z.array(sessionViewSchema.extend({ current: z.boolean() })),
});

/** `200` of `/logout`, `/password/change` and `/password/reset`. */
export const successResponseSchema = z.object({ success: z.literal(true) });

/** `202` of `POST /password/forgot` (the same whether or not the email has an account). */
export const forgotPasswordResponseSchema = z.object({ message: z.string() });

/** `GET /health` (200 and 503). */
export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['reachable', 'unreachable']),
  version: z.string(),
  uptimeSeconds: z.number().int(),
});

/** Every error of the REST API: `{ error: { code, message, details? } }`. */
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
