import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../http-client.js';
import { type AttackSetup, type AttackTarget, startAttackTarget } from './target.js';

const AUTH = '/api/v1/auth';
const PASSWORD = 'SecurePassword123!';
const WRONG = { password: 'wrong-password-1' };

interface RefusalRow extends Record<string, unknown> {
  ip_address: string | null;
  metadata: { path?: string; count?: number; firstSeen?: string; lastSeen?: string };
}

/**
 * Audit flooding: a 429 costs the attacker nothing, so refusals must not cost the log a row
 * each, and a flood of cheap events must not push a genuine sign-in out of the writer's queue.
 * The target runs with a tight sign-in limit; the queue test starts its own with a 2 KiB audit
 * queue (refusal rows counted there could themselves be dropped by that tiny queue).
 */
export function describeAuditFloodAttacks(setup: AttackSetup): void {
  describe('audit flooding', () => {
    let target: AttackTarget;
    beforeAll(async () => {
      target = await startAttackTarget(setup, { RATE_LIMIT_SIGN_IN: '2/60' });
    }, 60_000);
    afterAll(() => target?.stop());

    it('hammering a limited route far past its limit leaves one row per client and minute, with the count', async () => {
      const attackers = [new Client(target.url), new Client(target.url)];
      const statuses = await Promise.all(
        attackers.map(async (attacker) => {
          const seen: number[] = [];
          for (let i = 0; i < 20; i++) {
            const reply = await attacker.request('POST', `${AUTH}/login`, {
              json: { email: 'victim@example.com', ...WRONG },
            });
            seen.push(reply.status);
          }
          return seen;
        }),
      );
      for (const seen of statuses) expect(seen).toEqual([401, 401, ...Array(18).fill(429)]);
      await target.services.audit.flush();
      const audit = target.services.audit;
      for (const attacker of attackers) {
        const ip = audit.storedIpAddress(attacker.ip);
        const rows = await target.services.database.query<RefusalRow>(
          'SELECT event_type, ip_address, metadata FROM auth.security_events WHERE ip_address = $1',
          [ip],
        );
        // 2 failed sign-ins + the refusals: one row per clock minute the 18 refusals spanned
        // (usually 1), each holding that minute's count.
        const refusals = rows.filter((r) => r.event_type === 'rate_limited');
        expect(rows.filter((r) => r.event_type === 'login_failure')).toHaveLength(2);
        expect(rows).toHaveLength(2 + refusals.length);
        const minuteOf = (iso: string | undefined) => Math.floor(Date.parse(String(iso)) / 60_000);
        const minutes = refusals.map((r) => minuteOf(r.metadata.firstSeen));
        expect(new Set(minutes).size).toBe(refusals.length);
        expect(refusals.every((r) => minuteOf(r.metadata.lastSeen) === minuteOf(r.metadata.firstSeen))).toBe(
          true,
        );
        expect(refusals.reduce((sum, r) => sum + Number(r.metadata.count), 0)).toBe(18);
        expect(refusals.every((r) => r.metadata.path === '/sign-in/email')).toBe(true);
      }
    });

    it('a genuine sign-in is still written while failed sign-ins fill the audit queue', async () => {
      const tiny = await startAttackTarget(setup, {
        RATE_LIMIT_SIGN_IN: '2/60',
        AUDIT_MAX_QUEUE_BYTES: '2048',
      });
      try {
        await genuineSignInSurvives(tiny);
      } finally {
        await tiny.stop();
      }
    });
  });
}

/** Fills the target's (tiny) audit queue with failed sign-ins while the database stalls. */
async function genuineSignInSurvives(tiny: AttackTarget): Promise<void> {
  const victim = new Client(tiny.url);
  const email = `flood-victim-${Date.now()}@example.com`;
  const registered = await victim.request('POST', `${AUTH}/register`, {
    json: { email, password: PASSWORD, name: 'Victim' },
  });
  expect(registered.status).toBe(201);
  const userId = registered.body.user.id as string;
  await tiny.services.audit.flush();
  const before = tiny.services.audit.stats().droppedByClass;
  // The database stalls (a lock on the table): nothing is written, so the queue fills up.
  let release = () => {};
  let locked = () => {};
  const lockHeld = new Promise<void>((resolve) => (locked = resolve));
  const lock = tiny.services.database.transaction(async (query) => {
    await query('LOCK TABLE auth.security_events IN EXCLUSIVE MODE');
    locked();
    await new Promise<void>((resolve) => (release = resolve));
  });
  await lockHeld;
  try {
    // 8 failed sign-ins from 4 addresses (2 each: the limit) overfill the 1.5 KiB low-value
    // share (about 4 rows of ~340 bytes).
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        const attacker = new Client(tiny.url);
        for (let i = 0; i < 2; i++) {
          const reply = await attacker.request('POST', `${AUTH}/login`, { json: { email, ...WRONG } });
          expect(reply.status).toBe(401);
        }
      }),
    );
    const flooded = tiny.services.audit.stats().droppedByClass;
    expect(flooded.low - before.low).toBeGreaterThan(0);
    const login = await victim.request('POST', `${AUTH}/login`, { json: { email, password: PASSWORD } });
    expect(login.status).toBe(200);
    expect(tiny.services.audit.stats().droppedByClass.high).toBe(before.high);
  } finally {
    release();
    await lock;
  }
  await tiny.services.audit.flush();
  const rows = await tiny.services.database.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM auth.security_events WHERE user_id = $1 AND event_type = 'login_success'",
    [userId],
  );
  expect(rows).toEqual([{ n: 1 }]);
}
