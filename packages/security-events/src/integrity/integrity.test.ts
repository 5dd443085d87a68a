import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigratedDatabase } from '../../test/helpers.js';
import { auditKeys, openIntegrityDatabase, writeChainedLog } from '../../test/integrity-fixture.js';
import { SecurityEventsService } from '../service/security-events-service.js';
import { generateAuditKeyPair } from './audit-key.js';
import { proveEvent } from './proof/prove-event.js';
import { verifyProof } from './proof/verify-proof.js';
import { verifyAuditLog } from './verify/verify-audit-log.js';

describe('tamper-evident audit log (integrity on)', () => {
  let db: MigratedDatabase;
  const keys = auditKeys();

  beforeAll(async () => {
    db = await openIntegrityDatabase();
    await writeChainedLog(db.database, keys, 2, 3_000);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('writes one linear chain per writer worker, and an untampered log verifies clean', async () => {
    const [chains] = await db.database.query<{ chains: number; events: number }>(
      'SELECT count(DISTINCT chain_id)::int AS chains, sum(event_count)::int AS events FROM auth.security_event_chain',
    );
    expect(chains?.events).toBe(6_000);
    expect(chains?.chains).toBeGreaterThanOrEqual(2);
    const result = await verifyAuditLog(db.database, {
      publicKey: keys.publicKey,
      commitKey: keys.commitKey,
    });
    expect(result).toMatchObject({ ok: true, events: 6_000, divergence: null });
    expect(result.checkpoints).toBeGreaterThanOrEqual(chains?.chains ?? 0);
  });

  it('reports progress per page of records, and stops without a verdict when aborted', async () => {
    const seen: number[] = [];
    const result = await verifyAuditLog(db.database, {
      publicKey: keys.publicKey,
      commitKey: keys.commitKey,
      onProgress: ({ events }) => seen.push(events),
    });
    expect(result.ok).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(6_000);

    const controller = new AbortController();
    const stopped = verifyAuditLog(db.database, {
      publicKey: keys.publicKey,
      commitKey: keys.commitKey,
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('operator pressed Ctrl-C')),
    });
    await expect(stopped).rejects.toThrow('operator pressed Ctrl-C');
    await expect(
      // @ts-expect-error a wrong type on purpose
      verifyAuditLog(db.database, { publicKey: keys.publicKey, commitKey: keys.commitKey, onProgress: 5 }),
    ).rejects.toThrow(/onProgress/);
  });

  it('proves an event offline in at most 1 KB, and a proof of a modified event fails', async () => {
    const [row] = await db.database.query<{ id: string }>(
      "SELECT id::text AS id FROM auth.security_events WHERE event_type = 'token_refresh' LIMIT 1",
    );
    const proof = await proveEvent(db.database, row!.id, { commitKey: keys.commitKey });
    const text = JSON.stringify(proof);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1024);
    expect(text).not.toMatch(/"u[0-4]"|203\.0\.113|agent\//); // personal data only as a commitment
    expect(verifyProof(JSON.parse(text), keys.publicKey)).toEqual({ valid: true });
    expect(verifyProof(JSON.parse(text), generateAuditKeyPair().publicKey).valid).toBe(false);
    const altered = JSON.parse(text);
    altered.event.metadata.n = -1;
    expect(verifyProof(altered, keys.publicKey).valid).toBe(false);

    await db.database.query("UPDATE auth.security_events SET event_type = 'logout' WHERE id = $1", [row!.id]);
    const fromModified = await proveEvent(db.database, row!.id, { commitKey: keys.commitKey });
    expect(verifyProof(fromModified, keys.publicKey)).toMatchObject({ valid: false });
    const result = await verifyAuditLog(db.database, {
      publicKey: keys.publicKey,
      commitKey: keys.commitKey,
    });
    expect(result.divergence).toMatchObject({ kind: 'modified_row', eventId: row!.id });
  });

  it('chains the rows the writer rewrites or splits (a user deleted before the write)', async () => {
    const service = new SecurityEventsService({
      database: db.database,
      logger: false,
      integrity: { commitKey: keys.commitKey, signingKey: keys.privateKey },
    });
    for (let i = 0; i < 50; i++)
      await service.logEvent({ eventType: 'logout', userId: i === 20 ? 'no-such-user' : 'u2' });
    await service.close();
    expect(service.stats()).toMatchObject({ written: 50, orphaned: 1 });
    const [orphan] = await db.database.query<{ id: string }>(
      "SELECT id::text AS id FROM auth.security_events WHERE metadata->>'unknownUserId' = 'no-such-user'",
    );
    const result = await verifyAuditLog(db.database, {
      publicKey: keys.publicKey,
      commitKey: keys.commitKey,
    });
    // Only the row modified by the previous test diverges: the split batch and the orphan verify.
    expect(result.divergence?.kind).toBe('modified_row');
    const proof = await proveEvent(db.database, orphan!.id, { commitKey: keys.commitKey });
    expect(verifyProof(proof, keys.publicKey)).toEqual({ valid: true });
  });

  it('refuses a bad integrity option by name, and leaves plain logs without chain records', async () => {
    expect(
      () =>
        new SecurityEventsService({
          database: db.database,
          integrity: { commitKey: 'short', signingKey: keys.privateKey },
        }),
    ).toThrow(/integrity\.commitKey/);
    expect(
      () =>
        new SecurityEventsService({
          database: db.database,
          // @ts-expect-error misspelt on purpose
          integrity: { commitKey: keys.commitKey, signingKey: keys.privateKey, checkpointInterval: 5 },
        }),
    ).toThrow(/checkpointIntervalMs/);
    expect(
      () =>
        new SecurityEventsService({
          database: db.database,
          integrity: { commitKey: keys.commitKey, signingKey: keys.publicKey },
        }),
    ).toThrow(/integrity\.signingKey/);
    const [before] = await db.database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM auth.security_event_chain',
    );
    const plain = new SecurityEventsService({ database: db.database, logger: false });
    await plain.logEvent({ eventType: 'logout', userId: 'u1' });
    await plain.close();
    const [after] = await db.database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM auth.security_event_chain',
    );
    expect(after?.n).toBe(before?.n);
  });
});
