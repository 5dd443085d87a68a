import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createTestDatabase,
  installTarballs,
  lintPackedPackage,
  packPackage,
  type TestDatabase,
  typesReferencingInternal,
} from '@mana/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

// A consumer without @mana/auth-core: create the table, log through the service, read it back,
// and check that the three entry points share one copy of each class: the /nest
// SecurityEventsService is the root one, and an error thrown by /better-auth is an instance of
// the root SecurityEventsError. With integrity on, the hashes come from the hash worker shipped in
// the tarball (no `integrity_worker_unavailable` warning), the log verifies clean and the worker
// does not keep the process alive after close.
const scenario = (imports: string) => `${imports}
async function main() {
  if (NestService !== SecurityEventsService) throw new Error('nest entry has its own SecurityEventsService');
  if (typeof securityEvents !== 'function' || typeof SecurityEventsModule.forRoot !== 'function') throw new Error('missing export');
  const pool = new pg.Pool({ connectionString: process.env.CONSUMER_DATABASE_URL });
  const { applied } = await migrateSecurityEvents(pool, { userForeignKey: false });
  const service = new SecurityEventsService({ database: pool, logger: false });
  await service.logEvent({ eventType: 'login_success', userId: 'u1', ipAddress: '203.0.113.1', metadata: { password: 'x' } });
  await service.logEvent({ eventType: 'login_failure', metadata: { reason: 'invalid_credentials' } });
  let invalid = '';
  try { securityEvents(service, { email: { hashKey: 'short' } }); } catch (error) { invalid = error instanceof SecurityEventsError ? error.code : 'other'; }
  await service.close();
  const events = await service.recentForUser('u1');
  await migrateAuditIntegrity(pool);
  const keys = generateAuditKeyPair();
  const commitKey = 'a commit key of at least 32 bytes!';
  const logged = [];
  const chained = new SecurityEventsService({ database: pool, logger: (entry) => logged.push(entry.event), integrity: { commitKey, signingKey: keys.privateKey } });
  for (let i = 0; i < 1200; i++) await chained.logEvent({ eventType: 'login_success', userId: 'u2', ipAddress: '203.0.113.2', metadata: { email: 'u2@example.com', i } });
  await chained.close();
  const verified = await verifyAuditLog(pool, { publicKey: keys.publicKey, commitKey, checkUnchainedRows: false });
  await pool.end();
  const pseudonym = service.storedIpAddress('203.0.113.1');
  console.log(JSON.stringify({ applied, invalid, pseudonym, events: events.map((e) => [e.eventType, e.ipAddress, e.metadata]), chained: { ok: verified.ok, events: verified.events, logged } }));
}
main().catch((error) => { console.error(error); process.exit(1); });
`;

describe('packed tarball', () => {
  let tarball: string;
  let database: TestDatabase;
  beforeAll(async () => {
    tarball = packPackage(packageDir);
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('passes publint and @arethetypeswrong/cli', () => {
    const lint = lintPackedPackage(packageDir, tarball);
    expect(lint.publint).toMatch(/All good!/);
    expect(lint.attwProblems).toEqual([]);
  }, 120_000);

  for (const type of ['module', 'commonjs'] as const) {
    it(`installs into a fresh ${type} project outside the workspace and works there`, async () => {
      const fresh = await createTestDatabase();
      try {
        const imports =
          type === 'module'
            ? [
                "import pg from 'pg';",
                "import { SecurityEventsService, SecurityEventsError, migrateSecurityEvents, migrateAuditIntegrity, generateAuditKeyPair, verifyAuditLog } from '@mana/security-events';",
                "import { securityEvents } from '@mana/security-events/better-auth';",
                "import { SecurityEventsModule, SecurityEventsService as NestService } from '@mana/security-events/nest';",
              ].join('\n')
            : [
                "require('reflect-metadata');",
                "const pg = require('pg');",
                "const { SecurityEventsService, SecurityEventsError, migrateSecurityEvents, migrateAuditIntegrity, generateAuditKeyPair, verifyAuditLog } = require('@mana/security-events');",
                "const { securityEvents } = require('@mana/security-events/better-auth');",
                "const { SecurityEventsModule, SecurityEventsService: NestService } = require('@mana/security-events/nest');",
              ].join('\n');
        const project = installTarballs([tarball], type, { 'main.js': scenario(imports) }, [
          'pg@8.23.1',
          'better-auth@1.7.17',
          '@nestjs/common@11.2.10',
          'reflect-metadata@0.2.2',
          'rxjs@7.8.2',
        ]);
        const result = JSON.parse(project.run('main.js', { CONSUMER_DATABASE_URL: fresh.url }));
        expect(result.pseudonym).toMatch(/^hmac:[A-Za-z0-9_-]{22}$/); // the IP is pseudonymised by default
        expect(result).toEqual({
          applied: ['@mana/security-events/0000_security_events'],
          invalid: 'INVALID_OPTION',
          pseudonym: result.pseudonym,
          events: [['login_success', result.pseudonym, { password: '[REDACTED]' }]],
          chained: { ok: true, events: 1200, logged: [] },
        });
        expect(
          typesReferencingInternal(join(project.dir, 'node_modules/@mana/security-events/dist')),
        ).toEqual([]);
      } finally {
        await fresh.close();
      }
    }, 300_000);
  }
});
