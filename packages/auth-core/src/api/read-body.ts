import type { z } from 'zod';
import { ApiError, errorResponse } from './api-error.js';

/** Largest JSON body the facade reads. */
export const MAX_BODY_BYTES = 16 * 1024;

async function readLimited(request: Request): Promise<string> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const tooLarge = () =>
  new ApiError(
    errorResponse(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${MAX_BODY_BYTES} bytes.`),
  );

/**
 * Reads and validates a JSON body: 415 for another content type, 413 past 16 KiB, 400 for
 * malformed JSON, 400 with field details when the schema does not match.
 */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError(
      errorResponse(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the body as JSON with "Content-Type: application/json".',
      ),
    );
  }
  const text = await readLimited(request);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ApiError(errorResponse(400, 'INVALID_JSON', 'The request body is not valid JSON.'));
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const details = result.error.issues.map((issue) => ({
      path: issue.path.join('.') || '(body)',
      message: issue.message,
    }));
    throw new ApiError(errorResponse(400, 'VALIDATION_FAILED', 'The request body is invalid.', { details }));
  }
  return result.data;
}
