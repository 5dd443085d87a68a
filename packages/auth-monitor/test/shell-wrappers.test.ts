import { copyFile, mkdir, mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StartedServer, startServer } from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthHandler } from './auth-server.js';
import { assertBuilt, PACKAGE_DIR, runProcess } from './run-cli.js';

let server: StartedServer;
let dir: string;

const sh = (script: string, args: string[], env: Record<string, string>) =>
  runProcess('sh', [script, ...args], env);

beforeAll(async () => {
  assertBuilt();
  server = await startServer(createAuthHandler());
  dir = await mkdtemp(join(tmpdir(), 'mana-wrappers-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the spec-named shell wrappers', () => {
  it('auth-health-check.sh checks $AUTH_URL and records to $AUTH_HISTORY, also through a symlink', async () => {
    const link = join(dir, 'auth-health-check.sh');
    await symlink(join(PACKAGE_DIR, 'bin', 'auth-health-check.sh'), link);
    const env = { AUTH_URL: `${server.url}/api/v1/auth`, AUTH_HISTORY: join(dir, 'history.jsonl') };
    const result = await sh(link, ['--degraded-ms', '3000', '--down-ms', '10000'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('1 healthy, 0 degraded, 0 down → exit 0');
    expect((await readFile(env.AUTH_HISTORY, 'utf8')).trim().split('\n')).toHaveLength(2);
    const closed = await startServer(createAuthHandler());
    await closed.close();
    const down = await sh(link, ['--quiet'], { AUTH_URL: `${closed.url}/api/v1/auth`, AUTH_HISTORY: '' });
    expect(down.code).toBe(2);
    expect(down.stdout).toContain('connection refused');
  });

  it('generate-dashboard.sh writes $DASHBOARD_OUT from $AUTH_HISTORY', async () => {
    const out = join(dir, 'www', 'index.html');
    const result = await sh(join(PACKAGE_DIR, 'bin', 'generate-dashboard.sh'), ['--title', 'Auth'], {
      AUTH_HISTORY: join(dir, 'history.jsonl'),
      DASHBOARD_OUT: out,
    });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect((await stat(out)).size).toBeGreaterThan(1000);
    expect(await readFile(out, 'utf8')).toContain('<title>Auth</title>');
  });

  it('exit 3 and say how to build when the package has no dist/', async () => {
    const bin = join(dir, 'unbuilt', 'bin');
    await mkdir(bin, { recursive: true });
    for (const file of ['auth-health-check.sh', 'generate-dashboard.sh', 'mana-cli.sh'])
      await copyFile(join(PACKAGE_DIR, 'bin', file), join(bin, file));
    for (const [script, cli] of [
      ['auth-health-check.sh', 'cli-health.js'],
      ['generate-dashboard.sh', 'cli-dashboard.js'],
    ] as const) {
      const result = await sh(join(bin, script), [], {});
      expect(result).toMatchObject({ code: 3, stdout: '' });
      expect(result.stderr).toBe(
        `${script}: ${bin}/../dist/${cli} not found; install @mana/auth-monitor (or build it with 'npx tsup').\n`,
      );
    }
  });
});
