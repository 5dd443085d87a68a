import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import type { SecureHeadersOverrides } from '../../policy/options.js';
import type { SecureHeaders } from '../../secure-headers.js';
import { type NodeMiddleware, secureHeaders } from '../node/middleware.js';
import { SECURE_HEADERS, SECURE_HEADERS_OVERRIDES } from './tokens.js';

type Raw<T> = T | { raw: T };

/**
 * Applies `@SecureHeadersOverride(...)` to the routes that carry it. Every override in the app is
 * merged into the module's policy and compiled when the module starts, so a bad override stops
 * the application from booting instead of failing on the first request. Installed by
 * {@link SecureHeadersModule}.
 *
 * @example
 * ```ts
 * app.useGlobalInterceptors(app.get(SecureHeadersInterceptor));
 * ```
 */
@Injectable()
export class SecureHeadersInterceptor implements NestInterceptor, OnModuleInit {
  private readonly routes = new WeakMap<SecureHeadersOverrides, NodeMiddleware>();

  constructor(
    @Inject(SECURE_HEADERS) private readonly policy: SecureHeaders,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
  ) {}

  /** Compiles every controller's and route's overrides up front. */
  onModuleInit(): void {
    for (const { metatype } of this.discovery.getControllers()) {
      if (typeof metatype !== 'function') continue;
      const onClass = this.reflector.get<SecureHeadersOverrides | undefined>(
        SECURE_HEADERS_OVERRIDES,
        metatype,
      );
      if (onClass) this.middlewareFor(onClass);
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = prototype[name];
        if (typeof method !== 'function') continue;
        const onMethod = this.reflector.get<SecureHeadersOverrides | undefined>(
          SECURE_HEADERS_OVERRIDES,
          method,
        );
        if (onMethod) this.middlewareFor(onMethod);
      }
    }
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const overrides = this.reflector.getAllAndOverride<SecureHeadersOverrides | undefined>(
        SECURE_HEADERS_OVERRIDES,
        [context.getHandler(), context.getClass()],
      );
      if (overrides) {
        const http = context.switchToHttp();
        const req = http.getRequest<Raw<IncomingMessage>>();
        const res = http.getResponse<Raw<ServerResponse>>();
        this.middlewareFor(overrides)('raw' in req ? req.raw : req, 'raw' in res ? res.raw : res);
      }
    }
    return next.handle();
  }

  private middlewareFor(overrides: SecureHeadersOverrides): NodeMiddleware {
    let middleware = this.routes.get(overrides);
    if (!middleware) {
      middleware = secureHeaders(this.policy.override(overrides));
      this.routes.set(overrides, middleware);
    }
    return middleware;
  }
}
