import { INTERNAL_ERROR_BODY, NOT_FOUND_BODY } from '@mana/example-shared';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';

type JsonResponse = { status(code: number): JsonResponse; json(body: unknown): void };

/** Answers every error in the auth API's shape `{ error: { code, message } }`, never a stack. */
@Catch()
export class JsonErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<JsonResponse>();
    const [status, body] = this.answer(exception);
    res.status(status).json(body);
  }

  private answer(exception: unknown): [number, unknown] {
    if (!(exception instanceof HttpException)) {
      console.error('[example] unhandled error:', exception instanceof Error ? exception.message : exception);
      return [500, INTERNAL_ERROR_BODY];
    }
    const status = exception.getStatus();
    const body = exception.getResponse();
    if (status === HttpStatus.NOT_FOUND) return [404, NOT_FOUND_BODY];
    if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object') {
      return [status, body];
    }
    const code = (HttpStatus[status] as string | undefined) ?? 'ERROR';
    return [status, { error: { code, message: exception.message } }];
  }
}
