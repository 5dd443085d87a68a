import { createAuthEndpoint } from 'better-auth/api';
import type { z } from 'zod';
import type { ManaDatabase } from '../database/create-database.js';
import { type OpenApiDocument, openApiDocument } from './openapi-document.js';
import type { healthResponseSchema } from './response-schemas.js';
import { currentRuntime, type RestApiRuntime } from './rest-api-options.js';
import { REST_ROUTES } from './routes.js';

/** Body of `GET /health`. */
export type HealthResponse = z.infer<typeof healthResponseSchema>;

const DATABASE_TIMEOUT_MS = 2000;
/**
 * How long one database probe answers `/health`: anonymous callers share one probe per period
 * (and concurrent ones the probe in flight), so polling it costs at most one query per 2 s.
 */
const PROBE_REUSE_MS = 2000;

/** One shared probe per database and period; a new one starts when the last is older. */
function probeCache() {
  const probes = new WeakMap<ManaDatabase, { at: number; reachable: Promise<boolean> }>();
  return (database: ManaDatabase): Promise<boolean> => {
    const now = Date.now();
    const last = probes.get(database);
    if (last && now - last.at < PROBE_REUSE_MS) return last.reachable;
    const reachable = databaseAnswers(database);
    probes.set(database, { at: now, reachable });
    return reachable;
  };
}

async function databaseAnswers(database: ManaDatabase): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), DATABASE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      database.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** `/health` and `/openapi.json` for `runtime`. */
export function serviceEndpoints(base: RestApiRuntime) {
  const { health, openApi } = REST_ROUTES;
  const documents = new Map<string, OpenApiDocument>();
  const probe = probeCache();
  return {
    /**
     * `GET /health` → 200 when the database answered within 2 s, else 503; the probe is shared
     * by every caller for 2 s (the answer itself is never cached by clients).
     */
    health: createAuthEndpoint(
      health.path,
      { method: health.method },
      async (ctx): Promise<HealthResponse> => {
        const runtime = currentRuntime(base);
        const reachable = await probe(runtime.database);
        ctx.setStatus(reachable ? 200 : 503);
        return {
          status: reachable ? 'ok' : 'degraded',
          database: reachable ? 'reachable' : 'unreachable',
          version: runtime.version,
          uptimeSeconds: Math.floor((Date.now() - runtime.startedAt) / 1000),
        };
      },
    ),

    /** `GET /openapi.json` → the OpenAPI 3.1 document of the REST API (built once per version). */
    openApi: createAuthEndpoint(
      openApi.path,
      { method: openApi.method },
      async (ctx): Promise<OpenApiDocument> => {
        const { version } = currentRuntime(base);
        let document = documents.get(version);
        if (!document) {
          document = openApiDocument({
            version,
            serverUrl: `${ctx.context.baseURL.replace(/\/$/, '')}`,
            sessionCookie: ctx.context.authCookies.sessionToken.name,
          });
          documents.set(version, document);
        }
        return document;
      },
    ),
  };
}
