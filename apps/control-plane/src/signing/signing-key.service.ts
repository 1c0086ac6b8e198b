import { readFile } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { generateSigningKeyPair, importPrivateKey, keyId } from '@jetfleet/protocol';
import { AppConfig } from '../config/app-config.service.js';
import { InvalidConfigError } from '../config/validate-env.js';
import { normaliseConfiguredKey } from './signing-key-config.util.js';
import { SigningKeyStore } from './signing-key-store.repository.js';
import { SigningErrorCode, SigningException } from './signing.exception.js';

export interface SigningPublicKey {
  kid: string;
  publicKeyPem: string;
}

export interface ActiveSigningKey extends SigningPublicKey {
  privateKey: KeyObject;
  source: 'configured' | 'generated';
}

/**
 * The control plane's ed25519 key. Configured (`SIGNING_PRIVATE_KEY_PEM` or `_FILE`) in
 * production; otherwise generated once and kept in `signing_keys` for development. Loaded before
 * the application starts (`onModuleInit`), so signing itself is synchronous.
 */
@Injectable()
export class SigningKeyService implements OnModuleInit {
  private readonly logger = new Logger('Signing');
  private active: ActiveSigningKey | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly store: SigningKeyStore,
  ) {}

  async onModuleInit(): Promise<void> {
    this.active = await this.load();
  }

  /** The key that signs now; throws until the module has initialised. */
  current(): ActiveSigningKey {
    if (!this.active) throw new SigningException(SigningErrorCode.KeyNotLoaded, 'the signing key is not loaded yet');
    return this.active;
  }

  /** Public information: what devices pin. */
  publicKey(): SigningPublicKey {
    const { kid, publicKeyPem } = this.current();
    return { kid, publicKeyPem };
  }

  private async load(): Promise<ActiveSigningKey> {
    const configured = await this.configuredKey();
    if (configured) {
      const kid = keyId(configured.publicKeyPem);
      await this.store.registerConfigured(kid, configured.publicKeyPem);
      this.logger.log(`signing deployments with the configured key ${kid}`);
      return {
        kid,
        publicKeyPem: configured.publicKeyPem,
        privateKey: importPrivateKey(configured.privateKeyPem),
        source: 'configured',
      };
    }
    const { key, created } = await this.store.findOrCreateGenerated(generateSigningKeyPair);
    this.logger.warn(
      `signing deployments with ${created ? 'a newly generated' : 'the generated'} key ${key.kid} stored in the ` +
        'database: for development only; set SIGNING_PRIVATE_KEY_FILE (or SIGNING_PRIVATE_KEY_PEM) in production',
    );
    return {
      kid: key.kid,
      publicKeyPem: key.publicKeyPem,
      privateKey: importPrivateKey(key.privateKeyPem),
      source: 'generated',
    };
  }

  private async configuredKey(): Promise<{ privateKeyPem: string; publicKeyPem: string } | null> {
    const pem = this.config.get('SIGNING_PRIVATE_KEY_PEM');
    const file = this.config.get('SIGNING_PRIVATE_KEY_FILE');
    if (pem && file) {
      throw new InvalidConfigError(['SIGNING_PRIVATE_KEY_PEM, SIGNING_PRIVATE_KEY_FILE: set one, not both']);
    }
    try {
      if (pem) return normaliseConfiguredKey(pem, 'SIGNING_PRIVATE_KEY_PEM');
      if (file) return normaliseConfiguredKey(await readFile(file, 'utf8'), `SIGNING_PRIVATE_KEY_FILE ${file}`);
    } catch (err) {
      throw new InvalidConfigError([(err as Error).message]);
    }
    return null;
  }
}
