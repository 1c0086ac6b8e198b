import type { ServerResponse } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { EnrollmentException } from './enrollment.exception.js';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(json)),
    'Cache-Control': 'no-store',
  });
  res.end(json);
}

/** `POST /enroll` errors as JSON `{ statusCode, code, message }`; unexpected ones logged and opaque. */
@Catch()
export class EnrollmentHttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Enrollment');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<ServerResponse>();
    if (exception instanceof EnrollmentException) {
      const status = exception.httpStatus;
      if (status === 429) res.setHeader('Retry-After', '60');
      sendJson(res, status, { statusCode: status, code: exception.reason, message: exception.message });
      return;
    }
    if (exception instanceof HttpException) {
      // Body-parser errors (malformed JSON, too large) arrive as HttpExceptions.
      const status = exception.getStatus();
      sendJson(res, status, { statusCode: status, code: 'INVALID_REQUEST', message: exception.message });
      return;
    }
    this.logger.error({ err: exception }, 'enrollment failed');
    sendJson(res, 500, { statusCode: 500, code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' });
  }
}
