import type { WriterClock, WriterTimer } from '../../src/writer/writer-clock.js';

/** A clock whose timers fire at once (on the next turn), moving time forward; it records the waits. */
export function jumpingClock(): WriterClock & { waits: number[] } {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    random: () => 0.5,
    setTimer(callback: () => void, ms: number): WriterTimer {
      waits.push(ms);
      const handle = setImmediate(() => {
        now += ms;
        callback();
      });
      return { cancel: () => clearImmediate(handle) };
    },
  };
}
