import { createDatabase, type ManaDatabase, migrate } from '@mana/auth-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateSecurityEvents } from '../schema/migrate-security-events.js';
import { securityEventsMigrations } from '../schema/migrations.generated.js';
import { SecurityEventsService } from './security-events-service.js';

// The embedded database the examples run on by default (PGlite through auth-core's
// createDatabase): the same writes, queries, purge and migrations as on a PostgreSQL server.
describe('on embedded PGlite', () => {
  let database: ManaDatabase;
  let service: SecurityEventsService;
  beforeAll(async () => {
    database = await createDatabase('memory://');
    await migrate(database, {
      include: [{ package: '@mana/security-events', migrations: securityEventsMigrations }],
    });
    await database.query("INSERT INTO auth.users (id, name, email) VALUES ('u1', 'U', 'u1@example.test')");
    service = new SecurityEventsService({ database, logger: false, batchSize: 100 });
  });
  afterAll(async () => {
    await service.close();
    await database.close();
  });

  it('writes 1,000 concurrent events exactly once, sanitised', async () => {
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        service.logEvent({
          eventType: 'token_refresh',
          userId: 'u1',
          ipAddress: '::ffff:203.0.113.4',
          userAgent: 'Agent\r\n/1',
          metadata: { i, token: 'secret-token' },
        }),
      ),
    );
    await service.flush();
    const [row] = await database.query<{ n: number; distinct: number }>(
      "SELECT count(*)::int AS n, count(DISTINCT metadata->>'i')::int AS distinct FROM auth.security_events",
    );
    expect(row).toEqual({ n: 1000, distinct: 1000 });
    const [recent] = await service.recentForUser('u1', { limit: 1 });
    expect(recent).toMatchObject({
      ipAddress: service.storedIpAddress('203.0.113.4'),
      userAgent: 'Agent/1',
      metadata: { i: 999, token: '[REDACTED]' },
    });
  });

  it('answers the queries and purges', async () => {
    await service.logEvent({ eventType: 'login_failure', metadata: { reason: 'invalid_credentials' } });
    await service.logEvent({
      eventType: 'logout',
      userId: 'u1',
      occurredAt: new Date(Date.now() - 100 * 86_400_000),
    });
    await service.flush();
    expect(await service.failuresSince('login_failure', '24h')).toHaveLength(1);
    const first = await service.query({ userId: 'u1', limit: 600 });
    const second = await service.query({ userId: 'u1', limit: 600, cursor: first.nextCursor });
    expect(first.events.length + second.events.length).toBe(1001);
    expect(second.nextCursor).toBeNull();
    expect(await service.purgeOlderThan('90d')).toMatchObject({ deleted: 1, complete: true });
  });

  it('migrates a fresh PGlite without auth-core through its transaction', async () => {
    const bare = await createDatabase('memory://');
    try {
      expect(await migrateSecurityEvents(bare, { userForeignKey: false })).toEqual({
        applied: ['@mana/security-events/0000_security_events'],
      });
      expect(await migrateSecurityEvents(bare, { userForeignKey: false })).toEqual({ applied: [] });
    } finally {
      await bare.close();
    }
  });
});
