import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { INTERNAL_ERROR_BODY, NOT_FOUND_BODY } from '@mana/example-shared';

type JsonResponse = { status(code: number): JsonResponse; json(body: unknown): void };

/** Answers every error in the auth API's shape `{ error: { code, message } }`, never a stack. */
@Catch()
export class JsonErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<JsonResponse>();
    if (!(exception instanceof HttpException)) {
      console.error('[example] unhandled error:', exception instanceof Error ? exception.message : exception);
      return res.status(500).json(INTERNAL_ERROR_BODY);
    }
    const status = exception.getStatus();
    const body = exception.getResponse();
    if (status === HttpStatus.NOT_FOUND) return res.status(404).json(NOT_FOUND_BODY);
    if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object') {
      return res.status(status).json(body);
    }
    const code = (HttpStatus[status] as string | undefined) ?? 'ERROR';
    res.status(status).json({ error: { code, message: exception.message } });
  }
}
