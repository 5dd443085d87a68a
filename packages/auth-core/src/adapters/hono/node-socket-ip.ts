/** The socket peer's address of a request served by `@hono/node-server` (`c.env.incoming`). */
export function nodeSocketIp(env: unknown): string | undefined {
  return (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket
    ?.remoteAddress;
}
