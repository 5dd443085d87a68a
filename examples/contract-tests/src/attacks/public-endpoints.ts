import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../http-client.js';
import { AUTH, countQueries } from './attack-helpers.js';
import { type AttackSetup, type AttackTarget, startAttackTarget } from './target.js';

const CALLS = 40;

/**
 * Anonymous callers of the public endpoints cannot make the server work per request: `/jwks` is
 * served from memory with validators, `/health` shares one database probe among callers.
 */
export function describePublicEndpointAttacks(setup: AttackSetup): void {
  describe('public endpoints: /jwks from memory, /health with bounded database work', () => {
    let target: AttackTarget;
    beforeAll(async () => {
      target = await startAttackTarget(setup);
    }, 60_000);
    afterAll(() => target?.stop());

    it('serves /jwks with Cache-Control, a strong ETag and 304 for If-None-Match', async () => {
      const client = new Client(target.url);
      const first = await client.request('GET', `${AUTH}/jwks`);
      expect(first.status).toBe(200);
      expect(first.body.keys.length).toBeGreaterThan(0);
      expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
      const revalidated = await client.request('GET', `${AUTH}/jwks`, {
        headers: { 'if-none-match': etag! },
      });
      expect(revalidated.status).toBe(304);
      expect(revalidated.text).toBe('');
      expect(revalidated.headers.get('etag')).toBe(etag);
      const stale = await client.request('GET', `${AUTH}/jwks`, { headers: { 'if-none-match': '"other"' } });
      expect(stale.status).toBe(200);
      expect(stale.body).toEqual(first.body);
    });

    it(`answers ${CALLS} anonymous /jwks calls without reading the key table`, async () => {
      await new Client(target.url).request('GET', `${AUTH}/jwks`); // warm
      const reads = await countQueries(
        target.services.database,
        (sql) => /jwks/i.test(sql),
        () =>
          Promise.all(
            Array.from({ length: CALLS }, () => new Client(target.url).request('GET', `${AUTH}/jwks`)),
          ),
      );
      expect(reads).toBe(0);
    });

    it(`answers ${CALLS} anonymous /health calls with at most 2 database probes`, async () => {
      const statuses: number[] = [];
      const probes = await countQueries(
        target.services.database,
        (sql) => sql.trim() === 'SELECT 1',
        async () => {
          for (let i = 0; i < CALLS; i += 10) {
            const batch = Array.from({ length: 10 }, () =>
              new Client(target.url).request('GET', `${AUTH}/health`),
            );
            for (const result of await Promise.all(batch)) statuses.push(result.status);
          }
        },
      );
      expect(statuses.every((status) => status === 200)).toBe(true);
      expect(probes).toBeGreaterThanOrEqual(0);
      expect(probes).toBeLessThanOrEqual(2);
    });
  });
}
