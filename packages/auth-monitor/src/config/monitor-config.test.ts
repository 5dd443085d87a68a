import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckName } from '../checks/check-result.js';
import { configTargets, loadMonitorConfig, parseMonitorConfig } from './monitor-config.js';
import { resolveTargets } from './resolve-targets.js';
import type { CheckOptions, TargetOptions } from './target-options.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('config file', () => {
  it('loads several targets and resolves the history path next to the config', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mana-config-'));
    dirs.push(dir);
    const file = join(dir, 'monitor.json');
    await writeFile(
      file,
      JSON.stringify({
        defaults: { timeoutMs: 3000, headers: { 'X-XSS-Protection': false } },
        targets: [
          { name: 'eu', baseUrl: 'https://eu.example.com/api/v1/auth/' },
          { name: 'us', baseUrl: 'https://us.example.com/api/v1/auth', timeoutMs: 5000, skip: ['tls'] },
        ],
        history: { file: 'data/history.jsonl', rawDays: 3 },
      }),
    );
    const config = await loadMonitorConfig(file);
    expect(config.history).toEqual({ file: join(dir, 'data/history.jsonl'), rawDays: 3 });
    const [eu, us] = resolveTargets(configTargets(config, {}), config.defaults);
    expect(eu).toMatchObject({
      name: 'eu',
      baseUrl: 'https://eu.example.com/api/v1/auth',
      healthUrl: 'https://eu.example.com/api/v1/auth/health',
      timeoutMs: 3000,
    });
    expect(eu?.headerRules.map((r) => r.name)).not.toContain('X-XSS-Protection');
    expect(us).toMatchObject({ timeoutMs: 5000 });
    expect([...(us?.skip ?? [])]).toEqual(['tls']);
  });

  it('names the key path of every mistake', () => {
    expect(() => parseMonitorConfig({ targets: [] }, 'm.json')).toThrow(
      'm.json: "targets" must be a non-empty array',
    );
    expect(() => parseMonitorConfig({ targets: [{ baseUrl: 'https://a', timeout: 5 }] }, 'm.json')).toThrow(
      'm.json: "targets[0].timeout" is not a known option; did you mean "timeoutMs"? Allowed here: healthPath,',
    );
    expect(() => parseMonitorConfig({ targets: [{ baseUrl: 'https://a' }], extra: 1 }, 'm.json')).toThrow(
      'm.json: "extra" is not a known option; allowed here: $schema, defaults, targets, history.',
    );
    expect(() =>
      parseMonitorConfig({ targets: [{ baseUrl: 'https://a', login: { emailenv: 'E' } }] }, 'm.json'),
    ).toThrow('"targets[0].login.emailenv" is not a known option; did you mean "emailEnv"?');
    expect(() =>
      parseMonitorConfig(
        { defaults: { timeoutMs: { secret: 'k' } }, targets: [{ baseUrl: 'https://a' }] },
        'm.json',
      ),
    ).toThrow('m.json: "defaults.timeoutMs" must be a whole number >= 0, got an object.');
    expect(() => parseMonitorConfig({ targets: [{ name: 'x' }] }, 'm.json')).toThrow(
      '"targets[0].baseUrl" is required',
    );
    expect(() =>
      parseMonitorConfig({ defaults: { retries: -1 }, targets: [{ baseUrl: 'https://a' }] }, 'm.json'),
    ).toThrow('"defaults.retries" must be a whole number');
    expect(() =>
      parseMonitorConfig({ targets: [{ baseUrl: 'https://a', headers: { 'X-A': 1 } }] }, 'm.json'),
    ).toThrow('"targets[0].headers.X-A" must be the expected value');
  });

  it('reads login credentials from the environment only', () => {
    const config = parseMonitorConfig({
      targets: [{ baseUrl: 'https://a', login: { emailEnv: 'E', passwordEnv: 'P' } }],
    });
    expect(configTargets(config, { E: 'm@example.com', P: 'pw' })[0]?.login).toEqual({
      email: 'm@example.com',
      password: 'pw',
    });
    expect(() => configTargets(config, { E: 'm@example.com' })).toThrow(
      'targets[0].login is enabled but P is not set',
    );
    const defaults = parseMonitorConfig({ targets: [{ baseUrl: 'https://a', login: true }] });
    expect(() => configTargets(defaults, {})).toThrow(
      'MANA_AUTH_MONITOR_EMAIL and MANA_AUTH_MONITOR_PASSWORD are not set',
    );
  });

  it('rejects unusable targets before sending any request', () => {
    expect(() => resolveTargets([{ baseUrl: 'https://a', timeout: 5 } as unknown as TargetOptions])).toThrow(
      'target #1: "timeout" is not a known option; did you mean "timeoutMs"? Allowed here:',
    );
    expect(() => resolveTargets([{ baseUrl: 'https://a' }], { retrys: 1 } as CheckOptions)).toThrow(
      'defaults: "retrys" is not a known option; did you mean "retries"?',
    );
    expect(() => resolveTargets([{ baseUrl: 'https://a', skip: ['tsl' as CheckName] }])).toThrow(
      'cannot skip unknown check "tsl"; did you mean "tls"? known checks:',
    );
    expect(() => resolveTargets([{ baseUrl: 'https://a.example.com/api/v1/auth/health' }])).toThrow(
      'ends with an endpoint; give the auth base path instead (https://a.example.com/api/v1/auth)',
    );
    expect(() => resolveTargets([{ baseUrl: 'ftp://a' }])).toThrow('must start with http:// or https://');
    expect(() =>
      resolveTargets([{ baseUrl: 'https://a', degradedResponseMs: 900, downResponseMs: 500 }]),
    ).toThrow('"degradedResponseMs" (900) must not exceed "downResponseMs" (500)');
    expect(() =>
      resolveTargets([
        { baseUrl: 'https://a', name: 'x' },
        { baseUrl: 'https://b', name: 'x' },
      ]),
    ).toThrow('Two targets are named "x"');
    expect(
      resolveTargets([{ baseUrl: 'https://a/one' }, { baseUrl: 'https://a/two' }]).map((t) => t.name),
    ).toEqual(['a/one', 'a/two']);
  });
});
