import 'reflect-metadata';
import { startServer } from '@mana/test-utils';
import { Controller, Get, Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { SECURE_HEADERS, SecureHeadersModule, SecureHeadersOverride } from '../src/adapters/nest/index.js';
import { SecureHeadersError } from '../src/errors.js';
import type { SecureHeadersOptions } from '../src/policy/options.js';
import type { SecureHeaders } from '../src/secure-headers.js';

async function boot(controller: new (...args: never[]) => unknown, options: SecureHeadersOptions) {
  @Module({ imports: [SecureHeadersModule.forRoot(options)], controllers: [controller] })
  class TestModule {}
  const app = await NestFactory.create(TestModule, { logger: false, abortOnError: false });
  await app.init();
  const server = await startServer(app.getHttpServer());
  return { app, get: (path: string) => fetch(server.url + path), close: () => app.close() };
}

describe('NestJS adapter', () => {
  it('class overrides apply to every route; a route override wins over its class', async () => {
    @Controller()
    @SecureHeadersOverride({ xFrameOptions: 'SAMEORIGIN' })
    class FramesController {
      @Get('class')
      classLevel(): string {
        return 'x';
      }

      @Get('route')
      @SecureHeadersOverride({ xFrameOptions: false, contentSecurityPolicy: { frameAncestors: ["'self'"] } })
      routeLevel(): string {
        return 'x';
      }
    }
    const nest = await boot(FramesController, {});
    try {
      const byClass = await nest.get('/class');
      expect(byClass.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      const byRoute = await nest.get('/route');
      expect(byRoute.headers.get('x-frame-options')).toBeNull();
      expect(byRoute.headers.get('content-security-policy')).toBe(
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'",
      );
    } finally {
      await nest.close();
    }
  });

  it('overrides are validated against the module policy at startup', async () => {
    @Controller()
    class ReportsController {
      @Get()
      @SecureHeadersOverride({ contentSecurityPolicy: { reportTo: 'csp' } })
      page(): string {
        return 'x';
      }
    }
    // Valid with the module's endpoints…
    const nest = await boot(ReportsController, { reportingEndpoints: { csp: '/csp' } });
    try {
      expect((await nest.get('/')).headers.get('content-security-policy')).toContain('report-to csp');
    } finally {
      await nest.close();
    }
    // …and refused at boot without them.
    await expect(boot(ReportsController, {})).rejects.toThrow(SecureHeadersError);
  });

  it('a typo in an override stops the boot with the header, the value and the fix', async () => {
    @Controller()
    class TypoController {
      @Get()
      @SecureHeadersOverride({ contentSecurityPolicy: { scriptSrc: ['self'] } })
      page(): string {
        return 'x';
      }
    }
    await expect(boot(TypoController, {})).rejects.toThrow(
      `Content-Security-Policy: script-src has the CSP keyword "self" without single quotes, so browsers read it as a host name (got "self"). Fix: write "'self'".`,
    );
  });

  it('the policy is injectable as SECURE_HEADERS', async () => {
    @Controller()
    class PolicyController {
      constructor(@Inject(SECURE_HEADERS) private readonly policy: SecureHeaders) {}

      @Get()
      preset(): string {
        return this.policy.preset;
      }
    }
    const nest = await boot(PolicyController, { preset: 'api' });
    try {
      const response = await nest.get('/');
      expect(await response.text()).toBe('api');
      expect(response.headers.get('cache-control')).toBe('no-store');
    } finally {
      await nest.close();
    }
  });
});
