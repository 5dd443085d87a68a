import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { manaAuthHono } from '@mana/auth-core/hono';
import {
  type ExampleConfig,
  INTERNAL_ERROR_BODY,
  NOT_FOUND_BODY,
  PRIVATE_HEADERS,
  type Services,
  UNAUTHORIZED_BODY,
} from '@mana/example-shared';
import { secureHeaders } from '@mana/secure-headers/hono';
import { Hono } from 'hono';

/** The Hono app: security headers on every response, the auth API, one protected route. */
export function createApp(services: Services): Hono {
  const app = new Hono();
  app.use(secureHeaders());
  app.use(manaAuthHono(services.api));

  // The resource route: a Bearer access token (or the session cookie) is required.
  app.get('/api/v1/me', async (c) => {
    const user = await services.authenticate(c.req.raw.headers);
    for (const [name, value] of Object.entries(PRIVATE_HEADERS)) c.header(name, value);
    return user ? c.json({ user }) : c.json(UNAUTHORIZED_BODY, 401);
  });

  app.notFound((c) => c.json(NOT_FOUND_BODY, 404));
  app.onError((error, c) => {
    console.error('[example] unhandled error:', error.message);
    return c.json(INTERNAL_ERROR_BODY, 500);
  });
  return app;
}

/** Starts the server; resolves once it listens. */
export async function startHonoServer(
  services: Services,
  config: Pick<ExampleConfig, 'port' | 'host'>,
): Promise<Server> {
  const app = createApp(services);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(server as Server),
    );
  });
}
