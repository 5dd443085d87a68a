import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../http-client.js';
import { type AttackSetup, type AttackTarget, startAttackTarget } from './target.js';

const AUTH = '/api/v1/auth';
const PASSWORD = 'SecurePassword123!';

/**
 * Audit privacy: whoever reads the audit table (a support tool, a leaked backup) learns no email
 * address and no client IP, yet one address's rows still correlate; old rows are purged on a
 * schedule. The target purges every second with the default 90-day retention.
 */
export function describeAuditPrivacyAttacks(setup: AttackSetup): void {
  describe('audit privacy', () => {
    let target: AttackTarget;
    beforeAll(async () => {
      target = await startAttackTarget(setup, { AUDIT_PURGE_INTERVAL_SECONDS: '1' });
    }, 60_000);
    afterAll(() => target?.stop());

    it('no raw email or client IP appears anywhere in the audit rows after sign-up, login and failures', async () => {
      const client = new Client(target.url);
      const email = `Privacy.${setup.name}.${Date.now()}@Example.com`;
      const ghost = `ghost.${Date.now()}@example.com`;
      const steps: Array<[string, Record<string, unknown>, number]> = [
        ['/register', { email, password: PASSWORD, name: 'P' }, 201],
        ['/login', { email, password: PASSWORD }, 200],
        ['/login', { email, password: 'wrong-password-1' }, 401],
        ['/login', { email: ghost, password: 'wrong-password-1' }, 401],
        ['/password/forgot', { email }, 202],
      ];
      for (const [path, json, status] of steps) {
        expect((await client.request('POST', `${AUTH}${path}`, { json })).status, path).toBe(status);
      }
      await target.services.audit.flush();
      const rows = await target.services.database.query<{ row: string }>(
        'SELECT s::text AS row FROM auth.security_events s',
      );
      const text = rows.map((r) => r.row).join('\n');
      expect(rows.length).toBeGreaterThanOrEqual(5);
      for (const secret of [email.toLowerCase(), ghost, client.ip])
        expect(text.toLowerCase()).not.toContain(secret);
      // Investigators still find one address's rows, by its pseudonym.
      const audit = target.services.audit;
      const byEmail = await audit.query({ email });
      expect(byEmail.events.map((e) => e.eventType).sort()).toEqual([
        'login_failure',
        'password_reset_requested',
      ]);
      const byIp = await audit.query({ ipAddress: client.ip });
      expect(byIp.events.length).toBeGreaterThanOrEqual(5);
      expect(byIp.events.every((e) => e.ipAddress?.startsWith('hmac:'))).toBe(true);
    });

    it('the scheduled retention purge deletes rows older than the retention and keeps recent ones', async () => {
      const { database } = target.services;
      const insert = (days: number) =>
        database.query(
          `INSERT INTO auth.security_events (id, event_type, created_at, metadata)
           VALUES (gen_random_uuid(), 'logout', now() - make_interval(days => $1), $2) RETURNING id::text`,
          [days, JSON.stringify({ retentionProbe: days })],
        );
      await insert(91);
      await insert(89);
      const probes = () =>
        database
          .query<{ days: number }>(
            "SELECT (metadata->>'retentionProbe')::int AS days FROM auth.security_events WHERE metadata ? 'retentionProbe'",
          )
          .then((r) => r.map((row) => row.days));
      await expect.poll(probes, { timeout: 5_000, interval: 100 }).toEqual([89]);
    });
  });
}
