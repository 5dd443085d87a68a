import { INTERNAL_ERROR_BODY } from './me.js';

/** A status and a body in the auth API's error shape `{ error: { code, message } }`. */
export type ErrorAnswer = [status: number, body: { error: { code: string; message: string } }];

const INVALID_ENCODING_MESSAGE =
  'The request path is not valid percent-encoded UTF-8; encode "%" as "%25" and send whole UTF-8 sequences.';

const CLIENT_ERRORS: Readonly<Record<number, [code: string, message: string]>> = {
  400: ['BAD_REQUEST', 'The request is malformed (path encoding, headers or body).'],
  413: ['PAYLOAD_TOO_LARGE', 'The request body is too large.'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON with "Content-Type: application/json".'],
};

/**
 * The answer to an error a framework threw before or around a route: its own 4xx status when it
 * has one (a bad percent-encoding in a path parameter, a body parser's 413 or 400) with a fixed
 * message, else 500 with {@link INTERNAL_ERROR_BODY}. Never the error's own message or stack.
 */
export function errorAnswer(error: unknown): ErrorAnswer {
  const status =
    (error as { status?: unknown; statusCode?: unknown } | null)?.status ??
    (error as { statusCode?: unknown } | null)?.statusCode;
  // Express's router decoding a path parameter (`%ZZ`, truncated UTF-8): the auth API's code.
  if (error instanceof URIError && status === 400) {
    return [400, { error: { code: 'INVALID_ENCODING', message: INVALID_ENCODING_MESSAGE } }];
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const [code, message] = CLIENT_ERRORS[status] ?? ['BAD_REQUEST', 'The request was refused.'];
    return [status, { error: { code, message } }];
  }
  console.error('[example] unhandled error:', error instanceof Error ? error.message : error);
  return [500, INTERNAL_ERROR_BODY];
}
