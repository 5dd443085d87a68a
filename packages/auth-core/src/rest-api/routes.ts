import type { z } from 'zod';
import {
  changePasswordBody,
  forgotPasswordBody,
  loginBody,
  registerBody,
  resetPasswordBody,
} from './request-schemas.js';
import {
  accessTokenSchema,
  forgotPasswordResponseSchema,
  healthResponseSchema,
  loginResponseSchema,
  registerResponseSchema,
  sessionResponseSchema,
  sessionsResponseSchema,
  successResponseSchema,
} from './response-schemas.js';

/** One documented answer of a route; `schema` absent for an empty body. */
export interface RouteResponse {
  description: string;
  schema?: z.ZodType;
}

/** One route of the REST API: what the endpoint, the HTTP layer and `/openapi.json` share. */
export interface RestRoute {
  method: 'GET' | 'POST' | 'DELETE';
  /** Below the base path; `:name` marks a path parameter. */
  path: string;
  summary: string;
  /** JSON body schema (zod); routes without one take no body. */
  body?: z.ZodType;
  /** Answers besides the error shape; statuses >= 400 listed here keep their own body. */
  responses: Readonly<Record<number, RouteResponse>>;
  /** True when the session cookie is required. */
  cookie?: boolean;
  /** The Better Auth route whose limit and audit events this route stands for. */
  standsFor?: string;
}

/**
 * The REST API (docs/api.md), by `auth.api` name. The plugin's endpoints are built from these
 * entries, so paths, methods and body schemas exist once; the HTTP layer (405, body checks) and
 * the OpenAPI document read the same table.
 */
export const REST_ROUTES = {
  register: {
    method: 'POST',
    path: '/register',
    summary: 'Create an account and sign in (session cookies).',
    body: registerBody,
    responses: { 201: { description: 'The new user', schema: registerResponseSchema } },
    standsFor: '/sign-up/email',
  },
  login: {
    method: 'POST',
    path: '/login',
    summary: 'Sign in: session cookies and a 15-minute access token.',
    body: loginBody,
    responses: { 200: { description: 'User, session and access token', schema: loginResponseSchema } },
    standsFor: '/sign-in/email',
  },
  logout: {
    method: 'POST',
    path: '/logout',
    summary: 'End the current session and expire its cookies.',
    responses: { 200: { description: 'Signed out', schema: successResponseSchema } },
    cookie: true,
    standsFor: '/sign-out',
  },
  refresh: {
    method: 'POST',
    path: '/refresh',
    summary: 'A new access token for the live session.',
    responses: { 200: { description: 'A new access token', schema: accessTokenSchema } },
    cookie: true,
    standsFor: '/token',
  },
  session: {
    method: 'GET',
    path: '/session',
    summary: 'The signed-in user and the current session.',
    responses: { 200: { description: 'User and session', schema: sessionResponseSchema } },
    cookie: true,
    standsFor: '/get-session',
  },
  sessions: {
    method: 'GET',
    path: '/sessions',
    summary: "The user's active sessions, newest first, the current one marked.",
    responses: { 200: { description: 'Active sessions', schema: sessionsResponseSchema } },
    cookie: true,
    standsFor: '/list-sessions',
  },
  deleteSession: {
    method: 'DELETE',
    path: '/sessions/:id',
    summary: "Revoke one of the user's sessions.",
    responses: { 204: { description: 'Revoked' } },
    cookie: true,
    standsFor: '/revoke-session',
  },
  passwordChange: {
    method: 'POST',
    path: '/password/change',
    summary: 'Change the password; optionally end every other session.',
    body: changePasswordBody,
    responses: { 200: { description: 'Changed', schema: successResponseSchema } },
    cookie: true,
    standsFor: '/change-password',
  },
  passwordForgot: {
    method: 'POST',
    path: '/password/forgot',
    summary: 'Mail a password-reset link (the same answer whether or not the email has an account).',
    body: forgotPasswordBody,
    responses: { 202: { description: 'Accepted', schema: forgotPasswordResponseSchema } },
    standsFor: '/request-password-reset',
  },
  passwordReset: {
    method: 'POST',
    path: '/password/reset',
    summary: 'Set a new password with the mailed token; every session of the user ends.',
    body: resetPasswordBody,
    responses: { 200: { description: 'Reset', schema: successResponseSchema } },
    standsFor: '/reset-password',
  },
  health: {
    method: 'GET',
    path: '/health',
    summary: 'Liveness: 200 when the database answers within 2 s, else 503 (one probe per 2 s, shared).',
    responses: {
      200: { description: 'Healthy', schema: healthResponseSchema },
      503: { description: 'The database does not answer', schema: healthResponseSchema },
    },
  },
  openApi: {
    method: 'GET',
    path: '/openapi.json',
    summary: 'This OpenAPI document.',
    responses: { 200: { description: 'An OpenAPI 3.1 document' } },
  },
} as const satisfies Record<string, RestRoute>;

const MATCHERS = Object.values(REST_ROUTES as Record<string, RestRoute>).map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/:[A-Za-z]+/g, '([^/]+)')}$`),
}));

/** Every route whose path matches `path` (below the base path), whatever its method. */
export function matchRoutes(path: string): RestRoute[] {
  return MATCHERS.filter((m) => m.pattern.test(path)).map((m) => m.route);
}

/** The Better Auth route a REST path stands for (for limiter events), or the path itself. */
export function betterAuthPathFor(path: string): string {
  return matchRoutes(path)[0]?.standsFor ?? path;
}
