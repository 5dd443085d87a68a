import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigratedDatabase } from '../../test/helpers.js';
import { auditKeys, openIntegrityDatabase } from '../../test/integrity-fixture.js';
import { ManualClock } from '../../test/manual-clock.js';
import { SecurityEventsService } from '../service/security-events-service.js';
import { appendCheckpointFile, readCheckpointFile } from './checkpoint-file.js';
import { verifyAuditLog } from './verify/verify-audit-log.js';

describe('signed checkpoints', () => {
  let db: MigratedDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'mana-checkpoints-'));
  const keys = auditKeys();

  beforeAll(async () => {
    db = await openIntegrityDatabase();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs moved heads every checkpointIntervalMs and at close, into the table and the file sink', async () => {
    const file = join(dir, 'checkpoints.jsonl');
    const clock = new ManualClock();
    const service = new SecurityEventsService({
      database: db.database,
      logger: false,
      clock,
      maxConcurrentWrites: 1,
      integrity: {
        commitKey: keys.commitKey,
        signingKey: keys.privateKey,
        checkpointIntervalMs: 30_000,
        checkpointSink: appendCheckpointFile(file),
      },
    });
    const count = async () =>
      (
        await db.database.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM auth.security_event_checkpoints',
        )
      )[0]?.n;
    for (let i = 0; i < 10; i++) await service.logEvent({ eventType: 'logout', userId: 'u1' });
    await service.flush();
    expect(await count()).toBe(0);
    clock.advance(29_999);
    await service.flush();
    expect(await count()).toBe(0);
    clock.advance(1);
    await expect.poll(count).toBe(1);
    clock.advance(30_000); // nothing moved: no new checkpoint
    for (let i = 0; i < 10; i++) await service.logEvent({ eventType: 'logout', userId: 'u2' });
    await service.close();
    expect(await count()).toBe(2);
    const fromFile = await readCheckpointFile(file);
    expect(fromFile.map((cp) => cp.sequence)).toEqual([1, 2]);
    expect(fromFile[0]?.signedAt).toBe('2026-01-01T00:00:30.000Z');
    const result = await verifyAuditLog(db.database, {
      publicKey: keys.publicKey,
      commitKey: keys.commitKey,
      checkpoints: fromFile,
    });
    expect(result).toMatchObject({ ok: true, events: 20, checkpoints: 4 });
  });
});
