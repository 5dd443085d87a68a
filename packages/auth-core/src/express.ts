import type { Router } from 'express';
import express from 'express';
import { toNodeHandler } from './adapters/node-bridge.js';

/** Options of {@link manaAuthRouter}. */
export interface ManaAuthRouterOptions {
  /** Mount path of the auth API. Default `/api/v1/auth`. */
  basePath?: string;
}

/**
 * An Express 5 router serving the auth API (the REST facade and Better Auth's routes). Mount it
 * before or after `express.json()`: a body that was parsed already is passed on as JSON.
 * Every `Set-Cookie` is forwarded as its own header; the socket address is the client IP
 * (`x-mana-client-ip`; add it to `clientIp.headers`).
 *
 * @example
 * ```ts
 * const app = express();
 * app.use(manaAuthRouter(createAuthApi(auth, { database })));
 * app.listen(3001);
 * ```
 */
export function manaAuthRouter(
  handler: (request: Request) => Promise<Response>,
  options: ManaAuthRouterOptions = {},
): Router {
  const basePath = options.basePath ?? '/api/v1/auth';
  const router = express.Router();
  const node = toNodeHandler(handler, { basePath });
  router.use(basePath, (req, res, next) => node(req, res, next));
  return router;
}

export { CLIENT_IP_HEADER } from './adapters/node-bridge.js';
