import { connect, type Socket } from 'node:net';
import { hostname as osHostname } from 'node:os';
import { SecurityEventsError } from '../errors.js';
import { systemClock, type WriterClock } from '../writer/writer-clock.js';
import { syslogFrame } from './rfc5424.js';
import { type AttemptResult, retryAttempts, type SinkRetryOptions } from './sink-retry.js';
import type { StreamSink } from './stream-sink.js';

/**
 * Options of {@link syslogSink}.
 *
 * @example
 * ```ts
 * const options: SyslogSinkOptions = { host: 'siem.internal', port: 6514 };
 * ```
 */
export interface SyslogSinkOptions {
  host: string;
  port: number;
  /** Syslog facility. Default 10 (authpriv). */
  facility?: number;
  /** HOSTNAME of the messages. Default `os.hostname()`. */
  hostname?: string;
  /** APP-NAME of the messages. Default `mana-auth`. */
  appName?: string;
  /**
   * Bytes of the most recent batches kept and re-sent after a reconnection, to cover what sat in
   * socket buffers when the receiver died. Default 8 MiB.
   */
  replayBytes?: number;
  /** Backoff of reconnections. Defaults in {@link SinkRetryOptions}. */
  retry?: SinkRetryOptions;
  /** Time source of the backoff. Default the system clock. */
  clock?: WriterClock;
}

/**
 * The at-least-once sink for syslog over TCP (RFC 5424 messages, RFC 6587 octet-counting).
 * Syslog has no acknowledgement, so accepted = written and flushed to the socket: the bytes
 * are in the kernel, not necessarily read by the receiver. To cover that window the sink keeps
 * the last `replayBytes` of messages and re-sends them first after any reconnection (a receiver
 * restarted mid-stream sees those again: duplicates, never gaps, while the lost bytes fit in
 * the window); `close()` half-closes and waits for the receiver to close its side, and fails
 * when it resets instead. Use the HTTP sink where duplicates are not acceptable.
 *
 * @example
 * ```ts
 * await streamAuditEvents({ database, format: 'cef', sink: syslogSink({ host: '127.0.0.1', port: 5514 }) });
 * ```
 */
export function syslogSink(options: SyslogSinkOptions): StreamSink {
  const clock = options.clock ?? systemClock;
  const receiver = `syslog+tcp://${options.host}:${options.port}`;
  const header = {
    hostname: options.hostname ?? osHostname(),
    appName: options.appName ?? 'mana-auth',
    facility: options.facility ?? 10,
  };
  const replayLimit = options.replayBytes ?? 8 * 1024 * 1024;
  const recent: Buffer[] = [];
  let recentBytes = 0;
  let socket: Socket | undefined;
  let broken = false;

  const remember = (chunk: Buffer) => {
    recent.push(chunk);
    recentBytes += chunk.length;
    while (recent.length > 1 && recentBytes - (recent[0] as Buffer).length >= replayLimit)
      recentBytes -= (recent.shift() as Buffer).length;
  };

  const attempt = async (chunk: Buffer): Promise<AttemptResult> => {
    try {
      if (!socket || broken) {
        socket?.destroy();
        socket = await open(options.host, options.port, () => {
          broken = true;
        });
        broken = false;
        // Re-send the window before the new batch: what the last receiver may not have read.
        if (recent.length > 0) await write(socket, Buffer.concat(recent));
      }
      await write(socket, chunk);
      return { done: true };
    } catch (error) {
      broken = true;
      return { done: false, reason: `connection error: ${(error as Error).message}` };
    }
  };

  return {
    async send(batch, signal) {
      if (batch.lines.length === 0) return;
      const chunk = Buffer.concat(
        batch.events.map((event, i) => syslogFrame(event, batch.lines[i] as string, header)),
      );
      await retryAttempts(() => attempt(chunk), { receiver, clock, retry: options.retry, signal });
      remember(chunk);
    },
    async close() {
      const open = socket;
      socket = undefined;
      if (!open || broken) return;
      await endAndWait(open, receiver);
    },
  };
}

function open(host: string, port: number, onBroken: () => void): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', onBroken);
      socket.on('close', onBroken);
      // The receiver sends nothing; reading keeps the socket from stalling if it does.
      socket.resume();
      resolve(socket);
    });
  });
}

function write(socket: Socket, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed || !socket.writable) return reject(new Error('socket closed'));
    socket.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

function endAndWait(socket: Socket, receiver: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed: Error | undefined;
    socket.on('error', (error) => {
      failed = error;
    });
    socket.once('close', (hadError) => {
      if (!hadError && !failed) return resolve();
      const fix = `Check ${receiver}; the stream resumes from its checkpoint, re-sending the last batch.`;
      reject(
        new SecurityEventsError(
          'STREAM_SINK_UNAVAILABLE',
          `The syslog receiver ${receiver} reset the connection while the stream closed it: the last batch may be lost there. ${fix}`,
          { fix },
        ),
      );
    });
    socket.end();
  });
}
