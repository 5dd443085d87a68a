import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorAnswer, NOT_FOUND_BODY } from '@mana/example-shared';
import type { SecureHeaders } from '@mana/secure-headers';
import { type NodeMiddleware, secureHeaders } from '@mana/secure-headers/node';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';

type JsonResponse = ServerResponse & { status(code: number): JsonResponse; json(body: unknown): void };

/**
 * Answers every error in the auth API's shape `{ error: { code, message } }`, never a stack,
 * with the security headers: an error raised while Express matched the route (a bad
 * percent-encoding) skips every middleware, the security headers' included.
 */
@Catch()
export class JsonErrorFilter implements ExceptionFilter {
  private readonly headers: NodeMiddleware;

  constructor(policy: SecureHeaders) {
    this.headers = secureHeaders(policy);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<JsonResponse>();
    this.headers(http.getRequest<IncomingMessage>(), res);
    const [status, body] = this.answer(exception);
    res.status(status).json(body);
  }

  private answer(exception: unknown): [number, unknown] {
    // Not Nest's own: a 4xx of the underlying Express (a bad percent-encoding) keeps its status.
    if (!(exception instanceof HttpException)) return errorAnswer(exception);
    const status = exception.getStatus();
    const body = exception.getResponse();
    // Nest maps Express's URIError (a path parameter such as `%ZZ`) to this 400 (#8915).
    if (status === HttpStatus.BAD_REQUEST && exception.message.startsWith('Failed to decode param')) {
      return errorAnswer(Object.assign(new URIError(exception.message), { status }));
    }
    if (status === HttpStatus.NOT_FOUND) return [404, NOT_FOUND_BODY];
    if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object') {
      return [status, body];
    }
    const code = (HttpStatus[status] as string | undefined) ?? 'ERROR';
    return [status, { error: { code, message: exception.message } }];
  }
}
