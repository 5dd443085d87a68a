import 'reflect-metadata';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { startServer } from '@mana/test-utils';
import {
  Controller,
  Get,
  Header,
  HttpCode,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  Post,
  Redirect,
  Res,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import express from 'express';
import { Hono } from 'hono';
import {
  setClearSiteData as honoClear,
  secureHeaders as honoHeaders,
  type SecureHeadersVariables,
} from '../../src/adapters/hono/index.js';
import {
  ClearSiteData,
  CspNonce,
  SecureHeadersModule,
  SecureHeadersOverride,
} from '../../src/adapters/nest/index.js';
import { cspNonce, secureHeaders, setClearSiteData } from '../../src/adapters/node/index.js';
import { cspNonce as fetchNonce, withSecureHeaders } from '../../src/fetch-handler.js';
import { withClearSiteData } from '../../src/headers/clear-site-data.js';
import type { SecureHeaders } from '../../src/secure-headers.js';
import { APP_HEADERS, page, ROUTE_OVERRIDES, type RunningApp } from './routes.js';

const HTML = { 'Content-Type': 'text/html; charset=utf-8' };

function fetchApp(policy: SecureHeaders): Promise<RunningApp> {
  const override = withSecureHeaders(
    (request) => new Response(page(fetchNonce(request)), { headers: HTML }),
    policy.override(ROUTE_OVERRIDES),
  );
  const routes = async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    if (pathname === '/early') return new Response('unauthorized', { status: 401 });
    switch (`${request.method} ${pathname}`) {
      case 'GET /':
        return new Response('home');
      case 'GET /html':
        return new Response(page(fetchNonce(request)), { headers: HTML });
      case 'GET /json':
        return Response.json({ ok: true });
      case 'GET /error':
        throw new Error('boom');
      case 'GET /app-headers':
        return new Response('own headers', { headers: APP_HEADERS });
      case 'GET /override':
        return override(request);
      case 'GET /redirect':
        return Response.redirect(new URL('/html', request.url), 302);
      case 'POST /logout':
        return withClearSiteData(new Response(null, { status: 204 }));
      default:
        return new Response('not found', { status: 404 });
    }
  };
  const handler = withSecureHeaders(routes, policy, {
    onError: () => new Response('error', { status: 500 }),
  });
  return startServer(createAdaptorServer({ fetch: handler }) as never);
}

function nodeApp(policy: SecureHeaders): Promise<RunningApp> {
  const headers = secureHeaders(policy);
  const override = headers.route(ROUTE_OVERRIDES);
  const send = (res: ServerResponse, status: number, body?: string, type?: string): void => {
    res.statusCode = status;
    if (type) res.setHeader('Content-Type', type);
    res.end(body);
  };
  const route = (req: IncomingMessage, res: ServerResponse) => {
    switch (`${req.method} ${req.url}`) {
      case 'GET /':
        return send(res, 200, 'home');
      case 'GET /override':
        override(req, res);
        return send(res, 200, page(cspNonce(res)), HTML['Content-Type']);
      case 'GET /html':
        return send(res, 200, page(cspNonce(res)), HTML['Content-Type']);
      case 'GET /json':
        return send(res, 200, '{"ok":true}', 'application/json');
      case 'GET /error':
        throw new Error('boom');
      case 'GET /app-headers':
        for (const [name, value] of Object.entries(APP_HEADERS)) res.setHeader(name, value);
        return send(res, 200, 'own headers');
      case 'GET /redirect':
        // Headers passed straight to writeHead must not escape the policy either.
        res.writeHead(302, { Location: '/html', 'X-Powered-By': 'raw-node' });
        res.end();
        return;
      case 'POST /logout':
        setClearSiteData(res);
        return send(res, 204);
      default:
        return send(res, 404, 'not found');
    }
  };
  return startServer((req, res) => {
    headers(req, res);
    if (req.url === '/early') {
      res.statusCode = 401;
      res.end('unauthorized');
      return;
    }
    try {
      route(req, res);
    } catch {
      res.statusCode = 500;
      res.end('error');
    }
  });
}

function expressApp(policy: SecureHeaders): Promise<RunningApp> {
  const headers = secureHeaders(policy);
  const app = express();
  app.set('env', 'test'); // finalhandler: no stack traces on stderr
  app.use(headers);
  app.use('/early', (_req, res) => void res.status(401).send('unauthorized'));
  app.get(
    '/html',
    (_req, res) => void res.type('html').send(page(res.locals.cspNonce as string | undefined)),
  );
  app.get('/', (_req, res) => void res.send('home'));
  app.get('/json', (_req, res) => void res.json({ ok: true }));
  app.get('/error', () => {
    throw new Error('boom');
  });
  app.get('/app-headers', (_req, res) => void res.set(APP_HEADERS).send('own headers'));
  app.get(
    '/override',
    headers.route(ROUTE_OVERRIDES),
    (_req, res) => void res.type('html').send(page(cspNonce(res))),
  );
  app.get('/redirect', (_req, res) => res.redirect(302, '/html'));
  app.post('/logout', (_req, res) => {
    setClearSiteData(res);
    res.status(204).end();
  });
  return startServer(app as never);
}

function honoApp(policy: SecureHeaders): Promise<RunningApp> {
  const headers = honoHeaders(policy);
  const app = new Hono<{ Variables: SecureHeadersVariables }>();
  app.use(headers);
  app.onError((_error, c) => c.text('Internal Server Error', 500));
  app.use('/early', (c) => Promise.resolve(c.text('unauthorized', 401)));
  app.get('/', (c) => c.text('home'));
  app.get('/html', (c) => c.html(page(c.get('cspNonce'))));
  app.get('/json', (c) => c.json({ ok: true }));
  app.get('/error', () => {
    throw new Error('boom');
  });
  app.get('/app-headers', () => new Response('own headers', { headers: APP_HEADERS }));
  app.get('/override', headers.route(ROUTE_OVERRIDES), (c) => c.html(page(c.get('cspNonce'))));
  app.get('/redirect', (c) => c.redirect('/html', 302));
  app.post('/logout', (c) => {
    honoClear(c);
    return c.body(null, 204);
  });
  return startServer(createAdaptorServer({ fetch: app.fetch }) as never);
}

@Controller()
class ContractController {
  @Get()
  home(): string {
    return 'home';
  }

  @Get('html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  html(@CspNonce() nonce: string | undefined): string {
    return page(nonce);
  }

  @Get('json')
  json(): { ok: boolean } {
    return { ok: true };
  }

  @Get('error')
  error(): never {
    throw new Error('boom');
  }

  @Get('app-headers')
  appHeaders(@Res({ passthrough: true }) res: ServerResponse): string {
    for (const [name, value] of Object.entries(APP_HEADERS)) res.setHeader(name, value);
    return 'own headers';
  }

  @Get('override')
  @SecureHeadersOverride(ROUTE_OVERRIDES)
  @Header('Content-Type', 'text/html; charset=utf-8')
  override(@CspNonce() nonce: string | undefined): string {
    return page(nonce);
  }

  @Get('redirect')
  @Redirect('/html', 302)
  redirect(): void {}

  @Post('logout')
  @HttpCode(204)
  @ClearSiteData()
  logout(): void {}
}

async function nestApp(policy: SecureHeaders): Promise<RunningApp> {
  @Module({ imports: [SecureHeadersModule.forRoot(policy)], controllers: [ContractController] })
  class ContractModule implements NestModule {
    configure(consumer: MiddlewareConsumer): void {
      consumer
        .apply((_req: IncomingMessage, res: ServerResponse) => {
          res.statusCode = 401;
          res.end('unauthorized');
        })
        .forRoutes('early');
    }
  }
  const app = await NestFactory.create(ContractModule, { logger: false });
  await app.init();
  const server = await startServer(app.getHttpServer());
  return { url: server.url, close: () => app.close() };
}

/** Every adapter, by name. */
export const ADAPTERS: Readonly<Record<string, (policy: SecureHeaders) => Promise<RunningApp>>> = {
  fetch: fetchApp,
  node: nodeApp,
  express: expressApp,
  hono: honoApp,
  nest: nestApp,
};
