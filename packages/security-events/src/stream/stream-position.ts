/**
 * A row's keyset position: `created_at` as text with microseconds (`2025-01-01T00:00:00.000001Z`)
 * and its id. Positions order as PostgreSQL orders `(created_at, id)`: the text compares
 * lexicographically and a lowercase uuid's hex order is its byte order.
 *
 * @example
 * ```ts
 * const at: RowPosition = ['2025-01-01T00:00:00.000001Z', '0194...'];
 * ```
 */
export type RowPosition = readonly [createdAt: string, id: string];

/**
 * Where a stream stands, the content of its checkpoint:
 * - `settled`: every row at or before it was delivered, and no row can still appear there (its
 *   `created_at` is older than the late window); null before the first one;
 * - `head`: the greatest position delivered so far (null when none);
 * - `pending`: the rows delivered after `settled` (at most `head`), so a row that commits late
 *   between `settled` and `head` is found and sent, and a delivered one is not sent again.
 *
 * @example
 * ```ts
 * const start: StreamPosition = { settled: null, head: null, pending: [] };
 * ```
 */
export interface StreamPosition {
  readonly settled: RowPosition | null;
  readonly head: RowPosition | null;
  readonly pending: readonly RowPosition[];
}

/**
 * -1, 0 or 1 as `a` is before, at or after `b`.
 *
 * @example
 * ```ts
 * comparePositions(['2025-01-01T00:00:00.000000Z', 'a'], ['2025-01-01T00:00:00.000000Z', 'b']); // -1
 * ```
 */
export function comparePositions(a: RowPosition, b: RowPosition): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1;
}

/**
 * The position after a delivered batch: `head` moves to the greatest delivered row and the rows
 * join `pending`. When `covered` (the read re-checked `(settled, head]` for late rows, or nothing
 * was pending), `settled` moves up to the last pending row older than `horizon` (the database's
 * time before the read minus the late window), dropping the pending rows it passes.
 *
 * @example
 * ```ts
 * const next = advancePosition(position, batchPositions, '2025-01-01T00:00:00.000000Z', true);
 * ```
 */
export function advancePosition(
  position: StreamPosition,
  delivered: readonly RowPosition[],
  horizon: string,
  covered: boolean,
): StreamPosition {
  const sorted = [...delivered].sort(comparePositions);
  const last = sorted[sorted.length - 1];
  const head =
    last && (position.head === null || comparePositions(last, position.head) > 0) ? last : position.head;
  const tail = position.pending[position.pending.length - 1];
  // Fresh rows come after every pending one: append; late rows need a sort (rare).
  const pending =
    sorted.length === 0
      ? [...position.pending]
      : !tail || comparePositions(sorted[0] as RowPosition, tail) > 0
        ? [...position.pending, ...sorted]
        : [...position.pending, ...sorted].sort(comparePositions);
  if (!covered && position.pending.length > 0) return { settled: position.settled, head, pending };
  let settled = position.settled;
  let keepFrom = 0;
  while (keepFrom < pending.length && (pending[keepFrom] as RowPosition)[0] < horizon) {
    settled = pending[keepFrom] as RowPosition;
    keepFrom++;
  }
  return { settled, head, pending: keepFrom === 0 ? pending : pending.slice(keepFrom) };
}
