import { lstat, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appendHistory, readHistory, writeAtomically } from './history-file.js';
import { openExclusive } from './open-exclusive.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mana-exclusive-'));
});
afterAll(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('exclusive creation of the history temp and lock files', () => {
  it('refuses a planted symlink, even a dangling one, instead of writing through it', async () => {
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'precious\n');
    await symlink(victim, join(dir, 'planted'));
    await symlink(join(dir, 'not-yet'), join(dir, 'dangling'));
    await expect(openExclusive(join(dir, 'planted'))).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(openExclusive(join(dir, 'dangling'))).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(victim, 'utf8')).toBe('precious\n');
    await expect(lstat(join(dir, 'not-yet'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('does not follow symlinks planted at the old predictable temp name (<file>.<pid>.<ms>.tmp)', async () => {
    const file = join(dir, 'history.jsonl');
    const victim = join(dir, 'authorized_keys');
    await writeFile(victim, 'ssh-ed25519 AAAA owner\n');
    const frozen = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(frozen);
    for (let ms = frozen - 5; ms <= frozen + 5; ms++)
      await symlink(victim, `${file}.${process.pid}.${ms}.tmp`);
    const entry = {
      type: 'check' as const,
      at: new Date(frozen).toISOString(),
      target: 'eu',
      url: 'http://127.0.0.1/api/v1/auth',
      status: 'healthy' as const,
      ms: 12,
      checks: { health: 'pass' as const },
      problems: [],
    };
    await appendHistory(file, [entry]); // first write: a rewrite through a temp file
    await writeAtomically(join(dir, 'status.html'), '<!doctype html>');
    vi.restoreAllMocks();
    expect(await readFile(victim, 'utf8')).toBe('ssh-ed25519 AAAA owner\n');
    expect((await lstat(file)).isFile()).toBe(true);
    expect((await readHistory(file)).checks).toEqual([entry]);
  });
});
