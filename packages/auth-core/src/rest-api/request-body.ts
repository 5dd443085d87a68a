import { errorResponse } from './api-error.js';

/** Largest JSON body the REST API reads (16 KiB). */
export const MAX_BODY_BYTES = 16 * 1024;

const tooLarge = () =>
  errorResponse(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);

async function readLimited(request: Request): Promise<Uint8Array | Response> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads a JSON body before Better Auth does, so that the REST API answers in its own terms:
 * 415 for another content type, 413 past 16 KiB (read no further), 400 `INVALID_JSON` for
 * malformed JSON. Returns the body's bytes (the schema is checked by the endpoint) or the error.
 */
export async function readJsonBytes(request: Request): Promise<Uint8Array | Response> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return errorResponse(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the body as JSON with "Content-Type: application/json".',
    );
  }
  const bytes = await readLimited(request);
  if (bytes instanceof Response) return bytes;
  try {
    JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return errorResponse(400, 'INVALID_JSON', 'The request body is not valid JSON.');
  }
  return bytes;
}
