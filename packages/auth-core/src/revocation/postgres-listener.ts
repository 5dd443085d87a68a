import type { DedicatedClient, ManaDatabase, SqlQuery } from '../database/create-database.js';
import { backoffDelay, cancellableSleep, type ReconnectBackoff } from './reconnect-backoff.js';
import { RevocationSyncError } from './revocation-error.js';

/** Options of {@link createPostgresListener}. */
export interface PostgresListenerOptions {
  database: ManaDatabase & Required<Pick<ManaDatabase, 'openDedicatedClient'>>;
  channel: string;
  /** `application_name` of the listening connection (find it in `pg_stat_activity`). */
  applicationName: string;
  onMessage(payload: string | undefined): void;
  /** Runs on every (re)connection once LISTEN is in effect, with a query on that connection. */
  onConnect(query: SqlQuery): Promise<void>;
  onError(error: RevocationSyncError): void;
  backoff: ReconnectBackoff;
}

/** A LISTEN on a dedicated PostgreSQL connection that reconnects with backoff. */
export interface PostgresListener {
  /** Connects and listens; resolves after the first attempt (retries go on in the background). */
  start(): Promise<void>;
  close(): Promise<void>;
  /** Whether LISTEN is in effect now. */
  readonly connected: boolean;
}

const queryOn =
  (client: DedicatedClient): SqlQuery =>
  async <T extends Record<string, unknown>>(text: string, params?: readonly unknown[]) =>
    (await client.query(text, params as unknown[] | undefined)).rows as T[];

/**
 * Listens on `channel` on a connection of its own (`database.openDedicatedClient`). On every
 * (re)connection LISTEN comes first, then `onConnect` (the catch-up from the durable record), so
 * nothing committed in between is missed. When the connection drops (server restart,
 * `pg_terminate_backend`) it reconnects after a doubling delay.
 */
export function createPostgresListener(options: PostgresListenerOptions): PostgresListener {
  let closed = false;
  let client: DedicatedClient | undefined;
  let connected = false;
  let sleep: ReturnType<typeof cancellableSleep> | undefined;
  let loop: Promise<void> | undefined;
  let first: Promise<void> | undefined;

  async function connectOnce(): Promise<{ ended: Promise<void> }> {
    const next = await options.database.openDedicatedClient({ applicationName: options.applicationName });
    client = next;
    const ended = new Promise<void>((resolve) => next.once('end', resolve));
    next.on('error', () => {}); // 'end' follows; reported there
    next.on('notification', (message) => {
      if (message.channel === options.channel) options.onMessage(message.payload);
    });
    try {
      if (closed) throw new RevocationSyncError('closed while connecting');
      await next.query(`LISTEN ${options.channel}`);
      await options.onConnect(queryOn(next));
    } catch (error) {
      await next.end().catch(() => {});
      throw error;
    }
    return { ended }; // wrapped: an async function would wait for a returned promise
  }

  async function run(firstAttempt: () => void): Promise<void> {
    let attempt = 0;
    while (!closed) {
      try {
        const { ended } = await connectOnce();
        connected = true;
        attempt = 0;
        firstAttempt();
        await ended;
        connected = false;
        if (closed) return;
        options.onError(new RevocationSyncError('the LISTEN connection ended; reconnecting'));
      } catch (error) {
        connected = false;
        firstAttempt();
        if (closed) return;
        options.onError(
          error instanceof RevocationSyncError
            ? error
            : new RevocationSyncError('could not LISTEN for revocations; retrying', error),
        );
      }
      sleep = cancellableSleep(backoffDelay(options.backoff, attempt++));
      await sleep.done;
    }
  }

  return {
    start() {
      first ??= new Promise<void>((resolve) => {
        loop = run(resolve);
      });
      return first;
    },
    async close() {
      closed = true;
      sleep?.cancel();
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
      await loop;
    },
    get connected() {
      return connected;
    },
  };
}
