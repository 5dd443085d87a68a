import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import pg from 'pg';

/** Which PostgreSQL the harness found. */
export type TestDatabaseKind = 'postgres' | 'testcontainers' | 'pglite';

/** A fresh, empty database for one test file. */
export interface TestDatabase {
  kind: TestDatabaseKind;
  /** Connection string of the fresh database; absent for PGlite (in-process only). */
  url?: string;
  /** Name of the fresh database (PostgreSQL only). */
  name?: string;
  /** Runs one statement against the fresh database. */
  query<T extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    params?: unknown[],
  ): Promise<{ rows: T[] }>;
  /** PGlite instance when kind is 'pglite'. */
  pglite?: import('@electric-sql/pglite').PGlite;
  /** Drops the database (or closes PGlite) and every connection the harness opened. */
  close(): Promise<void>;
}

let containerUrl: Promise<string | undefined> | undefined;
let pgliteNoticePrinted = false;

/**
 * Creates an empty database for the calling test file.
 *
 * Order: `TEST_DATABASE_URL` (a fresh database is created on that server), else a
 * testcontainers PostgreSQL when a container runtime answers within two seconds, else
 * an in-memory PGlite with a printed notice.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? (await startContainer());
  if (adminUrl) {
    return createOnServer(adminUrl, process.env.TEST_DATABASE_URL ? 'postgres' : 'testcontainers');
  }
  return createPglite();
}

/** True when tests run against a real PostgreSQL server (URL available). */
export function hasPostgresServer(db: TestDatabase): db is TestDatabase & { url: string } {
  return db.url !== undefined;
}

async function createOnServer(adminUrl: string, kind: TestDatabaseKind): Promise<TestDatabase> {
  const name = `mana_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  return {
    kind,
    url,
    name,
    query: async (text, params) => {
      const res = await pool.query(text, params);
      return { rows: res.rows };
    },
    close: async () => {
      await pool.end();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** Returns `url` pointing at database `name`. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function createPglite(): Promise<TestDatabase> {
  if (!pgliteNoticePrinted) {
    pgliteNoticePrinted = true;
    console.warn(
      '[test-utils] No TEST_DATABASE_URL and no container runtime: using in-process PGlite. ' +
        'Tests that need a PostgreSQL server URL (several processes, servers) are skipped. ' +
        'Set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres to run them all.',
    );
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = new PGlite();
  await pglite.waitReady;
  return {
    kind: 'pglite',
    pglite,
    query: async (text, params) => {
      const res = await pglite.query(text, params);
      return { rows: res.rows as never[] };
    },
    close: () => pglite.close(),
  };
}

/** Starts one PostgreSQL container per worker when a runtime answers; undefined otherwise. */
function startContainer(): Promise<string | undefined> {
  containerUrl ??= (async () => {
    if (!(await containerRuntimeAnswers())) return undefined;
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:15-alpine').start();
    return container.getConnectionUri();
  })().catch((error: unknown) => {
    console.warn(`[test-utils] container runtime failed (${String(error)}); falling back.`);
    return undefined;
  });
  return containerUrl;
}

/**
 * Fails fast when no container engine runs: testcontainers would otherwise spend a long
 * time probing strategies. Only a socket or DOCKER_HOST that answers `/_ping` counts.
 */
export async function containerRuntimeAnswers(timeoutMs = 2000): Promise<boolean> {
  const host = process.env.DOCKER_HOST;
  const socketPath = host?.startsWith('unix://')
    ? host.slice('unix://'.length)
    : host
      ? undefined
      : '/var/run/docker.sock';
  if (socketPath && !existsSync(socketPath)) return false;
  const http = await import('node:http');
  return new Promise((resolve) => {
    const options = socketPath
      ? { socketPath, path: '/_ping', timeout: timeoutMs }
      : {
          host: new URL(String(host).replace(/^tcp:/, 'http:')).hostname,
          port: Number(new URL(String(host).replace(/^tcp:/, 'http:')).port || 2375),
          path: '/_ping',
          timeout: timeoutMs,
        };
    const req = http.get(options, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.on('error', () => resolve(false));
  });
}
