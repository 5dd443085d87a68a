import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { manaAuthHono } from '@mana/auth-core/hono';
import {
  type ExampleConfig,
  errorAnswer,
  NOT_FOUND_BODY,
  PRIVATE_HEADERS,
  type Services,
  UNAUTHORIZED_BODY,
} from '@mana/example-shared';
import { secureHeaders } from '@mana/secure-headers/hono';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The Hono app: security headers on every response, the auth API, one protected route, /metrics. */
export function createApp(services: Services): Hono {
  const app = new Hono();
  app.use(secureHeaders());
  app.use(manaAuthHono(services.api));

  // The resource route: a Bearer access token (or the session cookie) is required.
  app.get('/api/v1/me', async (c) => {
    const request = { method: c.req.method, path: c.req.path, remoteAddress: getConnInfo(c).remote.address };
    const user = await services.authenticate(c.req.raw.headers, request);
    for (const [name, value] of Object.entries(PRIVATE_HEADERS)) c.header(name, value);
    return user ? c.json({ user }) : c.json(UNAUTHORIZED_BODY, 401);
  });

  // Prometheus metrics: loopback clients, or anyone with METRICS_TOKEN (shared/src/metrics.ts).
  app.get('/metrics', async (c) => {
    const answer = await services.metrics(c.req.raw.headers, getConnInfo(c).remote.address);
    return c.body(answer.body, answer.status, answer.headers);
  });

  app.notFound((c) => c.json(NOT_FOUND_BODY, 404));
  // A framework's own 4xx (HTTPException) keeps its status; anything else is a bare 500.
  app.onError((error, c) => {
    const [status, body] = errorAnswer(error);
    return c.json(body, status as ContentfulStatusCode);
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
