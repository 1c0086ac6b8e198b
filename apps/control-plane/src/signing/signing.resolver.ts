import { Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator.js';
import { SigningPublicKeyType } from './dto/signing-public-key.type.js';
import { SigningKeyService } from './signing-key.service.js';

@Resolver()
export class SigningResolver {
  constructor(private readonly keys: SigningKeyService) {}

  @Roles('viewer')
  @Query(() => SigningPublicKeyType, { description: 'The key that signs desired-state documents and job commands.' })
  signingPublicKey(): SigningPublicKeyType {
    return this.keys.publicKey();
  }
}
