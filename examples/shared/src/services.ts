import { createHmac } from 'node:crypto';
import {
  type AuthenticatedUser,
  clientIpResolverOf,
  createAuth,
  createAuthApi,
  createDatabase,
  createRequestAuthenticator,
  type MailSender,
  type ManaAuth,
  type ManaDatabase,
  migrate,
  type RequestFacts,
} from '@mana/auth-core';
import { SecurityEventsService, securityEventsMigrations } from '@mana/security-events';
import { securityEvents } from '@mana/security-events/better-auth';
import { Redis } from 'ioredis';
import { scheduleRetentionPurge } from './audit-retention.js';
import type { ExampleConfig } from './config.js';
import { exampleMailSender } from './mail.js';
import { createMetricsEndpoint, type MetricsAnswer } from './metrics.js';

/** The parts of an example server that do not depend on the web framework. */
export interface Services {
  database: ManaDatabase;
  auth: ManaAuth;
  /** The REST facade + Better Auth routes as one Fetch handler, mounted at `/api/v1/auth`. */
  api: (request: Request) => Promise<Response>;
  audit: SecurityEventsService;
  /**
   * Who sent a request: Bearer access token or session cookie. `request` (method, path, socket
   * address) goes into the audit row of a refused token.
   */
  authenticate: (headers: Headers, request?: RequestFacts) => Promise<AuthenticatedUser | null>;
  /** `GET /metrics` from the client at `remoteAddress` (the socket peer): Prometheus text, or a refusal (metrics.ts). */
  metrics: (headers: Headers, remoteAddress: string | undefined) => Promise<MetricsAnswer>;
  /** Stops the retention purge, flushes the audit queue, then closes Redis and the database. */
  close(): Promise<void>;
}

/** Options that tests (or a team's own code) may add to the environment's configuration. */
export interface ServiceOverrides {
  mailSender?: MailSender;
}

/**
 * Opens the database (PGlite in `dataDir` without DATABASE_URL), migrates it, and wires
 * auth-core, the audit log and the REST facade.
 *
 * @example
 * ```ts
 * const services = await createServices(loadConfig());
 * ```
 */
export async function createServices(
  config: ExampleConfig,
  overrides: ServiceOverrides = {},
): Promise<Services> {
  // Before anything opens: production without a mail sender refuses to start (see mail.ts).
  const mailSender = exampleMailSender(config, overrides.mailSender);
  const database = config.databaseUrl
    ? await createDatabase(config.databaseUrl)
    : await createDatabase(undefined, { dataDir: `${config.dataDir}/pglite` });
  await migrate(database, {
    include: [{ package: '@mana/security-events', migrations: securityEventsMigrations }],
  });
  const metrics = createMetricsEndpoint(config.metricsToken);
  const { meterProvider } = metrics;
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }) : undefined;
  // Emails and client IPs are stored as keyed pseudonyms (the package's default) under a key
  // derived from AUTH_SECRET, so one address's rows still correlate across restarts.
  const audit = new SecurityEventsService({
    database,
    privacy: {
      hashKey: createHmac('sha256', config.secret).update('mana-audit-pseudonyms').digest('base64url'),
    },
    ...(config.audit.maxQueueBytes !== undefined ? { maxQueueBytes: config.audit.maxQueueBytes } : {}),
    meterProvider,
  });
  const retention = scheduleRetentionPurge(audit, {
    retentionDays: config.audit.retentionDays,
    intervalSeconds: config.audit.purgeIntervalSeconds,
  });
  const auth = createAuth({
    database,
    secret: config.secret,
    baseURL: config.baseURL,
    trustedOrigins: config.trustedOrigins,
    ...(config.exposeBetterAuthRoutes.length > 0
      ? { betterAuthRoutes: { expose: config.exposeBetterAuthRoutes } }
      : {}),
    // No configuration needed: the adapters hand over the socket address. Forwarded headers
    // count only from TRUSTED_PROXIES.
    ...(config.trustedProxies.length > 0
      ? {
          clientIp: {
            trustedProxies: config.trustedProxies,
            ...(config.trustedIpHeaders.length > 0 ? { headers: config.trustedIpHeaders } : {}),
          },
        }
      : {}),
    rateLimit: { storage: redis ? 'redis' : 'database', ...config.rateLimit },
    ...(redis ? { redis, redisKeyPrefix: config.redisKeyPrefix } : {}),
    mailSender,
    plugins: [securityEvents(audit)],
    meterProvider,
  });
  const clientIp = clientIpResolverOf(auth);
  const api = createAuthApi(auth);
  let closed: Promise<void> | undefined;
  return {
    database,
    auth,
    api,
    audit,
    authenticate: createRequestAuthenticator(auth),
    metrics: (headers, remoteAddress) => metrics.answer(clientIp(remoteAddress, headers), headers),
    close: () =>
      (closed ??= (async () => {
        await retention.stop();
        await audit.close();
        await metrics.close();
        await redis?.quit().catch(() => undefined);
        await database.close();
      })()),
  };
}
