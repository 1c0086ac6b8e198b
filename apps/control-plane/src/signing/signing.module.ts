import { Module } from '@nestjs/common';
import { MessageSigner } from './message-signer.service.js';
import { SigningKeyStore } from './signing-key-store.repository.js';
import { SigningKeyService } from './signing-key.service.js';

/**
 * The signing key and `MessageSigner`, for any process that sends documents to devices (the API
 * publishes desired state, the worker dispatches jobs). Routes and GraphQL are in `SigningApiModule`.
 */
@Module({
  providers: [SigningKeyStore, SigningKeyService, MessageSigner],
  exports: [SigningKeyService, MessageSigner],
})
export class SigningModule {}
