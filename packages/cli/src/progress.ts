/** Progress of a long command: `tick` as work is done, `done` at the end. */
export interface Progress {
  /** Counts `n` more items done (default 1). */
  tick(n?: number): void;
  /** Ends the display with an optional summary line. */
  done(summary?: string): void;
}

/** Where progress is drawn: stderr, and whether it is a terminal. */
export interface ProgressTarget {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** The clock, for the redraw and plain-line intervals. Default `Date.now`. */
  now?: () => number;
  /** Minimum time between two plain lines when the target is not a terminal. Default 5 s. */
  plainIntervalMs?: number;
}

const REDRAW_MS = 100;

/**
 * A progress display on `target` (stderr): on a terminal one line redrawn in place at most
 * every 100 ms (`purge  12,000 / 40,000  30%`); otherwise a plain line at most every 5 s, so
 * logs stay readable. Data on stdout is never mixed with it.
 *
 * @example
 * ```ts
 * const progress = createProgress(process.stderr, 'purge', 40_000);
 * progress.tick(1000);
 * progress.done('40,000 rows deleted');
 * ```
 */
export function createProgress(
  target: ProgressTarget,
  label: string,
  total?: number,
  options: ProgressOptions = {},
): Progress {
  const now = options.now ?? Date.now;
  const tty = target.isTTY === true;
  const interval = tty ? REDRAW_MS : (options.plainIntervalMs ?? 5_000);
  let count = 0;
  let last = now();
  const text = () => {
    const counted = count.toLocaleString('en-US');
    if (total === undefined || total <= 0) return `${label}  ${counted}`;
    const percent = Math.min(100, Math.floor((count / total) * 100));
    return `${label}  ${counted} / ${total.toLocaleString('en-US')}  ${percent}%`;
  };
  const draw = () => target.write(tty ? `\r\u001b[2K${text()}` : `${text()}\n`);
  return {
    tick(n = 1) {
      count += n;
      if (now() - last < interval) return;
      last = now();
      draw();
    },
    done(summary) {
      if (tty) target.write('\r\u001b[2K');
      if (summary !== undefined) target.write(`${label}: ${summary}\n`);
    },
  };
}
