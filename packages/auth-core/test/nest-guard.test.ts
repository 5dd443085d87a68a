import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import {
  Controller,
  Get,
  type INestApplication,
  Module,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { NestFactory } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthenticatedUser,
  CurrentUser,
  ManaAuthGuard,
  ManaAuthModule,
} from '../src/adapters/nest/index.js';
import type { AccessTokenRefusedEvent } from '../src/mana-hooks.js';
import { type AuthTestContext, BASE_PATH, PASSWORD, setupAuthTest } from './harness.js';
import { cookieHeader, sendFrom } from './loopback-client.js';

@Controller('api')
class MeController {
  @Get('me')
  me(@CurrentUser() user: AuthenticatedUser) {
    return { user };
  }
}

// APP_GUARD does not run for gateways: the guard is put on the gateway itself.
@WebSocketGateway()
@UseGuards(ManaAuthGuard)
class WhoAmIGateway {
  @SubscribeMessage('whoami')
  whoami(@CurrentUser() user: AuthenticatedUser) {
    return { email: user.email, via: user.via };
  }
}

class GraphqlResolver {
  me() {}
}

/** The factory behind a param decorator, as Nest calls it. */
function factoryOf(decorator: () => ParameterDecorator) {
  class Probe {
    probe(@decorator() _value: unknown) {}
  }
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Probe, 'probe') as Record<
    string,
    { factory: (data: unknown, ctx: ExecutionContextHost) => unknown }
  >;
  return Object.values(args)[0]!.factory;
}

let t: AuthTestContext;
let app: INestApplication;
let url: string;
let cookie: string;
let token: string;
let email: string;

const refused: AccessTokenRefusedEvent[] = [];

beforeAll(async () => {
  t = await setupAuthTest();
  // What the audit log is told about refused tokens (security-events implements the same hook).
  const onAccessTokenRefused = (event: AccessTokenRefusedEvent) => void refused.push(event);
  const recorder = { id: 'refusal-recorder', manaHooks: { onAccessTokenRefused } };
  const auth = t.makeAuth({ plugins: [recorder] });
  @Module({
    imports: [ManaAuthModule.forRoot({ auth, handler: auth.handler })],
    controllers: [MeController],
    providers: [WhoAmIGateway],
  })
  class AppModule {}
  app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  email = `nest-${Date.now()}@example.com`;
  const signUp = await sendFrom('127.0.0.1', `${url}${BASE_PATH}/sign-up/email`, {
    body: { email, password: PASSWORD, name: 'N' },
  });
  cookie = cookieHeader(signUp.setCookies);
  token = (
    (await sendFrom('127.0.0.1', `${url}${BASE_PATH}/token`, { headers: { cookie } })).body as {
      token: string;
    }
  ).token;
});
afterAll(async () => {
  await app?.close();
  await t.close();
});

describe('ManaAuthGuard over HTTP', () => {
  it('refuses without credentials and injects the user with them', async () => {
    expect(await sendFrom('127.0.0.1', `${url}/api/me`)).toMatchObject({
      status: 401,
      body: { error: { code: 'UNAUTHORIZED' } },
    });
    expect((await sendFrom('127.0.0.1', `${url}/api/me`, { headers: { cookie } })).body).toMatchObject({
      user: { email, via: 'session' },
    });
  });

  it('reports a refused Bearer token with its reason, method, path and socket address', async () => {
    refused.length = 0;
    const [h, p, sig] = token.split('.');
    const headers = { authorization: `Bearer ${h}.${p}x.${sig}`, 'user-agent': 'probe/2' };
    expect((await sendFrom('127.0.0.1', `${url}/api/me?x=1`, { headers })).status).toBe(401);
    expect(refused).toEqual([
      { reason: 'malformed', method: 'GET', path: '/api/me', ip: '127.0.0.1', userAgent: 'probe/2' },
    ]);
  });
});

describe('ManaAuthGuard on a Socket.IO gateway', () => {
  const connect = (headers: Record<string, string>) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = io(url, { transports: ['websocket'], extraHeaders: headers, reconnection: false });
      socket.on('connect', () => resolve(socket));
      socket.on('connect_error', reject);
    });

  it('answers a client whose handshake carried the session cookie or a Bearer token', async () => {
    for (const [headers, via] of [
      [{ cookie }, 'session'],
      [{ authorization: `Bearer ${token}` }, 'token'],
    ] as const) {
      const socket = await connect(headers);
      try {
        expect(await socket.timeout(5000).emitWithAck('whoami', {})).toEqual({ email, via });
      } finally {
        socket.disconnect();
      }
    }
  });

  it('refuses a client without credentials: no answer, an exception event', async () => {
    const socket = await connect({});
    try {
      const exception = new Promise((resolve) => socket.once('exception', resolve));
      await expect(socket.timeout(1500).emitWithAck('whoami', {})).rejects.toThrow();
      expect(await exception).toMatchObject({ status: 'error' });
    } finally {
      socket.disconnect();
    }
  });
});

describe('ManaAuthGuard on other context types', () => {
  const handler = GraphqlResolver.prototype.me;
  const context = (type: string, args: unknown[]) => {
    const host = new ExecutionContextHost(args, GraphqlResolver, handler);
    host.setType(type);
    return host;
  };

  it('authenticates a GraphQL operation from the request in the GraphQL context', async () => {
    const guard = app.get(ManaAuthGuard);
    const req: { headers: Record<string, string>; user?: AuthenticatedUser } = { headers: { cookie } };
    const host = context('graphql', [{}, {}, { req }, {}]);
    expect(await guard.canActivate(host)).toBe(true);
    expect(req.user).toMatchObject({ email, via: 'session' });
    expect(factoryOf(CurrentUser)(undefined, host)).toMatchObject({ email });
    // Yoga-style context: `request` with Fetch Headers.
    const request = { headers: new Headers({ authorization: `Bearer ${token}` }) };
    expect(await guard.canActivate(context('graphql', [{}, {}, { request }, {}]))).toBe(true);
  });

  it('refuses a GraphQL operation without credentials or without a request', async () => {
    const guard = app.get(ManaAuthGuard);
    await expect(
      guard.canActivate(context('graphql', [{}, {}, { req: { headers: {} } }, {}])),
    ).rejects.toThrow(UnauthorizedException);
    await expect(guard.canActivate(context('graphql', [{}, {}, {}, {}]))).rejects.toMatchObject({
      status: 401,
      response: { error: { message: expect.stringMatching(/no request headers in this graphql context/) } },
    });
  });

  it('refuses any context type it cannot authenticate, credentials or not', async () => {
    const guard = app.get(ManaAuthGuard);
    for (const type of ['rpc', 'kafka', 'something-new']) {
      const host = context(type, [{ headers: { cookie } }, { headers: { cookie } }]);
      await expect(guard.canActivate(host)).rejects.toMatchObject({
        status: 401,
        response: {
          error: {
            code: 'UNAUTHORIZED',
            message: expect.stringContaining(`cannot authenticate a "${type}"`),
          },
        },
      });
    }
  });
});
