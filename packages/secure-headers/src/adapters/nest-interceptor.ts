import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import type { SecureHeadersOverrides } from '../options.js';
import type { SecureHeaders } from '../secure-headers.js';
import { SECURE_HEADERS, SECURE_HEADERS_OVERRIDES } from './nest-tokens.js';
import { type NodeMiddleware, secureHeaders } from './node-middleware.js';

type Raw<T> = T | { raw: T };

/**
 * Applies `@SecureHeadersOverride(...)` to the routes that carry it: the overrides are merged into
 * the module's policy and compiled on first use, then reused. Installed by {@link SecureHeadersModule}.
 *
 * @example
 * ```ts
 * app.useGlobalInterceptors(app.get(SecureHeadersInterceptor));
 * ```
 */
@Injectable()
export class SecureHeadersInterceptor implements NestInterceptor {
  private readonly routes = new WeakMap<SecureHeadersOverrides, NodeMiddleware>();

  constructor(
    @Inject(SECURE_HEADERS) private readonly policy: SecureHeaders,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const overrides = this.reflector.getAllAndOverride<SecureHeadersOverrides | undefined>(
        SECURE_HEADERS_OVERRIDES,
        [context.getHandler(), context.getClass()],
      );
      if (overrides) this.install(overrides, context);
    }
    return next.handle();
  }

  private install(overrides: SecureHeadersOverrides, context: ExecutionContext): void {
    let middleware = this.routes.get(overrides);
    if (!middleware) {
      middleware = secureHeaders(this.policy.override(overrides));
      this.routes.set(overrides, middleware);
    }
    const http = context.switchToHttp();
    const req = http.getRequest<Raw<IncomingMessage>>();
    const res = http.getResponse<Raw<ServerResponse>>();
    middleware('raw' in req ? req.raw : req, 'raw' in res ? res.raw : res);
  }
}
