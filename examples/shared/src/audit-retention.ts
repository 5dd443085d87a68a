import type { SecurityEventsService } from '@mana/security-events';

/** A running retention job; `stop()` cancels it and waits for a purge in progress. */
export interface RetentionJob {
  stop(): Promise<void>;
}

/**
 * Deletes audit events older than `retentionDays` now and then every `intervalSeconds`, with
 * `purgeOlderThan` (small batches, no long lock). The timer is unref'd (it never keeps the
 * process alive) and `stop()` ends it on close. `retentionDays` 0 keeps everything. A failed
 * purge is logged and retried at the next interval.
 *
 * @example
 * ```ts
 * const job = scheduleRetentionPurge(audit, { retentionDays: 90, intervalSeconds: 86_400 });
 * await job.stop();
 * ```
 */
export function scheduleRetentionPurge(
  audit: Pick<SecurityEventsService, 'purgeOlderThan'>,
  options: { retentionDays: number; intervalSeconds: number },
): RetentionJob {
  if (options.retentionDays === 0) return { stop: async () => {} };
  const controller = new AbortController();
  let running: Promise<void> | undefined;
  const purge = () => {
    if (running) return; // the previous purge is still deleting
    running = audit
      .purgeOlderThan(`${options.retentionDays}d`, { signal: controller.signal })
      .then(({ deleted }) => {
        if (deleted > 0)
          console.info(
            `[example] audit retention: deleted ${deleted} events older than ${options.retentionDays} days`,
          );
      })
      .catch((error: unknown) => {
        console.error(
          `[example] audit retention purge failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      })
      .finally(() => {
        running = undefined;
      });
  };
  const first = setTimeout(purge, 0);
  const timer = setInterval(purge, options.intervalSeconds * 1000);
  first.unref();
  timer.unref();
  return {
    stop: async () => {
      clearTimeout(first);
      clearInterval(timer);
      controller.abort();
      await running;
    },
  };
}
