import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ArtifactErrorCode, ArtifactException } from './artifact.exception.js';

/** A refused upload's unread body is drained (to keep the connection) only when it is this small. */
const DRAIN_LIMIT = 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(json)),
  });
  res.end(json);
}

/**
 * Answers every error of the artifact routes as JSON `{ statusCode, code, message, details }`.
 * Unexpected errors are logged in full and answered opaquely. An upload refused before its body
 * was read closes the connection unless the rest is small, so a client cannot be made to send
 * gigabytes into the void.
 */
@Catch()
export class ArtifactHttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Artifacts');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<IncomingMessage>();
    const res = http.getResponse<ServerResponse>();
    if (res.headersSent) {
      // A download failed mid-stream: cutting the connection is the only honest signal left.
      this.logger.error({ err: exception }, 'artifact transfer failed after the headers were sent');
      res.destroy();
      return;
    }
    if (!req.complete) {
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (!(declared <= DRAIN_LIMIT)) res.setHeader('Connection', 'close');
    }
    if (exception instanceof ArtifactException) {
      const { artifactCode: code, httpStatus } = exception;
      if (code === ArtifactErrorCode.Unauthenticated || code === ArtifactErrorCode.TokenExpired) {
        res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      }
      if (code === ArtifactErrorCode.RangeNotSatisfiable) {
        const size = exception.details?.sizeBytes;
        res.setHeader('Content-Range', `bytes */${typeof size === 'number' ? size : '*'}`);
      }
      const details = Object.fromEntries(Object.entries(exception.details ?? {}).filter(([k]) => k !== 'reason'));
      sendJson(res, httpStatus, { statusCode: httpStatus, code, message: exception.message, details });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      sendJson(res, status, { statusCode: status, code: 'HTTP_ERROR', message: exception.message, details: {} });
      return;
    }
    this.logger.error({ err: exception, url: req.url?.split('?')[0] }, 'artifact request failed');
    sendJson(res, 500, {
      statusCode: 500,
      code: 'INTERNAL_SERVER_ERROR',
      message: 'Internal server error',
      details: {},
    });
  }
}
