import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('SigningPublicKey', {
  description: "The control plane's ed25519 public key, which agents pin to verify deployments.",
})
export class SigningPublicKeyType {
  @Field({ description: 'Key id: the first 16 hex characters of the sha256 of the key (SPKI DER).' })
  kid!: string;
  @Field({ description: 'SPKI PEM.' })
  publicKeyPem!: string;
}
