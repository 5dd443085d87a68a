import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, PACKAGE_DIR, runHealth } from './run-cli.js';
import { createServerPool, HEALTHY_HTTP_CHECKS, parseReport as json } from './server-pool.js';

const pool = createServerPool();
let HEALTHY_TARGET: string;

beforeAll(async () => {
  assertBuilt();
  HEALTHY_TARGET = process.env.MANA_AUTH_MONITOR_HEALTHY_TARGET ?? (await pool.serve());
});
afterAll(() => pool.close());

describe('mana-auth-health with several targets and a history file', () => {
  it('checks every target of a config file, applies defaults and writes the history', async () => {
    const dir = await pool.tempDir();
    const broken = await pool.serve({ headers: { 'Referrer-Policy': null } });
    await writeFile(
      join(dir, 'monitor.json'),
      JSON.stringify({
        defaults: { timeoutMs: 5000, degradedResponseMs: 3000, downResponseMs: 10_000 },
        targets: [
          { name: 'healthy', baseUrl: HEALTHY_TARGET },
          { name: 'no-referrer', baseUrl: broken },
          { name: 'no-referrer-allowed', baseUrl: broken, headers: { 'Referrer-Policy': false } },
        ],
        history: { file: 'history.jsonl' },
      }),
    );
    const run = await runHealth(['--config', join(dir, 'monitor.json'), '--json']);
    expect(run.code).toBe(2);
    const report = json(run.stdout);
    expect(report.targets.map((t) => [t.name, t.status])).toEqual([
      ['healthy', 'healthy'],
      ['no-referrer', 'down'],
      ['no-referrer-allowed', 'healthy'],
    ]);
    expect(report.counts).toEqual({ healthy: 2, degraded: 0, down: 1 });
    await runHealth(['--config', join(dir, 'monitor.json'), '--quiet']);
    const lines = (await readFile(join(dir, 'history.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toEqual({ type: 'header', format: 'mana-auth-monitor/history', version: 1 });
    expect(lines.slice(1).map((l) => `${l.target}:${l.status}`)).toEqual([
      'healthy:healthy',
      'no-referrer:down',
      'no-referrer-allowed:healthy',
      'healthy:healthy',
      'no-referrer:down',
      'no-referrer-allowed:healthy',
    ]);
    expect(lines[2].problems[0]).toMatch(/^headers: Referrer-Policy is missing/);
    expect(lines[1].checks).toEqual(HEALTHY_HTTP_CHECKS);
  });

  it('exits 3 with a clear message for usage and config errors', async () => {
    const dir = await pool.tempDir();
    await writeFile(
      join(dir, 'typo.json'),
      JSON.stringify({ targets: [{ baseUrl: HEALTHY_TARGET, timeout: 5000 }] }),
    );
    const cases: [string[], string][] = [
      [[], 'No target given: pass a base URL such as http://localhost:3001/api/v1/auth'],
      [['--bogus', HEALTHY_TARGET], "Unknown option '--bogus'"],
      [['--timout', '5000', HEALTHY_TARGET], `Unknown option '--timout'; did you mean "--timeout"?`],
      [['--timeout', 'soon', HEALTHY_TARGET], '--timeout must be a whole number, got "soon".'],
      [[`${HEALTHY_TARGET}/health`], 'ends with an endpoint; give the auth base path instead'],
      [['--config', join(dir, 'missing.json')], 'missing.json does not exist'],
      [['--config', join(dir, 'typo.json')], '"targets[0].timeout" is not a known option'],
      [['--login', HEALTHY_TARGET], '--login needs MANA_AUTH_MONITOR_EMAIL and MANA_AUTH_MONITOR_PASSWORD'],
      [['--skip', 'dns', HEALTHY_TARGET], 'cannot skip unknown check "dns"'],
    ];
    for (const [args, message] of cases) {
      const result = await runHealth(args, {
        MANA_AUTH_MONITOR_EMAIL: undefined,
        MANA_AUTH_MONITOR_PASSWORD: undefined,
      });
      expect({ args, code: result.code }).toEqual({ args, code: 3 });
      expect(result.stderr).toContain(message);
      expect(result.stderr).toContain('Run "mana-auth-health --help" for usage.');
      expect(result.stdout).toBe('');
    }
  });

  it('prints help and the package version', async () => {
    const help = await runHealth(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes: 0 healthy, 1 degraded, 2 down, 3 usage or config error');
    const { version } = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(await runHealth(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });
});
