import { describeWithServer } from '../needs-server.js';
import type { StartServer } from '../start.js';
import { describeExposureAttacks } from './exposure.js';
import { describePublicEndpointAttacks } from './public-endpoints.js';
import { describeRateLimitHeaderAttacks } from './rate-limit-headers.js';
import type { AttackSetup } from './target.js';
import { describeTokenMalleabilityAttacks } from './token-malleability.js';

export type { AttackSetup, AttackTarget } from './target.js';
export { startAttackTarget } from './target.js';

/**
 * Every attack class from docs/security.md, run against one example server over real HTTP: once
 * on PostgreSQL alone and once with Redis. Each class starts its own server on a fresh database,
 * so one class's lockouts or limits never leak into another's.
 */
export function describeAttackSuite(name: string, start: StartServer, options: { redis: boolean }): void {
  const setup: AttackSetup = { name, start, redis: options.redis };
  describeWithServer(`${name} attacks (${options.redis ? 'PostgreSQL + Redis' : 'PostgreSQL'})`, () => {
    // Each attack class registers itself here, one line per class (see docs/security.md).
    void setup;
    describeExposureAttacks(setup);
    describeRateLimitHeaderAttacks(setup);
    describeTokenMalleabilityAttacks(setup);
    describePublicEndpointAttacks(setup);
  });
}
