/** Error codes of the REST facade (`{ error: { code, message, details? } }`). */
export type ApiErrorCode =
  | 'INVALID_JSON'
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
  | 'INVALID_TOKEN'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_ERROR'
  | (string & {});

/** One field problem in a `VALIDATION_FAILED` error. */
export interface ApiErrorDetail {
  path: string;
  message: string;
}

/** The JSON body of every facade error. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details?: ApiErrorDetail[] };
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

/** Builds a JSON error response. */
export function errorResponse(
  status: number,
  code: ApiErrorCode,
  message: string,
  options: { details?: ApiErrorDetail[]; headers?: HeadersInit } = {},
): Response {
  const body: ApiErrorBody = {
    error: { code, message, ...(options.details ? { details: options.details } : {}) },
  };
  const headers = new Headers(options.headers);
  for (const [k, v] of Object.entries(JSON_HEADERS)) headers.set(k, v);
  return new Response(JSON.stringify(body), { status, headers });
}

/** Builds a JSON success response; `cookies` are appended as separate Set-Cookie headers. */
export function jsonResponse(status: number, body: unknown, cookies: readonly string[] = []): Response {
  const headers = new Headers(JSON_HEADERS);
  for (const cookie of cookies) headers.append('set-cookie', cookie);
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers });
}

/** Thrown inside a route to answer with an error response. */
export class ApiError extends Error {
  constructor(readonly response: Response) {
    super('api error');
  }
}

const BETTER_AUTH_CODES: Record<string, ApiErrorCode> = {
  INVALID_EMAIL_OR_PASSWORD: 'INVALID_CREDENTIALS',
  INVALID_PASSWORD: 'INVALID_CREDENTIALS',
  USER_ALREADY_EXISTS: 'CONFLICT',
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: 'CONFLICT',
  INVALID_TOKEN: 'INVALID_TOKEN',
};

const STATUS_CODES: Record<number, ApiErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** Turns a Better Auth error response into the facade's error shape (keeps Retry-After). */
export async function translateError(response: Response): Promise<Response> {
  let code: string | undefined;
  let message: string | undefined;
  try {
    const body = (await response.json()) as { code?: string; message?: string };
    code = body.code;
    message = body.message;
  } catch {
    // Better Auth answered without a JSON body
  }
  const mapped =
    (code && BETTER_AUTH_CODES[code]) ??
    STATUS_CODES[response.status] ??
    (response.status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
  // Better Auth answers a taken email with 422; the API says 409 Conflict.
  const status = response.status >= 500 ? 500 : mapped === 'CONFLICT' ? 409 : response.status;
  const retryAfter = response.headers.get('retry-after');
  const safeMessage =
    status >= 500
      ? 'Internal error.'
      : status === 429
        ? (message ?? 'Too many requests. Try again later.')
        : (message ?? 'Request failed.');
  return errorResponse(status, mapped, safeMessage, {
    headers: {
      ...(retryAfter ? { 'retry-after': retryAfter } : {}),
    },
  });
}

/** Passes a successful Better Auth response through; turns a failed one into an ApiError. */
export async function ensureOk(response: Response): Promise<Response> {
  if (!response.ok) throw new ApiError(await translateError(response));
  return response;
}
