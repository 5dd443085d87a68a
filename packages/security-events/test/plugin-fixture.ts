import type { MailMessage, ManaAuth, ManaAuthConfig } from '@mana/auth-core';
import { expect } from 'vitest';
import { securityEvents } from '../src/better-auth/security-events-plugin.js';
import { SecurityEventsService } from '../src/service/security-events-service.js';
import {
  allEvents,
  call,
  makeAuth as createTestAuth,
  type EventRow,
  Jar,
  PASSWORD,
  type Reply,
  sessionTokenOf,
  userIdOf,
} from './auth-harness.js';
import { type MigratedDatabase, openMigratedDatabase } from './helpers.js';

export const IP = '203.0.113.10';
export const UA = 'Mozilla/5.0 (TestOS) Browser/1.0';

/** A migrated database, a service, and a real auth-core instance with the plugin. */
export interface PluginTest {
  db: MigratedDatabase;
  service: SecurityEventsService;
  /** The default instance: the plugin, a mail sender that keeps messages, no limits. */
  auth: ManaAuth;
  mails: MailMessage[];
  /** Every password and token the test used, to search the log for. */
  secrets: Set<string>;
  /** Another instance on the same database, with the plugin unless `plugins` is given. */
  makeAuth(overrides?: Partial<ManaAuthConfig>): ManaAuth;
  /** Rows written since the previous call (flushes first). */
  fresh(): Promise<EventRow[]>;
  email(): string;
  /** An IP address as the service stores it (a keyed pseudonym, the default). */
  ip(raw: string): string | null;
  /** An email as the service stores it in metadata (a keyed pseudonym, the default). */
  mail(raw: string): string | undefined;
  signUp(options?: {
    auth?: ManaAuth;
    email?: string;
    ip?: string;
  }): Promise<{ email: string; userId: string; jar: Jar }>;
  signIn(email: string, options?: { auth?: ManaAuth; ip?: string }): Promise<{ jar: Jar; token: string }>;
  /** The one row written since the previous call, from the test client ({@link IP}, {@link UA}). */
  onlyRow(expected: Record<string, unknown>): Promise<EventRow>;
  /** POSTs to a Better Auth route as the test client ({@link IP}, {@link UA}). */
  post(path: string, body: unknown, options?: ClientOptions): Promise<Reply>;
  close(): Promise<void>;
}

/** Sets up a {@link PluginTest}; call `close()` in `afterAll`. */
export async function setupPluginTest(prefix: string): Promise<PluginTest> {
  const db = await openMigratedDatabase();
  const service = new SecurityEventsService({ database: db.database, logger: false, flushIntervalMs: 10 });
  const ip = (raw: string) => service.storedIpAddress(raw);
  const mails: MailMessage[] = [];
  const seen = new Set<string>();
  let counter = 0;
  const makeAuth = (overrides: Partial<ManaAuthConfig> = {}) =>
    createTestAuth(db, {
      mailSender: async (message) => {
        mails.push(message);
      },
      plugins: [securityEvents(service)],
      // These tests audit auto sign-in at sign-up and the 422 of a taken email; uniform
      // registration answers (the default with a mail sender) are covered on their own.
      registration: { uniformResponse: false },
      ...overrides,
    });
  const t: PluginTest = {
    db,
    service,
    auth: makeAuth(),
    mails,
    secrets: new Set([PASSWORD, 'Wrong-Password-123', 'New-Password-4567', 'Reset-Password-890']),
    makeAuth,
    async fresh() {
      await service.flush();
      const rows = (await allEvents(db)).filter((row) => !seen.has(row.id));
      for (const row of rows) seen.add(row.id);
      return rows;
    },
    email: () => `${prefix}${++counter}@example.test`,
    ip,
    mail: (raw) => service.storedEmail(raw),
    signUp: (options) => signUp(t, options),
    signIn: (address, options) => signIn(t, address, options),
    post: (path, body, options) => post(t, path, body, options),
    onlyRow: async (expected) => {
      const rows = await t.fresh();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ ip_address: ip(IP), user_agent: UA, ...expected });
      return rows[0]!;
    },
    async close() {
      await service.close();
      await db.close();
    },
  };
  return t;
}

/** Who sends a request: which instance, with which cookies, from which address. */
interface ClientOptions {
  auth?: ManaAuth;
  jar?: Jar;
  ip?: string;
}

function post(t: PluginTest, path: string, body: unknown, options: ClientOptions = {}): Promise<Reply> {
  return call(options.auth ?? t.auth, 'POST', path, {
    body,
    ...(options.jar ? { jar: options.jar } : {}),
    ip: options.ip ?? IP,
    userAgent: UA,
  });
}

async function signUp(t: PluginTest, options: { auth?: ManaAuth; email?: string; ip?: string } = {}) {
  const jar = new Jar();
  const address = options.email ?? t.email();
  const body = { email: address, password: PASSWORD, name: 'Test User' };
  const reply = await post(t, '/sign-up/email', body, { ...options, jar });
  expect(reply.status).toBe(200);
  t.secrets.add(sessionTokenOf(reply));
  await t.fresh();
  return { email: address, userId: userIdOf(reply), jar };
}

async function signIn(t: PluginTest, address: string, options: { auth?: ManaAuth; ip?: string } = {}) {
  const jar = new Jar();
  const reply = await post(t, '/sign-in/email', { email: address, password: PASSWORD }, { ...options, jar });
  expect(reply.status).toBe(200);
  t.secrets.add(sessionTokenOf(reply));
  return { jar, token: sessionTokenOf(reply) };
}

/** Asserts that no row of the log contains a password, token, session id or JWT. */
export async function expectNoSecrets(t: PluginTest): Promise<void> {
  const sessions = await t.db.database.query<{ id: string; token: string }>(
    'SELECT id, token FROM auth.sessions',
  );
  for (const s of sessions) t.secrets.add(s.id).add(s.token);
  const dump = JSON.stringify(await allEvents(t.db));
  for (const secret of t.secrets) {
    if (secret && secret !== 'undefined' && secret !== 'null') expect(dump).not.toContain(secret);
  }
  expect(dump).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\./);
  expect(dump).not.toMatch(/password"\s*:\s*"(?!\[REDACTED\])/i);
}
