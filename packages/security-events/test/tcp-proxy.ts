import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that a test can cut and restore, to simulate the database
 * becoming unreachable without touching the shared server.
 */
export interface TcpProxy {
  /** Port the proxy listens on (stable across cut/restore). */
  port: number;
  /** Closes the listener and destroys every open connection: connects are refused. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  /** Stops forwarding bytes (connections stay open, queries hang), like a black-holed network. */
  stall(): void;
  /** Forwards again what was held back. */
  unstall(): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port forwarding to `targetHost:targetPort`. */
export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  let stalled = false;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer((client) => {
        const upstream = connect(targetPort, targetHost);
        sockets.add(client);
        sockets.add(upstream);
        const destroyBoth = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', destroyBoth).on('close', destroyBoth);
        upstream.on('error', destroyBoth).on('close', destroyBoth);
        client.pipe(upstream);
        upstream.pipe(client);
        if (stalled) {
          client.pause();
          upstream.pause();
        }
      });
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        const address = next.address();
        if (address && typeof address === 'object') port = address.port;
        server = next;
        resolve();
      });
    });
  const cut = async () => {
    const current = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };
  await listen();
  return {
    get port() {
      return port;
    },
    cut,
    restore: listen,
    stall() {
      stalled = true;
      for (const socket of sockets) socket.pause();
    },
    unstall() {
      stalled = false;
      for (const socket of sockets) socket.resume();
    },
    close: cut,
  };
}
