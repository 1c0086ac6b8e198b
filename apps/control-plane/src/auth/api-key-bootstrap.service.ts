import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.service.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { hashApiKey, parseApiKey } from './api-key.util.js';

/**
 * BOOTSTRAP_ADMIN_API_KEY: the first admin key, so a fresh install can create the others. Set,
 * it is upserted at start-up as the admin key "bootstrap"; keys made from an earlier value (or
 * every one, once the variable is unset) are revoked, so rotating or removing it retires the old one.
 */
@Injectable()
export class ApiKeyBootstrapService implements OnModuleInit {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly config: AppConfig,
    private readonly repo: ApiKeyRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const key = this.config.get('BOOTSTRAP_ADMIN_API_KEY');
    const parsed = key ? parseApiKey(key) : null;
    if (key && parsed) {
      if (!(await this.repo.upsertBootstrap(parsed.prefix, hashApiKey(key)))) {
        throw new Error(
          `BOOTSTRAP_ADMIN_API_KEY: prefix "${parsed.prefix}" belongs to another API key; choose a new key`,
        );
      }
      this.logger.log(`bootstrap admin key jf_${parsed.prefix}_… is set`);
    }
    const retired = await this.repo.revokeOtherBootstraps(parsed?.prefix ?? null);
    if (retired) this.logger.warn(`revoked ${retired} earlier bootstrap admin key(s)`);
  }
}
