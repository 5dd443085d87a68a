// The `logger` option of createAuth: every entry of the library arrives there, with a stable
// event name, and no secret of the request that caused it (docs/configuration.md, "Logging").
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ManaLogFields, ManaLogger } from '@mana/internal';
import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware } from 'better-auth/api';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { resetLegacyJwtEnvWarning } from '../src/config/legacy-env.js';
import type { MailMessage } from '../src/config/mail-sender.js';
import { createAuthLog } from '../src/logging/auth-log.js';
import { databaseFailureCounter } from '../src/rate-limits/failure-counter.js';
import { createRevocationRegistry } from '../src/revocation/create-revocation-registry.js';
import { call, PASSWORD } from './harness.js';
import {
  needsServer,
  setupRevocationTest,
  signedInSession,
  signOutWithoutRevocationTable,
  within,
} from './revocation-harness.js';

interface Entry {
  level: string;
  fields: ManaLogFields;
  msg: string | undefined;
}

/** A logger that keeps what it is given, pino's shape. */
function capturingLogger(): ManaLogger & {
  entries: Entry[];
  text(): string;
  /** The first entry named `event`. */
  entry(event: string): Entry | undefined;
  /** Resolves once an entry named `event` arrived; throws after 2 s. */
  arrived(event: string): Promise<number>;
} {
  const entries: Entry[] = [];
  const at = (level: string) => (fields: ManaLogFields, msg?: string) =>
    void entries.push({ level, fields, msg });
  const entry = (event: string) => entries.find((e) => e.fields.event === event);
  return {
    entries,
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    text: () => JSON.stringify(entries),
    entry,
    arrived: (event) => within(2000, () => entry(event) !== undefined),
  };
}

/**
 * A careless plugin: its hook before `path` throws an error quoting the request (what `quote`
 * makes of it), the worst case the redaction must handle.
 */
function carelessPlugin(
  id: string,
  path: string,
  quote: (request: { body?: unknown; headers?: Headers }) => string,
): BetterAuthPlugin {
  return {
    id,
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === path,
          handler: createAuthMiddleware(async (ctx) => {
            throw new Error(`careless plugin: ${quote(ctx)}`);
          }),
        },
      ],
    },
  };
}

const r = setupRevocationTest();
const SESSION_TOKEN = 'Qm7xT2vL9pR4sW8zK3nB6cF1hJ5dG0aY';
const BEARER = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ1MSJ9.c2lnLWJ5dGVzLXRoYXQtYXJlLWxvbmctZW5vdWdo';

afterEach(() => {
  delete process.env.JWT_SECRET;
  resetLegacyJwtEnvWarning();
});

describe('the logger option of createAuth', () => {
  it('receives the legacy-env warning as a warn entry named legacy_jwt_env_ignored', () => {
    const logger = capturingLogger();
    process.env.JWT_SECRET = 'an-old-hs256-secret-value';
    r.makeAuth({ logger });
    const entry = logger.entry('legacy_jwt_env_ignored');
    expect(entry).toMatchObject({
      level: 'warn',
      fields: { source: '@mana/auth-core', variables: ['JWT_SECRET'] },
    });
    expect(entry?.msg).toMatch(/JWT_SECRET is set but ignored/);
    expect(logger.text()).not.toContain('an-old-hs256-secret-value');
  });

  it('a logger without error/warn/info is refused with the fix', () => {
    expect(() => r.makeAuth({ logger: { error: () => {} } as unknown as ManaLogger })).toThrow(/logger/);
  });

  it('a throwing logger never breaks a request', async () => {
    const boom = () => {
      throw new Error('logger down');
    };
    const auth = r.makeAuth({ logger: { error: boom, warn: boom, info: boom, debug: boom } });
    const s = await signedInSession(auth);
    expect(await signOutWithoutRevocationTable(r.t.database, auth, s.jar)).toBe(200);
  });
});

describe('secrets are never logged', () => {
  it('revocation sync failure (PostgreSQL): revocation_sync_failed, no token or cookie', async () => {
    const logger = capturingLogger();
    const auth = r.makeAuth({ logger });
    const s = await signedInSession(auth);
    expect(await signOutWithoutRevocationTable(r.t.database, auth, s.jar)).toBe(200);
    const entry = logger.entry('revocation_sync_failed');
    expect(entry).toMatchObject({ level: 'error', fields: { code: 'REVOCATION_SYNC_FAILED' } });
    const text = logger.text();
    expect(text).not.toContain(s.token);
    expect(text).not.toContain(s.id);
    expect(text).not.toContain(PASSWORD);
  });

  it('revocation sync failure (unreachable Redis with a password): no Redis password, no token', async (ctx) => {
    needsServer(r.t, ctx);
    const logger = capturingLogger();
    const redis = new Redis('redis://:r3dis-Secret-pw@127.0.0.1:1', {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    redis.on('error', () => {});
    const registry = r.closeAfter(createRevocationRegistry({ database: r.t.database, redis, logger }));
    // The subscription fails (reported to the logger); a revoke fails to broadcast (thrown).
    await registry.start();
    await expect(
      registry.revoke([{ sessionId: 'sid-1', token: SESSION_TOKEN, forgetAfter: Date.now() + 60_000 }]),
    ).rejects.toMatchObject({ code: 'REVOCATION_SYNC_FAILED' });
    await logger.arrived('revocation_sync_failed');
    redis.disconnect();
    const text = logger.text();
    expect(text).not.toContain('r3dis-Secret-pw');
    expect(text).not.toContain(SESSION_TOKEN);
  });

  it('internal error in the REST API: a request with a password, a Bearer token and a cookie', async () => {
    const logger = capturingLogger();
    const careless = carelessPlugin(
      'careless',
      '/sign-in/email',
      (ctx) =>
        `body ${JSON.stringify(ctx.body)} authorization ${ctx.headers?.get('authorization')} cookie ${ctx.headers?.get('cookie')}`,
    );
    const auth = r.makeAuth({ logger, plugins: [careless] });
    const res = await call(auth, 'POST', '/login', {
      body: { email: 'someone@example.com', password: PASSWORD },
      headers: {
        authorization: `Bearer ${BEARER}`,
        cookie: `better-auth.session_token=${SESSION_TOKEN}.sig`,
      },
    });
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('careless plugin');
    const errors = logger.entries.filter((e) => e.level === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((e) => e.fields.event)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(internal_error|better_auth_log)$/)]),
    );
    // The error did reach the logger (redacted), so the assertion below is not vacuous.
    expect(logger.text()).toContain('careless plugin');
    const text = logger.text();
    for (const secret of [PASSWORD, BEARER, SESSION_TOKEN]) expect(text).not.toContain(secret);
  });

  it("internal error in one of Better Auth's own routes: logged as internal_error, nothing on the console", async () => {
    const logger = capturingLogger();
    const careless: BetterAuthPlugin = {
      id: 'careless-session',
      hooks: {
        before: [
          {
            matcher: (ctx) => ctx.path === '/get-session',
            handler: createAuthMiddleware(async (ctx) => {
              throw new Error(`careless plugin: cookie ${ctx.headers?.get('cookie')}`);
            }),
          },
        ],
      },
    };
    const auth = r.makeAuth({ logger, plugins: [careless] });
    const printed: unknown[][] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => void printed.push(args);
    let res: Awaited<ReturnType<typeof call>>;
    try {
      // A query string sends /get-session through Better Auth's router (no fast path).
      res = await call(auth, 'GET', '/get-session?via=router', {
        headers: { cookie: `better-auth.session_token=${SESSION_TOKEN}.sig` },
      });
    } finally {
      console.error = consoleError;
    }
    expect(res.status).toBe(500);
    expect(printed).toEqual([]);
    const entry = logger.entries.find((e) => e.fields.event === 'internal_error');
    expect(entry).toMatchObject({
      level: 'error',
      fields: { method: 'GET', path: '/api/v1/auth/get-session' },
    });
    expect(logger.text()).toContain('careless plugin');
    expect(logger.text()).not.toContain(SESSION_TOKEN);
    expect(logger.entries.filter((e) => e.fields.event === 'internal_error')).toHaveLength(1);
  });

  it('internal error in POST /password/change: the session cookie and both passwords stay out', async () => {
    const logger = capturingLogger();
    let seenCookie: string | null | undefined;
    const careless = carelessPlugin('careless-change', '/change-password', (ctx) => {
      seenCookie = ctx.headers?.get('cookie');
      return `${JSON.stringify(ctx.body)} cookie: ${seenCookie}`;
    });
    const auth = r.makeAuth({ logger, plugins: [careless] });
    const s = await signedInSession(auth);
    const newPassword = 'An0ther-Secret-Passw0rd';
    const res = await call(auth, 'POST', '/password/change', {
      jar: s.jar,
      body: { currentPassword: PASSWORD, newPassword },
    });
    expect(res.status).toBe(500);
    const text = logger.text();
    expect(text).toContain('careless plugin');
    expect(text).toContain('internal_error');
    // The cookie did reach the error message, and lost its value on the way to the logger.
    expect(seenCookie).toContain(s.token);
    expect(text).toContain('cookie: [redacted]');
    for (const secret of [PASSWORD, newPassword, s.token]) expect(text).not.toContain(secret);
  });

  it('mail-sender failure quoting the reset link: mail_send_failed, no reset token', async () => {
    const logger = capturingLogger();
    const sent: MailMessage[] = [];
    const auth = r.makeAuth({
      logger,
      mailSender: async (message) => {
        sent.push(message);
        throw new Error(`SMTP 554 rejected: ${message.text}`);
      },
    });
    const { email } = await signedInSession(auth);
    expect((await call(auth, 'POST', '/password/forgot', { body: { email } })).status).toBe(202);
    await logger.arrived('mail_send_failed');
    const entry = logger.entry('mail_send_failed');
    expect(entry).toMatchObject({ level: 'error', fields: { kind: 'password-reset' } });
    const token = new URL(sent[0]!.url).pathname.split('/').pop()!;
    expect(token.length).toBeGreaterThan(10);
    expect(logger.text()).toContain('SMTP 554 rejected');
    expect(logger.text()).not.toContain(token);
    expect(logger.text()).not.toContain(email);
  });

  it('failure-counter purge failure: login_failures_purge_failed (warn)', async () => {
    const logger = capturingLogger();
    const counter = databaseFailureCounter(r.t.database, { batchSize: -1, log: createAuthLog(logger) });
    await counter.increment(`purge-test-${Date.now()}`, 60);
    await logger.arrived('login_failures_purge_failed');
    expect(logger.entries[0]).toMatchObject({ level: 'warn', fields: { source: '@mana/auth-core' } });
  });
});

describe('the default logger', () => {
  it('writes one JSON line on stderr per entry (a child process)', () => {
    const source = fileURLToPath(new URL('../src/config/legacy-env.ts', import.meta.url));
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const script = `import { warnAboutLegacyJwtEnv } from ${JSON.stringify(source)}; warnAboutLegacyJwtEnv();`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, JWT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----abc' },
    });
    expect(child.status).toBe(0);
    const [line] = child.stderr.split('\n').filter((l) => l.startsWith('{'));
    expect(JSON.parse(line!)).toMatchObject({
      level: 'warn',
      source: '@mana/auth-core',
      event: 'legacy_jwt_env_ignored',
      variables: ['JWT_PRIVATE_KEY'],
    });
    expect(child.stderr).not.toContain('BEGIN PRIVATE KEY');
  });
});
