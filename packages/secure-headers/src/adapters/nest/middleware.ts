import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { SecureHeaders } from '../../secure-headers.js';
import { type NodeMiddleware, secureHeaders } from '../node/middleware.js';
import { SECURE_HEADERS } from './tokens.js';

/**
 * Nest middleware that applies the module's policy to every response (controllers, 404s,
 * exception filters). {@link SecureHeadersModule} installs it for all routes; you can also
 * `consumer.apply(SecureHeadersMiddleware)` yourself.
 *
 * @example
 * ```ts
 * export class AppModule implements NestModule {
 *   configure(consumer: MiddlewareConsumer) {
 *     consumer.apply(SecureHeadersMiddleware).forRoutes('*');
 *   }
 * }
 * ```
 */
@Injectable()
export class SecureHeadersMiddleware implements NestMiddleware {
  private readonly middleware: NodeMiddleware;

  constructor(@Inject(SECURE_HEADERS) policy: SecureHeaders) {
    this.middleware = secureHeaders(policy);
  }

  use(
    req: IncomingMessage | { raw: IncomingMessage },
    res: ServerResponse | { raw: ServerResponse },
    next: () => void,
  ): void {
    this.middleware('raw' in req ? req.raw : req, 'raw' in res ? res.raw : res, next);
  }
}
