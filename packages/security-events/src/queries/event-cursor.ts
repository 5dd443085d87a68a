import { SecurityEventsError } from '../errors.js';

/**
 * Position of the last event of a page: its timestamp (microseconds, as text) and id.
 *
 * @example
 * ```ts
 * const position: CursorPosition = { createdAt: '2025-01-01T00:00:00.000001Z', id: '0194...' };
 * ```
 */
export interface CursorPosition {
  createdAt: string;
  id: string;
}

/**
 * Encodes a keyset position as an opaque, URL-safe cursor.
 *
 * @example
 * ```ts
 * encodeCursor({ createdAt: '2025-01-01T00:00:00.000001Z', id: '0194...' }); // 'MjAyNS0w...'
 * ```
 */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.createdAt}|${position.id}`).toString('base64url');
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Decodes a cursor from {@link encodeCursor}; throws `INVALID_QUERY` for anything else.
 *
 * @example
 * ```ts
 * const { createdAt, id } = decodeCursor(page.nextCursor);
 * ```
 */
export function decodeCursor(cursor: string): CursorPosition {
  const text = typeof cursor === 'string' ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const [createdAt = '', id = ''] = text.split('|');
  if (!TIMESTAMP.test(createdAt) || !UUID.test(id)) {
    throw new SecurityEventsError(
      'INVALID_QUERY',
      'Invalid cursor: pass the nextCursor of a previous page unchanged, or leave cursor out for the first page.',
    );
  }
  return { createdAt, id };
}
