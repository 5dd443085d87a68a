import { MAX_BODY_BYTES } from '../settings/constants.js';
import { errorResponse } from './api-error.js';

export { MAX_BODY_BYTES };

/** The 413 answer for a body past `maxBytes` (the REST API's error shape). */
export function payloadTooLarge(maxBytes: number): Response {
  return errorResponse(
    413,
    'PAYLOAD_TOO_LARGE',
    `The request body is larger than ${maxBytes} bytes; send a smaller body (the limit is the \`maxBodyBytes\` option of createAuth).`,
    { headers: { connection: 'close' } },
  );
}

/**
 * Reads `request`'s body, counting bytes as they arrive, and stops at `maxBytes`: a declared
 * `Content-Length` past the cap is refused before reading, a streamed (chunked) or lying body as
 * soon as the count passes it. The stream is left unread, not cancelled, so that the adapter can
 * still answer on the connection (and then closes it). Returns the bytes, or null past the cap.
 */
export async function readBodyLimited(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) return null;
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a JSON body before Better Auth does, so that the REST API answers in its own terms:
 * 415 for another content type, 413 past `maxBytes` (read no further), 400 `INVALID_JSON` for
 * malformed JSON. Returns the body's bytes (the schema is checked by the endpoint) or the error.
 */
export async function readJsonBytes(
  request: Request,
  maxBytes = MAX_BODY_BYTES,
): Promise<Uint8Array | Response> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return errorResponse(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the body as JSON with "Content-Type: application/json".',
    );
  }
  const bytes = await readBodyLimited(request, maxBytes);
  if (bytes === null) return payloadTooLarge(maxBytes);
  try {
    JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return errorResponse(400, 'INVALID_JSON', 'The request body is not valid JSON.');
  }
  return bytes;
}
