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

class ControllableProxy implements TcpProxy {
  port = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private stalled = false;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  restore(): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = createServer((client) => this.forward(client));
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        const address = server.address();
        if (address && typeof address === 'object') this.port = address.port;
        this.server = server;
        resolve();
      });
    });
  }

  async cut(): Promise<void> {
    const current = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  }

  stall(): void {
    this.stalled = true;
    for (const socket of this.sockets) socket.pause();
  }

  unstall(): void {
    this.stalled = false;
    for (const socket of this.sockets) socket.resume();
  }

  close(): Promise<void> {
    return this.cut();
  }

  private forward(client: Socket): void {
    const upstream = connect(this.targetPort, this.targetHost);
    this.sockets.add(client).add(upstream);
    const destroyBoth = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', destroyBoth).on('close', destroyBoth);
    upstream.on('error', destroyBoth).on('close', destroyBoth);
    client.pipe(upstream);
    upstream.pipe(client);
    if (this.stalled) {
      client.pause();
      upstream.pause();
    }
  }
}

/** Starts a proxy on a free loopback port forwarding to `targetHost:targetPort`. */
export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const proxy = new ControllableProxy(targetHost, targetPort);
  await proxy.restore();
  return proxy;
}
