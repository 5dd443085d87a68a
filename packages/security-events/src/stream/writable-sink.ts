import type { Writable } from 'node:stream';
import type { StreamSink } from './stream-sink.js';

/**
 * A sink writing one line per event to a stream (`process.stdout` for Vector, Fluent Bit,
 * Filebeat). Accepted = the write callback ran, i.e. the bytes were handed to the operating
 * system (the pipe or file); the stream waits for it before the next batch, so a slow reader
 * slows the stream down (backpressure) instead of filling memory.
 *
 * @example
 * ```ts
 * await streamAuditEvents({ database, format: 'jsonl', sink: writableSink(process.stdout) });
 * ```
 */
export function writableSink(stream: Writable): StreamSink {
  return {
    send(batch) {
      if (batch.lines.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        stream.write(`${batch.lines.join('\n')}\n`, (error) => (error ? reject(error) : resolve()));
      });
    },
    async close() {},
  };
}
