import { Controller, Get, Header } from '@nestjs/common';
import { SigningKeyService, type SigningPublicKey } from './signing-key.service.js';

/**
 * `GET /signing-key`: the public key, without an API key. It is public information; agents fetch
 * it at enrollment (which also returns it) and pin it, so serving it here grants nothing.
 */
@Controller('signing-key')
export class SigningKeyController {
  constructor(private readonly keys: SigningKeyService) {}

  @Get()
  @Header('Cache-Control', 'no-cache')
  get(): SigningPublicKey {
    return this.keys.publicKey();
  }
}
