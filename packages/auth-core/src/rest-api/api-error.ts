import { APIError } from 'better-auth/api';

/** Error codes of the REST API (`{ error: { code, message, details? } }`, docs/api.md). */
export type ApiErrorCode =
  | 'INVALID_JSON'
  | 'INVALID_ENCODING'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'PAYLOAD_TOO_LARGE'
  | 'VALIDATION_FAILED'
  | 'METHOD_NOT_ALLOWED'
  | 'NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'INVALID_CREDENTIALS'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'ACCOUNT_TEMPORARILY_LOCKED'
  | 'INVALID_TOKEN'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_ERROR'
  | 'BAD_REQUEST';

/** One field problem in a `VALIDATION_FAILED` error. */
export interface ApiErrorDetail {
  path: string;
  message: string;
}

/** The JSON body of every REST API error. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details?: ApiErrorDetail[] };
}

/** Headers of every JSON answer the REST API builds itself. */
export const JSON_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
};

function errorBody(code: ApiErrorCode, message: string, details?: ApiErrorDetail[]): ApiErrorBody {
  return { error: { code, message, ...(details ? { details } : {}) } };
}

/** Options of {@link apiError} and {@link errorResponse}. */
export interface ApiErrorOptions {
  details?: ApiErrorDetail[];
  headers?: HeadersInit;
}

/**
 * An error a REST endpoint throws: Better Auth answers it with `status` and the REST API's error
 * body; `auth.api.*` callers catch it as an `APIError` whose `body.error.code` names the problem.
 */
export function apiError(
  status: number,
  code: ApiErrorCode,
  message: string,
  options: ApiErrorOptions = {},
): APIError {
  const error = new APIError(
    status as ConstructorParameters<typeof APIError>[0],
    errorBody(code, message, options.details) as unknown as { message?: string },
    options.headers,
  );
  error.message = message;
  return error;
}

/** A Response with the REST API's error body (for answers given before Better Auth routes). */
export function errorResponse(
  status: number,
  code: ApiErrorCode,
  message: string,
  options: ApiErrorOptions = {},
): Response {
  const headers = new Headers(options.headers);
  for (const [name, value] of Object.entries(JSON_HEADERS)) headers.set(name, value);
  return new Response(JSON.stringify(errorBody(code, message, options.details)), { status, headers });
}

const BETTER_AUTH_CODES: Readonly<Record<string, ApiErrorCode>> = {
  INVALID_EMAIL_OR_PASSWORD: 'INVALID_CREDENTIALS',
  INVALID_PASSWORD: 'INVALID_CREDENTIALS',
  USER_ALREADY_EXISTS: 'CONFLICT',
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: 'CONFLICT',
  INVALID_TOKEN: 'INVALID_TOKEN',
  ACCOUNT_TEMPORARILY_LOCKED: 'ACCOUNT_TEMPORARILY_LOCKED',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

const STATUS_CODES: Readonly<Record<number, ApiErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** A Better Auth failure (`status`, its `{ code, message }` body) in the REST API's terms. */
export interface TranslatedError {
  status: number;
  code: ApiErrorCode;
  message: string;
}

/**
 * Maps a Better Auth failure to the REST API's code and status: a taken email is 409 (Better
 * Auth says 422), server faults are 500 without their message, the rest keep their status.
 */
export function translateFailure(
  status: number,
  body: { code?: unknown; message?: unknown },
): TranslatedError {
  const code = typeof body.code === 'string' ? BETTER_AUTH_CODES[body.code] : undefined;
  const mapped = code ?? STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
  const finalStatus = status >= 500 ? 500 : mapped === 'CONFLICT' ? 409 : status;
  const message = typeof body.message === 'string' && body.message !== '' ? body.message : undefined;
  return {
    status: finalStatus,
    code: mapped,
    message:
      finalStatus >= 500
        ? 'Internal error.'
        : (message ?? (finalStatus === 429 ? 'Too many requests. Try again later.' : 'Request failed.')),
  };
}

/** True when `body` already has the REST API's error shape. */
export function isApiErrorBody(body: unknown): body is ApiErrorBody {
  const error = (body as { error?: { code?: unknown } } | null)?.error;
  return typeof error === 'object' && error !== null && typeof error.code === 'string';
}
