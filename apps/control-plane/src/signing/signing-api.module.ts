import { Module } from '@nestjs/common';
import { SigningKeyController } from './signing-key.controller.js';
import { SigningResolver } from './signing.resolver.js';
import { SigningModule } from './signing.module.js';

/** API process only: `GET /signing-key` and the `signingPublicKey` query. */
@Module({
  imports: [SigningModule],
  controllers: [SigningKeyController],
  providers: [SigningResolver],
})
export class SigningApiModule {}
