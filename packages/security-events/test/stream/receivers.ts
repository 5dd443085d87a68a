// Real receivers on loopback for the stream tests: an HTTP endpoint and a syslog TCP server that
// can be killed and restarted on the same port, recording every event id they read.
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net';

/** What a receiver saw. */
export interface Received {
  /** Every event id read, in order, duplicates included. */
  ids: string[];
  /** Batches (HTTP) by idempotency key; a repeated key is stored once. */
  keys: Set<string>;
  /** Ids stored after de-duplicating by idempotency key (HTTP). */
  stored: string[];
}

const idOf = (line: string): string => {
  const match = /"id":"([0-9a-f-]{36})"|"uid":"([0-9a-f-]{36})"|externalId=([0-9a-f-]{36})/.exec(line);
  if (!match) throw new Error(`no event id in ${line.slice(0, 120)}`);
  return (match[1] ?? match[2] ?? match[3]) as string;
};

/** An HTTP receiver; `status` answers each request (default 200). */
export function httpReceiver(
  answer: (request: number) => { status: number; headers?: Record<string, string> } = () => ({ status: 200 }),
  options: { delayMs?: number; onReceive?: (received: Received) => void } = {},
) {
  const received: Received = { ids: [], keys: new Set(), stored: [] };
  let requests = 0;
  let server: Server | undefined;
  let port = 0;
  const handler = (
    request: import('node:http').IncomingMessage,
    response: import('node:http').ServerResponse,
  ) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      const reply = answer(++requests);
      if (reply.status >= 200 && reply.status < 300) {
        const ids = body.split('\n').filter(Boolean).map(idOf);
        received.ids.push(...ids);
        const key = String(request.headers['idempotency-key']);
        if (!received.keys.has(key)) {
          received.keys.add(key);
          received.stored.push(...ids);
        }
        options.onReceive?.(received);
      }
      const reply2 = () => {
        if (!response.destroyed) response.writeHead(reply.status, reply.headers).end();
      };
      if (options.delayMs) setTimeout(reply2, options.delayMs);
      else reply2();
    });
  };
  return {
    received,
    get requests() {
      return requests;
    },
    get url() {
      return `http://127.0.0.1:${port}/ingest`;
    },
    async start() {
      server = createHttpServer(handler);
      await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    },
    async kill() {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
    },
  };
}

/** A syslog TCP receiver parsing RFC 6587 octet-counted RFC 5424 messages. */
export function syslogReceiver(options: { onReceive?: (received: Received) => void } = {}) {
  const received: Received = { ids: [], keys: new Set(), stored: [] };
  const messages: string[] = [];
  let server: TcpServer | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const onSocket = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const space = buffer.indexOf(0x20);
        if (space < 0) break;
        const length = Number(buffer.subarray(0, space).toString('ascii'));
        if (buffer.length < space + 1 + length) break;
        const message = buffer.subarray(space + 1, space + 1 + length).toString('utf8');
        buffer = buffer.subarray(space + 1 + length);
        messages.push(message);
        received.ids.push(idOf(message));
      }
      options.onReceive?.(received);
    });
    socket.on('end', () => socket.end());
  };
  return {
    received,
    messages,
    get port() {
      return port;
    },
    async start() {
      server = createTcpServer(onSocket);
      await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    },
    /** Kills like a crash: connections reset, unread bytes lost. */
    async kill() {
      for (const socket of sockets) socket.resetAndDestroy();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
    },
  };
}

/** Ids that occur more than once. */
export function duplicates(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of ids) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
}
