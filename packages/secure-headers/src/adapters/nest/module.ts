import {
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  RequestMethod,
} from '@nestjs/common';
import { APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import type { SecureHeadersOptions } from '../../policy/options.js';
import { type SecureHeaders, toPolicy } from '../../secure-headers.js';
import { SecureHeadersInterceptor } from './interceptor.js';
import { SecureHeadersMiddleware } from './middleware.js';
import { SECURE_HEADERS } from './tokens.js';

/**
 * Security headers for NestJS: `SecureHeadersModule.forRoot(options)` validates the policy at
 * startup, applies it to every response (including 404s and exception filters) and honours
 * `@SecureHeadersOverride(...)` on controllers and routes. The policy is injectable as
 * `SECURE_HEADERS`.
 *
 * @example
 * ```ts
 * @Module({ imports: [SecureHeadersModule.forRoot({ preset: 'owasp' })] })
 * export class AppModule {}
 * ```
 */
@Module({})
export class SecureHeadersModule implements NestModule {
  /** Registers the policy (options or a ready policy) for the whole application. */
  static forRoot(policyOrOptions?: SecureHeaders | SecureHeadersOptions): DynamicModule {
    return {
      module: SecureHeadersModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        { provide: SECURE_HEADERS, useValue: toPolicy(policyOrOptions) },
        SecureHeadersMiddleware,
        SecureHeadersInterceptor,
        { provide: APP_INTERCEPTOR, useExisting: SecureHeadersInterceptor },
      ],
      exports: [SECURE_HEADERS, SecureHeadersMiddleware, SecureHeadersInterceptor],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SecureHeadersMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
