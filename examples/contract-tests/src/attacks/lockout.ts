import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, nextLoopbackAddress } from '../http-client.js';
import { type AttackSetup, type AttackTarget, startAttackTarget } from './target.js';

const AUTH = '/api/v1/auth';
const PASSWORD = 'SecurePassword123!';
const WRONG = 'Wrong-Password-123';
const SECRET = 'contract-suite-secret-of-at-least-32-bytes!';
const ATTACKERS = 10;
const FAILURES_EACH = 20;

interface LockRow {
  event_type: string;
  user_id: string | null;
  metadata: Record<string, unknown> | null;
}

/** The device cookie (`name=value`) a client's jar holds, as a Cookie header fragment. */
function deviceCookie(client: Client): string {
  const headers = new Headers();
  client.jar.applyTo(headers);
  const found = (headers.get('cookie') ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => /^(__Host-)?mana-auth\.device\./.test(part));
  if (!found) throw new Error('the client holds no device cookie');
  return found;
}

/**
 * Account lockout as a weapon (OWASP device cookies): strangers' failed sign-ins must not lock the
 * owner's browser out, while unknown devices stay limited and every lock is audited with its scope.
 * The per-IP sign-in limiter is raised so that the lockout, not the limiter, answers the attack.
 */
export function describeLockoutAttacks(setup: AttackSetup): void {
  describe('account lockout as a weapon', () => {
    let target: AttackTarget | undefined;
    const run = `${setup.name}-${setup.redis ? 'redis' : 'pg'}-${Date.now()}`;
    const login = (client: Client, email: string, password: string, cookie?: string) =>
      client.request('POST', `${AUTH}/login`, {
        json: { email, password },
        ...(cookie ? { headers: { cookie } } : {}),
      });

    async function account(label: string): Promise<{ email: string; id: string; device: Client }> {
      const email = `lockout-${label}-${run}@example.com`;
      const device = new Client(target!.url);
      const register = await device.request('POST', `${AUTH}/register`, {
        json: { email, password: PASSWORD, name: label },
      });
      expect(register.status).toBe(201);
      expect((await login(device, email, PASSWORD)).status).toBe(200);
      return { email, id: register.body.user.id as string, device };
    }

    async function lockRows(userId: string): Promise<LockRow[]> {
      await target!.services.audit.flush();
      return target!.services.database.query<LockRow & Record<string, unknown>>(
        `SELECT event_type, user_id, metadata FROM auth.security_events
         WHERE user_id = $1 AND event_type = 'account_locked' ORDER BY created_at`,
        [userId],
      );
    }

    /** With unknown devices locked out of `victim`: only the genuine device cookie lets its owner in. */
    async function expectNoForgedBypass(victim: { email: string; device: Client }) {
      const mallory = await account('mallory');
      const own = deviceCookie(mallory.device);
      const malloryValue = own.split('=')[1]!;
      const [victimName, victimValue] = deviceCookie(victim.device).split('=') as [string, string];
      const [user, nonce, signature] = victimValue.split('.') as [string, string, string];
      const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
      // Another account's valid cookie, that cookie renamed to the victim's, a tampered signature.
      const forgeries = [own, `${victimName}=${malloryValue}`, `${victimName}=${user}.${nonce}.${flipped}`];
      for (const cookie of forgeries) {
        const res = await login(new Client(target!.url), victim.email, PASSWORD, cookie);
        expect(res.status, cookie).toBe(429);
      }
      expect((await login(victim.device, victim.email, PASSWORD)).status).toBe(200);
    }

    beforeAll(async () => {
      target = await startAttackTarget(setup, { RATE_LIMIT_SIGN_IN: '1000/60' });
    }, 60_000);
    afterAll(() => target?.stop());

    it('lets the owner with a device cookie sign in during 200 failures from 10 addresses; unknown and forged devices stay locked', async () => {
      const victim = await account('victim');
      const attackers = Array.from(
        { length: ATTACKERS },
        () => new Client(target!.url, nextLoopbackAddress()),
      );
      const statuses: number[] = [];
      const attack = Promise.all(
        attackers.map(async (attacker) => {
          for (let i = 0; i < FAILURES_EACH; i++)
            statuses.push((await login(attacker, victim.email, WRONG)).status);
        }),
      );
      // The owner signs in while the attack runs: after each further quarter of it.
      const owner: number[] = [];
      for (const mark of [50, 100, 150]) {
        await expect
          .poll(() => statuses.length, { timeout: 60_000, interval: 20 })
          .toBeGreaterThanOrEqual(mark);
        owner.push((await login(victim.device, victim.email, PASSWORD)).status);
      }
      await attack;
      owner.push((await login(victim.device, victim.email, PASSWORD)).status);
      expect(statuses).toHaveLength(200);
      expect(new Set(statuses)).toEqual(new Set([401, 429]));
      expect(owner).toEqual([200, 200, 200, 200]);
      // An unknown device with the right password is still refused: the distributed attack is held off.
      const stranger = await login(new Client(target!.url), victim.email, PASSWORD);
      expect(stranger.status).toBe(429);
      expect(stranger.body.error.code).toBe('ACCOUNT_TEMPORARILY_LOCKED');
      expect(Number(stranger.headers.get('retry-after'))).toBeGreaterThan(0);
      // Each lock is audited with its scope, and the owner's device was never locked.
      const rows = await lockRows(victim.id);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.metadata?.scope === 'unknown-devices')).toBe(true);
      const text = JSON.stringify(rows);
      expect(text).not.toContain(deviceCookie(victim.device).split('=')[1]!);
      expect(text).not.toContain(SECRET);
      await expectNoForgedBypass(victim);
    }, 90_000);

    it('locks a device by its own failures, audited with scope device, without locking anyone else', async () => {
      const victim = await account('device');
      const thief = victim.device.clone();
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await login(thief, victim.email, WRONG)).status);
      expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
      expect(statuses[10]).toBe(429);
      expect((await login(thief, victim.email, PASSWORD)).status).toBe(429);
      const rows = await lockRows(victim.id);
      expect(rows.map((row) => row.metadata?.scope)).toEqual(['device']);
      // The device's failures are its own: an unknown device is not locked by them.
      expect((await login(new Client(target!.url), victim.email, PASSWORD)).status).toBe(200);
    }, 30_000);
  });
}
