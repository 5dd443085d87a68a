import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countEvents, insertUser, type MigratedDatabase, openMigratedDatabase } from '../../test/helpers.js';
import { SecurityEventsModule, SecurityEventsService } from '../nest.js';

// The spec's usage, as written: inject SecurityEventsService in a constructor and log.
@Injectable()
class AuthService {
  constructor(private securityEventsService: SecurityEventsService) {}

  async login(
    user: { id: string },
    request: { ip: string; headers: Record<string, string> },
    dto: { deviceId?: string; rememberMe?: boolean },
  ) {
    await this.securityEventsService.logEvent({
      userId: user.id,
      eventType: 'login_success',
      ipAddress: request.ip,
      userAgent: request.headers['user-agent'],
      metadata: {
        deviceId: dto.deviceId,
        rememberMe: dto.rememberMe,
      },
    });
  }
}
describe('SecurityEventsModule', () => {
  let db: MigratedDatabase;
  beforeAll(async () => {
    db = await openMigratedDatabase();
    await insertUser(db.database, 'nest-user');
  });
  afterAll(() => db.close());

  it('lets a service inject SecurityEventsService as the spec shows, and writes on shutdown', async () => {
    @Module({ providers: [AuthService] })
    class FeatureModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [
        SecurityEventsModule.forRoot({ database: db.database, logger: false, flushIntervalMs: 60_000 }),
        FeatureModule,
      ],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    await app
      .get(AuthService)
      .login(
        { id: 'nest-user' },
        { ip: '203.0.113.5', headers: { 'user-agent': 'NestClient/1' } },
        { deviceId: 'dev-9', rememberMe: false },
      );
    expect(app.get(SecurityEventsService).stats().queued).toBe(1);
    const storedIp = app.get(SecurityEventsService).storedIpAddress('203.0.113.5');
    await app.close();
    const rows = await db.database.query(
      "SELECT user_id, event_type, ip_address, user_agent, metadata FROM auth.security_events WHERE user_id = 'nest-user'",
    );
    expect(rows).toEqual([
      {
        user_id: 'nest-user',
        event_type: 'login_success',
        ip_address: storedIp,
        user_agent: 'NestClient/1',
        metadata: { deviceId: 'dev-9', rememberMe: false },
      },
    ]);
    expect(
      await app.get(SecurityEventsService).logEvent({ eventType: 'logout', userId: 'nest-user' }),
    ).toEqual({
      queued: false,
      reason: 'closed',
    });
  });

  it('builds the service from other providers with forRootAsync', async () => {
    const DATABASE = Symbol('DATABASE');
    @Module({ providers: [{ provide: DATABASE, useValue: db.database }], exports: [DATABASE] })
    class DatabaseModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [
        SecurityEventsModule.forRootAsync({
          imports: [DatabaseModule],
          inject: [DATABASE],
          useFactory: async (database: MigratedDatabase['database']) => ({ database, logger: false }),
        }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    const service = app.get(SecurityEventsService);
    expect(service).toBeInstanceOf(SecurityEventsService);
    await service.logEvent({ eventType: 'token_refresh', userId: 'nest-user' });
    await app.close();
    expect(await countEvents(db.database, 'token_refresh')).toBe(1);
  });

  it('refuses bad options when the module starts, naming the option', async () => {
    const moduleRef = Test.createTestingModule({
      imports: [SecurityEventsModule.forRoot({ database: db.database, batchSize: -1 })],
    });
    await expect(moduleRef.compile()).rejects.toThrow(/Invalid option batchSize: -1/);
  });

  it('refuses unknown module options at once, naming forRoot or forRootAsync', () => {
    expect(() => SecurityEventsModule.forRoot({ database: db.database, globl: false } as never)).toThrow(
      'Invalid option globl: not an option of SecurityEventsModule.forRoot. Did you mean "global"?',
    );
    expect(() =>
      SecurityEventsModule.forRootAsync({
        useFactory: () => ({ database: db.database }),
        injects: [],
      } as never),
    ).toThrow(
      'Invalid option injects: not an option of SecurityEventsModule.forRootAsync. Did you mean "inject"?',
    );
  });
});
