import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from '../config/app-config.service.js';
import type { ArtifactKind } from './artifact-kind.constant.js';
import {
  signArtifactToken,
  verifyArtifactToken,
  type ArtifactTokenClaims,
  type TokenCheck,
} from './artifact-token.util.js';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** Issues and checks artifact tokens with this deployment's key, and builds absolute URLs. */
@Injectable()
export class ArtifactTokenService {
  private readonly logger = new Logger('Artifacts');
  private readonly secret: string;

  constructor(
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    const configured = config.get('ARTIFACT_TOKEN_SECRET');
    if (configured === undefined) {
      this.logger.warn(
        'ARTIFACT_TOKEN_SECRET is not set: using a random key for this process. Set it when running ' +
          'more than one process (API replicas, a separate worker), or their artifact URLs will be refused.',
      );
    }
    this.secret = configured ?? randomBytes(32).toString('hex');
  }

  issueUpload(kind: ArtifactKind, ttlSec = this.config.get('ARTIFACT_UPLOAD_TOKEN_TTL_SEC')): IssuedToken {
    return this.issue({ typ: 'upload', kind, exp: 0 }, ttlSec);
  }

  issueDownload(sha256: string, deviceId: string | undefined, ttlSec: number): IssuedToken {
    return this.issue({ typ: 'download', sha256, ...(deviceId ? { dev: deviceId } : {}), exp: 0 }, ttlSec);
  }

  verify(token: string): TokenCheck {
    return verifyArtifactToken(token, this.secret, Date.now());
  }

  /** PUBLIC_BASE_URL, else this process's own address (the port it really listens on). */
  baseUrl(): string {
    const configured = this.config.get('PUBLIC_BASE_URL');
    if (configured) return configured.replace(/\/+$/, '');
    const server = this.adapterHost.httpAdapter?.getHttpServer() as { address?: () => unknown } | undefined;
    const address = server?.address?.() as AddressInfo | string | null | undefined;
    const port = address && typeof address === 'object' ? address.port : this.config.get('PORT');
    return `http://localhost:${port}`;
  }

  private issue(claims: ArtifactTokenClaims, ttlSec: number): IssuedToken {
    const exp = Math.floor(Date.now() / 1000) + Math.max(1, Math.round(ttlSec));
    return { token: signArtifactToken({ ...claims, exp }, this.secret), expiresAt: new Date(exp * 1000) };
  }
}
