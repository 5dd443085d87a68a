import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createManaLog } from './create-log.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../../../', import.meta.url));

describe('jsonLineLogger (the default logger)', () => {
  it('writes one JSON line per entry on stderr of the process, redacted', () => {
    // A child process with the default logger: what an operator's log shipper reads.
    const script = `
      import { createManaLog } from ${JSON.stringify(`${here}create-log.ts`)};
      const log = createManaLog(undefined, '@mana/auth-core');
      log.warn('mail_send_failed', 'sending failed', { kind: 'password-reset', url: 'https://a.example/reset-password/SeCrEt123' });
      log.error('internal_error', 'boom', { authorization: 'Bearer abc' });
      process.stdout.write('stdout stays clean');
    `;
    // tsx (a root dev dependency) runs the TypeScript source, as the published dist would run.
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      cwd: root,
    });
    expect(child.status).toBe(0);
    expect(child.stdout).toBe('stdout stays clean');
    const lines = child.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      source: '@mana/auth-core',
      event: 'mail_send_failed',
      msg: 'sending failed',
      kind: 'password-reset',
      url: 'https://a.example/reset-password/[redacted]',
    });
    expect(Object.keys(lines[0] ?? {}).slice(0, 5)).toEqual(['time', 'level', 'source', 'event', 'msg']);
    expect(Number.isNaN(Date.parse(String(lines[0]?.time)))).toBe(false);
    expect(lines[1]).toMatchObject({ level: 'error', event: 'internal_error', authorization: '[redacted]' });
    expect(child.stderr).not.toContain('SeCrEt123');
  });

  it('a custom write and clock give a deterministic line', async () => {
    const { jsonLineLogger } = await import('./json-line-logger.js');
    const lines: string[] = [];
    const log = createManaLog(
      jsonLineLogger(
        '@mana/x',
        (line) => lines.push(line),
        () => 0,
      ),
      '@mana/x',
    );
    log.info('write_recovered', 'writes recovered', { count: 2n });
    expect(lines).toEqual([
      '{"time":"1970-01-01T00:00:00.000Z","level":"info","source":"@mana/x","event":"write_recovered","msg":"writes recovered","count":"2"}\n',
    ]);
  });
});
