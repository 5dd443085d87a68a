import { describeWithServer } from '../needs-server.js';
import type { StartServer } from '../start.js';
import { describeAuditCoverageAttacks } from './audit-coverage.js';
import { describeAuditFloodAttacks } from './audit-flood.js';
import { describeAuditPrivacyAttacks } from './audit-privacy.js';
import { describeExposureAttacks } from './exposure.js';
import { describeFuzzAttacks } from './fuzz.js';
import { describeHttpEdgeAttacks } from './http-edge.js';
import { describeLockoutAttacks } from './lockout.js';
import { describeProductionMailAttacks } from './production-mail.js';
import { describePublicEndpointAttacks } from './public-endpoints.js';
import { describeRateLimitHeaderAttacks } from './rate-limit-headers.js';
import { describeSessionAttacks } from './sessions.js';
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
    describeProductionMailAttacks(setup);
    describeLockoutAttacks(setup);
    describeSessionAttacks(setup);
    describeAuditFloodAttacks(setup);
    describeAuditPrivacyAttacks(setup);
    describeAuditCoverageAttacks(setup);
    describeHttpEdgeAttacks(setup);
    describeFuzzAttacks(setup);
    void setup;
    describeExposureAttacks(setup);
    describeRateLimitHeaderAttacks(setup);
    describeTokenMalleabilityAttacks(setup);
    describePublicEndpointAttacks(setup);
  });
}
