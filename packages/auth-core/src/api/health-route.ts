import { jsonResponse } from './api-error.js';
import type { RouteContext } from './route-context.js';

/** Body of `GET /health`. */
export interface HealthResponse {
  status: 'ok' | 'degraded';
  database: 'reachable' | 'unreachable';
  version: string;
  uptimeSeconds: number;
}

const DATABASE_TIMEOUT_MS = 2000;

async function databaseAnswers(ctx: RouteContext): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), DATABASE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      ctx.database.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** `GET /health` → 200 when the database answers within 2 s, else 503; never cached. */
export async function health(ctx: RouteContext): Promise<Response> {
  const reachable = await databaseAnswers(ctx);
  const body: HealthResponse = {
    status: reachable ? 'ok' : 'degraded',
    database: reachable ? 'reachable' : 'unreachable',
    version: ctx.options.version,
    uptimeSeconds: Math.floor((Date.now() - ctx.options.startedAt) / 1000),
  };
  return jsonResponse(reachable ? 200 : 503, body);
}
