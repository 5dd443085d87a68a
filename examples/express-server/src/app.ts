import type { Server } from 'node:http';
import { manaAuthRouter } from '@mana/auth-core/express';
import {
  type ExampleConfig,
  errorAnswer,
  NOT_FOUND_BODY,
  PRIVATE_HEADERS,
  type Services,
  UNAUTHORIZED_BODY,
} from '@mana/example-shared';
import { secureHeaders } from '@mana/secure-headers/express';
import express, { type NextFunction, type Request, type Response } from 'express';

/** The Express app: security headers on every response, the auth API, one protected route, /metrics. */
export function createApp(services: Services): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(secureHeaders());
  app.use(manaAuthRouter(services.api));

  // The resource route: a Bearer access token (or the session cookie) is required.
  app.get('/api/v1/me', async (req: Request, res: Response) => {
    const request = { method: req.method, path: req.path, remoteAddress: req.socket.remoteAddress };
    const user = await services.authenticate(new Headers(req.headers as Record<string, string>), request);
    res.set(PRIVATE_HEADERS);
    if (!user) return void res.status(401).json(UNAUTHORIZED_BODY);
    res.json({ user });
  });

  // Prometheus metrics: loopback clients, or anyone with METRICS_TOKEN (shared/src/metrics.ts).
  app.get('/metrics', async (req: Request, res: Response) => {
    const headers = new Headers(req.headers as Record<string, string>);
    const answer = await services.metrics(headers, req.socket.remoteAddress);
    res.status(answer.status).set(answer.headers).send(answer.body);
  });

  app.use((_req: Request, res: Response) => void res.status(404).json(NOT_FOUND_BODY));
  // A framework's own 4xx (a bad percent-encoding, a body parser's 413) keeps its status.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const [status, body] = errorAnswer(error);
    res.status(status).json(body);
  });
  return app;
}

/** Starts the server; resolves once it listens. */
export async function startExpressServer(
  services: Services,
  config: Pick<ExampleConfig, 'port' | 'host'>,
): Promise<Server> {
  const app = createApp(services);
  return new Promise((resolve) => {
    const server = app.listen(config.port, config.host, () => resolve(server));
  });
}
