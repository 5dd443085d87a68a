import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigratedDatabase, openMigratedDatabase } from '../../test/helpers.js';
import { SecurityEventsService } from '../service/security-events-service.js';

const KEY = 'privacy-test-key-0123456789';

describe('privacy defaults: emails and IP addresses', () => {
  let db: MigratedDatabase;
  const services: SecurityEventsService[] = [];
  const open = (options: Partial<ConstructorParameters<typeof SecurityEventsService<never>>[0]> = {}) => {
    const service = new SecurityEventsService<never>({ database: db.database, logger: false, ...options });
    services.push(service);
    return service;
  };
  const logFailure = async (service: SecurityEventsService, email: string, ip: string) => {
    service.record({
      eventType: 'login_failure',
      ipAddress: ip,
      metadata: { reason: 'invalid_credentials', email, clientIpAddress: ip },
    });
    await service.flush();
  };
  const rowsAsText = async () =>
    (await db.database.query<{ row: string }>('SELECT s::text AS row FROM auth.security_events s')).map(
      (r) => r.row,
    );

  beforeAll(async () => {
    db = await openMigratedDatabase();
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.close()));
    await db.close();
  });

  it('stores keyed pseudonyms by default: no raw email or IP in any column, one address still correlates', async () => {
    await db.database.query('DELETE FROM auth.security_events');
    const service = open({ privacy: { hashKey: KEY } });
    await logFailure(service, ' Ada@Example.COM ', '::ffff:203.0.113.77');
    await logFailure(service, 'ada@example.com', '203.0.113.77');
    const text = (await rowsAsText()).join('\n');
    expect(text).not.toMatch(/ada@example\.com/i);
    expect(text).not.toContain('203.0.113.77');
    const page = await service.query({ email: 'ADA@example.com', ipAddress: '203.0.113.77' });
    expect(page.events).toHaveLength(2);
    const [event] = page.events;
    expect(event?.ipAddress).toMatch(/^hmac:[A-Za-z0-9_-]{22}$/);
    expect(event?.metadata).toMatchObject({
      email: service.storedEmail('ada@example.com'),
      clientIpAddress: event?.ipAddress,
    });
    // Another key (another deployment) gives other pseudonyms: a guess cannot be tested without it.
    const other = open({ privacy: { hashKey: `${KEY}-other` } });
    expect(other.storedIpAddress('203.0.113.77')).not.toBe(event?.ipAddress);
    expect((await other.query({ ipAddress: '203.0.113.77' })).events).toEqual([]);
  });

  it('without a configured key, a random one still keeps raw values out', async () => {
    const service = open();
    expect(service.storedEmail('bob@example.com')).toMatch(/^hmac:/);
    expect(service.storedIpAddress('192.0.2.1')).toMatch(/^hmac:/);
    expect(open().storedIpAddress('192.0.2.1')).not.toBe(service.storedIpAddress('192.0.2.1'));
  });

  it('stores raw values, prefixes or nothing only when opted into by name', async () => {
    await db.database.query('DELETE FROM auth.security_events');
    const raw = open({ privacy: { emails: 'raw', ipAddresses: 'raw' } });
    await logFailure(raw, 'Eve@Example.com', '198.51.100.9');
    expect((await raw.query({ email: 'eve@example.com', ipAddress: '198.51.100.9' })).events).toMatchObject([
      { ipAddress: '198.51.100.9', metadata: { email: 'eve@example.com' } },
    ]);
    const truncated = open({ privacy: { emails: 'omit', ipAddresses: 'truncate' } });
    await logFailure(truncated, 'mallory@example.com', '198.51.100.200');
    const [row] = (await truncated.query({ ipAddress: '198.51.100.1' })).events; // same /24
    expect(row?.ipAddress).toBe('198.51.100.0');
    expect(row?.metadata).not.toHaveProperty('email');
    await expect(truncated.query({ email: 'mallory@example.com' })).rejects.toThrow(/privacy\.emails/);
    await expect(raw.query({ ipAddress: 'not-an-ip' })).rejects.toThrow(
      /Invalid query: ipAddress must be an IPv4 or IPv6 address/,
    );
  });

  it('validates the privacy option', () => {
    const make = (privacy: object) => () => new SecurityEventsService({ database: db.database, privacy });
    expect(make({ emails: 'plain' })).toThrow(
      /Invalid option privacy\.emails: "plain"\. Use 'hash', 'omit', 'raw'/,
    );
    expect(make({ hashKey: 'tiny-secret' })).toThrow(/privacy\.hashKey.*at least 16 characters/);
    expect(make({ hashKey: 'tiny-secret' })).not.toThrow(/tiny-secret/); // the secret is never echoed
    expect(make({ ipAddress: 'raw' })).toThrow(/Did you mean "ipAddresses"/);
  });
});
