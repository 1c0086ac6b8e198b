import type { IncomingMessage, ServerResponse } from 'node:http';
import { Body, Controller, Post, Req, Res, UseFilters } from '@nestjs/common';
import { EnrollmentHttpExceptionFilter, sendJson } from './enrollment-http-exception.filter.js';
import { EnrollmentService } from './enrollment.service.js';

/**
 * `POST /enroll { token, deviceId, hardware? }` → the device's broker credentials. No operator key:
 * the enrollment token is the credential. The answer holds a password, so it is never cached.
 */
@Controller('enroll')
@UseFilters(EnrollmentHttpExceptionFilter)
export class EnrollmentController {
  constructor(private readonly enrollment: EnrollmentService) {}

  @Post()
  async enroll(@Body() body: unknown, @Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    const result = await this.enrollment.enroll(body, req.socket.remoteAddress ?? 'unknown');
    sendJson(res, 201, result);
  }
}
