// The `logger` option of @mana/security-events: the shared ManaLogger shape, the deprecated
// function form, the plugin's logger, and the default JSON lines on stderr.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ManaLogFields, ManaLogger } from '@mana/internal';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { resolvePluginOptions } from '../better-auth/plugin-options.js';
import { SecurityEventsError } from '../errors.js';
import { SecurityEventsService } from '../service/security-events-service.js';
import type { SecurityEventsLogEntry } from './logger.js';

interface Entry {
  level: string;
  fields: ManaLogFields;
  msg: string | undefined;
}

function capturingLogger(): ManaLogger & { entries: Entry[] } {
  const entries: Entry[] = [];
  const at = (level: string) => (fields: ManaLogFields, msg?: string) =>
    void entries.push({ level, fields, msg });
  return { entries, error: at('error'), warn: at('warn'), info: at('info') };
}

const POOL_PASSWORD = 'Pg-Secret-pw-4711';
// A database that refuses every connection, its URL carrying a password.
const unreachablePool = () =>
  new pg.Pool({ connectionString: `postgres://audit:${POOL_PASSWORD}@127.0.0.1:1/audit`, max: 1 });

async function until(check: () => boolean, withinMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the logger option of SecurityEventsService', () => {
  it('a ManaLogger gets write_failed (error) and close_timeout entries, no password, no event contents', async () => {
    const logger = capturingLogger();
    const pool = unreachablePool();
    const service = new SecurityEventsService({
      database: pool,
      logger,
      flushIntervalMs: 5,
      retry: { initialDelayMs: 5, maxDelayMs: 20 },
      closeTimeoutMs: 0,
    });
    await service.logEvent({
      eventType: 'login_failure',
      metadata: { email: 'victim@example.com', reason: 'invalid_credentials' },
    });
    await until(() => logger.entries.some((e) => e.fields.event === 'write_failed'));
    await service.close();
    await pool.end();
    const failed = logger.entries.find((e) => e.fields.event === 'write_failed');
    expect(failed).toMatchObject({ level: 'error', fields: { source: '@mana/security-events' } });
    expect(typeof failed?.msg).toBe('string');
    expect(logger.entries.map((e) => e.fields.event)).toContain('close_timeout');
    const text = JSON.stringify(logger.entries);
    expect(text).not.toContain(POOL_PASSWORD);
    expect(text).not.toContain('victim@example.com');
  });

  it('the deprecated function form still receives whole entries', async () => {
    const entries: SecurityEventsLogEntry[] = [];
    const pool = unreachablePool();
    const service = new SecurityEventsService({
      database: pool,
      logger: (entry) => void entries.push(entry),
      flushIntervalMs: 5,
      retry: { initialDelayMs: 5, maxDelayMs: 20 },
      closeTimeoutMs: 0,
    });
    await service.logEvent({ eventType: 'logout', userId: 'user-1' });
    await until(() => entries.some((e) => e.event === 'write_failed'));
    await service.close();
    await pool.end();
    expect(entries.find((e) => e.event === 'write_failed')).toMatchObject({
      level: 'error',
      message: expect.any(String),
    });
  });

  it('refuses a logger that is neither shape', () => {
    const bad = () =>
      new SecurityEventsService({ database: unreachablePool(), logger: { info: 1 } as never });
    expect(bad).toThrow(SecurityEventsError);
    expect(bad).toThrow(/logger.*pino/);
  });
});

describe('the logger option of the securityEvents plugin', () => {
  it('the default onError writes plugin_failed to it, redacted', () => {
    const logger = capturingLogger();
    const { onError } = resolvePluginOptions({ logger });
    onError(new Error('sink down while recording token=abcDEF123456 for Bearer xyz.abc'), '/sign-in/email');
    expect(logger.entries).toHaveLength(1);
    expect(logger.entries[0]).toMatchObject({
      level: 'error',
      fields: { source: '@mana/security-events', event: 'plugin_failed', path: '/sign-in/email' },
    });
    const text = JSON.stringify(logger.entries);
    expect(text).toContain('sink down');
    expect(text).not.toContain('abcDEF123456');
    expect(text).not.toContain('xyz.abc');
  });
});

describe('the default logger', () => {
  it('writes JSON lines on stderr, also through the deprecated `logger: jsonLineLogger` form', () => {
    const source = fileURLToPath(new URL('./logger.ts', import.meta.url));
    const root = fileURLToPath(new URL('../../../../', import.meta.url));
    const script = `
      import { jsonLineLogger, resolveLogger } from ${JSON.stringify(source)};
      resolveLogger(undefined)({ level: 'warn', event: 'events_dropped', message: '2 dropped', count: 2, reason: 'queue_full' });
      resolveLogger(jsonLineLogger)({ level: 'info', event: 'write_recovered', message: 'recovered' });
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(child.status).toBe(0);
    const lines = child.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        source: '@mana/security-events',
        event: 'events_dropped',
        msg: '2 dropped',
        count: 2,
        reason: 'queue_full',
      }),
      expect.objectContaining({ level: 'info', event: 'write_recovered', msg: 'recovered' }),
    ]);
  });
});
