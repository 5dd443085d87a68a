import type { Logger } from 'drizzle-orm';

/** The callbacks of `onClose`, run once (failures ignored: closing goes on). */
export function closeCallbacks() {
  const callbacks = new Set<() => Promise<void> | void>();
  return {
    add(callback: () => Promise<void> | void): () => void {
      callbacks.add(callback);
      return () => callbacks.delete(callback);
    },
    async run(): Promise<void> {
      const pending = [...callbacks];
      callbacks.clear();
      await Promise.all(pending.map(async (callback) => callback()).map((p) => p.catch(() => {})));
    },
  };
}

/** A drizzle logger that reports each query's SQL text, when asked to. */
export function queryLogger(onQuery: ((sql: string) => void) | undefined): Logger | undefined {
  return onQuery ? { logQuery: (sql) => onQuery(sql) } : undefined;
}
