import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Controller, Get, Head, Param, Put, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ArtifactHttpExceptionFilter, sendJson } from './artifact-http-exception.filter.js';
import { ArtifactHttpService } from './artifact-http.service.js';

const bearer = (req: IncomingMessage): string | undefined =>
  /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];

/**
 * Bulk bytes over HTTP (never over MQTT). `PUT /artifacts/uploads?kind=` takes the raw body as a
 * stream; `GET /artifacts/:sha256` serves it with Range support. Both need a token (bearer or
 * `?token=`) from `createUploadToken` / `ArtifactService.createDownloadUrl`; uploads of anything
 * but engines also need an operator API key.
 */
@Controller('artifacts')
@UseFilters(ArtifactHttpExceptionFilter)
export class ArtifactController {
  constructor(private readonly http: ArtifactHttpService) {}

  @Put('uploads')
  async upload(
    @Req() req: IncomingMessage,
    @Res() res: ServerResponse,
    @Query('kind') kind: string | undefined,
    @Query('token') token: string | undefined,
  ): Promise<void> {
    // Operators send their API key as the bearer and the upload token in ?token=; builder devices
    // uploading engines send the token as the bearer (or in ?token=).
    const credential = bearer(req);
    const operatorKey = credential?.startsWith('jf_') ? credential : undefined;
    const answer = await this.http.upload({
      request: req,
      kind,
      token: operatorKey ? token : (credential ?? token),
      operatorKey,
    });
    sendJson(res, answer.created ? 201 : 200, answer.body);
  }

  // Declared before the GET route, which Express would otherwise also use for HEAD.
  @Head(':sha256')
  head(
    @Req() req: IncomingMessage,
    @Res() res: ServerResponse,
    @Param('sha256') sha256: string,
    @Query('token') token: string | undefined,
  ): Promise<void> {
    return this.send(req, res, sha256, token, false);
  }

  @Get(':sha256')
  download(
    @Req() req: IncomingMessage,
    @Res() res: ServerResponse,
    @Param('sha256') sha256: string,
    @Query('token') token: string | undefined,
  ): Promise<void> {
    return this.send(req, res, sha256, token, true);
  }

  private async send(
    req: IncomingMessage,
    res: ServerResponse,
    sha256: string,
    token: string | undefined,
    withBody: boolean,
  ): Promise<void> {
    const answer = await this.http.download({ sha256, token: bearer(req) ?? token, headers: req.headers, withBody });
    res.writeHead(answer.status, answer.headers);
    if (!answer.body) {
      res.end();
      return;
    }
    try {
      await pipeline(answer.body, res);
    } catch (err) {
      // The device went away mid-download; it resumes with a Range request.
      if ((err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
      throw err;
    }
  }
}
