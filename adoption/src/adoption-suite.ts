import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTestDatabase,
  hasPostgresServer,
  type NodeMajor,
  nodeBinary,
  npmCliPath,
  type TestDatabase,
} from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  installedPackages,
  installProblems,
  limiterBuckets,
  protectedRouteStatuses,
  signUpAndLogIn,
  socketCall,
} from './flows.js';
import { send } from './http-client.js';
import { type InstalledApp, installApp } from './install-app.js';
import { runOperator } from './operator.js';
import { type RunningApp, runApp } from './run-app.js';

/** The apps that run the auth service (each its own database), and their entry files. */
const AUTH_APPS = {
  express4: 'server.mjs',
  express5: 'server.mjs',
  hono: 'server.mjs',
  nest: 'server.cjs',
} as const;
type AuthAppName = keyof typeof AUTH_APPS;
/** The app whose tokens the resource server verifies. */
const ISSUER_APP: AuthAppName = 'express5';
const SECRET = 'an-adopter-secret-of-at-least-32-bytes!!';

/**
 * The adoption suite for one Node major: installs every app under `adoption/apps/` from the
 * packed tarballs with npm (npm running on that Node), starts them as real servers on loopback,
 * and checks what an adopting team would: install output, sign-up/login/protected routes, the
 * limiter's buckets without client-IP configuration, and the resource server's install tree.
 */
export function defineAdoptionSuite(major: NodeMajor): void {
  describe(`adoption on Node ${major}`, () => {
    const node = nodeBinary(major);
    const installs = new Map<string, InstalledApp>();
    const running = new Map<string, RunningApp>();
    const startFailures = new Map<string, unknown>();
    const databases = new Map<string, TestDatabase>();

    beforeAll(async () => {
      const tarballs = inject('tarballs');
      const npmCli = npmCliPath();
      const installed = await Promise.all([
        ...Object.keys(AUTH_APPS).map((name) =>
          installApp(name, { node, npmCli, tarballs: [tarballs.authCore, tarballs.verify] }),
        ),
        installApp('resource-server', { node, npmCli, tarballs: [tarballs.verify] }),
        installApp('operator', {
          node,
          npmCli,
          tarballs: [tarballs.cli, tarballs.authCore, tarballs.verify, tarballs.securityEvents],
        }),
      ]);
      for (const app of installed) installs.set(app.name, app);
      console.info(
        `Node ${major}: npm install ${installed.map((app) => `${app.name} ${app.seconds.toFixed(0)} s`).join(', ')}`,
      );
      await Promise.all(Object.keys(AUTH_APPS).map((name) => start(name as AuthAppName)));
      const issuer = running.get(ISSUER_APP);
      if (issuer) await startApp('resource-server', 'server.mjs', { AUTH_URL: issuer.url });
    }, 600_000);

    afterAll(async () => {
      await Promise.all([...running.values()].map((app) => app.stop()));
      await Promise.all([...databases.values()].map((db) => db.close()));
    });

    async function start(name: AuthAppName): Promise<void> {
      const database = await createTestDatabase();
      databases.set(name, database);
      if (!hasPostgresServer(database))
        throw new Error('The adoption suite needs TEST_DATABASE_URL (a server).');
      await startApp(name, AUTH_APPS[name], { DATABASE_URL: database.url, AUTH_SECRET: SECRET });
    }

    async function startApp(name: string, entry: string, env: Record<string, string>): Promise<void> {
      const install = installs.get(name);
      const dir = install?.exitCode === 0 ? install.dir : undefined;
      if (!dir) return;
      try {
        running.set(name, await runApp(node, dir, entry, env));
      } catch (error) {
        startFailures.set(name, error);
      }
    }

    /** The running app, or an error saying why it is not running (install or start failure). */
    function app(name: string): RunningApp {
      const found = running.get(name);
      if (found) return found;
      const install = installs.get(name);
      if (install && install.exitCode !== 0) {
        throw new Error(
          `npm install of ${name} failed (${install.exitCode}):\n${install.stderr.slice(-3000)}`,
        );
      }
      throw new Error(
        `${name} did not start: ${String(startFailures.get(name) ?? 'its issuer did not start')}`,
      );
    }

    for (const name of [...Object.keys(AUTH_APPS), 'resource-server', 'operator']) {
      it(`${name}: npm install succeeds without ERESOLVE or EBADENGINE`, () => {
        const install = installs.get(name);
        expect(install, `${name} was not installed`).toBeDefined();
        expect(installProblems(`${install?.stdout}\n${install?.stderr}`)).toEqual([]);
        expect(install?.exitCode, install?.stderr.slice(-3000)).toBe(0);
      });
    }

    for (const name of Object.keys(AUTH_APPS) as AuthAppName[]) {
      it(`${name}: signs up, logs in, calls a protected route, is refused without credentials`, async () => {
        const { url } = app(name);
        const user = await signUpAndLogIn(url);
        expect(user.statuses).toEqual({ register: 201, login: 200 });
        expect(await protectedRouteStatuses(`${url}/api/me`, user)).toMatchObject({
          bearer: 200,
          bearerEmail: user.email,
          cookie: 200,
          anonymous: 401,
          forged: 401,
        });
      });
    }

    it('nest: the Socket.IO gateway answers with an access token and refuses a socket without one', async () => {
      const { url } = app('nest');
      const dir = installs.get('nest')?.dir as string;
      const user = await signUpAndLogIn(url);
      expect(await socketCall(node, dir, url, user.accessToken)).toMatchObject({ result: 'answered' });
      expect(await socketCall(node, dir, url)).toMatchObject({ result: 'refused' });
    });

    for (const name of ['express4', 'express5'] as const) {
      it(`${name}: its tables live in its own schema "identity" (pg.Pool passed in), none in auth or public`, async () => {
        app(name);
        const { rows } = await (databases.get(name) as TestDatabase).query<{ schema: string }>(
          `select distinct table_schema as schema from information_schema.tables
           where table_schema not in ('pg_catalog', 'information_schema') order by 1`,
        );
        expect(rows.map((row) => row.schema)).toEqual(['identity']);
      });
    }

    for (const name of Object.keys(AUTH_APPS) as AuthAppName[]) {
      it(`${name}: with no client-IP configuration, two loopback clients get separate sign-in buckets and X-Forwarded-For changes nothing`, async () => {
        const buckets = await limiterBuckets(app(name).url);
        expect(buckets).toEqual({
          first: Array(10).fill(401),
          eleventh: 429,
          spoofed: 429,
          otherClient: 401,
          otherClientSpoofing: 401,
        });
      });
    }

    it('resource-server: its node_modules hold @mana/verify alone (no better-auth, pg or PGlite)', () => {
      const install = installs.get('resource-server') as InstalledApp;
      const packages = installedPackages(install.dir);
      expect(['better-auth', 'pg', '@electric-sql/pglite'].filter((name) => packages.has(name))).toEqual([]);
      // The verifier runs on node:crypto alone: nothing but itself is installed.
      expect([...packages]).toEqual(['@mana/verify']);
    });

    it(`resource-server: accepts a token from ${ISSUER_APP} via its JWKS URL, refuses none or a forged one`, async () => {
      const resource = app('resource-server');
      const user = await signUpAndLogIn(app(ISSUER_APP).url);
      const data = `${resource.url}/api/data`;
      const valid = await send(data, { headers: { authorization: `Bearer ${user.accessToken}` } });
      expect(valid.status, valid.body).toBe(200);
      expect(valid.json().email).toBe(user.email);
      expect((await send(data)).status).toBe(401);
      const forged = `${user.accessToken.slice(0, -4)}AAAA`;
      expect((await send(data, { headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    });

    /** The operator project's directory, or an error saying why its install failed. */
    function operatorDir(): string {
      const install = installs.get('operator');
      if (install?.exitCode === 0) return install.dir;
      throw new Error(`npm install of the operator project failed:\n${install?.stderr.slice(-3000)}`);
    }

    it('operator: the installed mana-auth bin runs on this Node (--help, one-line error and exit 2 for a typo)', async () => {
      const help = await runOperator(node, operatorDir(), ['--help']);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toContain('Usage: mana-auth <command>');
      const typo = await runOperator(node, operatorDir(), ['migrat']);
      expect(typo.code).toBe(2);
      expect(typo.stderr.trim().split('\n')).toHaveLength(1);
    });

    it('operator: mana-auth audit keygen writes a key pair, and verify-proof refuses a bad proof offline (exit 3)', async () => {
      const keys = mkdtempSync(join(tmpdir(), 'mana-adoption-audit-'));
      try {
        const keygen = await runOperator(node, operatorDir(), ['audit', 'keygen', '--out-dir', keys]);
        expect(keygen.code, keygen.stderr).toBe(0);
        expect(statSync(join(keys, 'audit-private.pem')).mode & 0o777).toBe(0o600);
        writeFileSync(join(keys, 'bad-proof.json'), JSON.stringify({ v: 1, event: { id: 'x' } }));
        // No DATABASE_URL: an auditor's machine with the public key only.
        const checked = await runOperator(node, operatorDir(), [
          'audit',
          'verify-proof',
          join(keys, 'bad-proof.json'),
          '--public-key',
          join(keys, 'audit-public.pem'),
        ]);
        expect(checked.code, checked.stderr).toBe(3);
        expect(checked.stdout).toMatch(/^invalid: /);
      } finally {
        rmSync(keys, { recursive: true, force: true });
      }
    });

    it('operator: mana-auth migrate creates the tables of auth-core and security-events, then finds nothing to do', async () => {
      const database = await createTestDatabase();
      databases.set('operator', database);
      if (!hasPostgresServer(database))
        throw new Error('The adoption suite needs TEST_DATABASE_URL (a server).');
      const env = { DATABASE_URL: database.url };
      const first = await runOperator(node, operatorDir(), ['migrate', '--json'], env);
      expect(first.code, first.stderr).toBe(0);
      expect((JSON.parse(first.stdout) as { applied: string[] }).applied.length).toBeGreaterThan(1);
      const { rows } = await database.query("select to_regclass('auth.security_events')::text as events");
      expect(rows).toEqual([{ events: 'auth.security_events' }]);
      const again = await runOperator(node, operatorDir(), ['migrate'], env);
      expect(again.stdout.trim()).toBe('schema "auth" is up to date');
    });
  });
}
