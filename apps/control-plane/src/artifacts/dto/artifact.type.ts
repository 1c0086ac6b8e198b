import { Field, Float, GraphQLISODateTime, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
/** What operators upload; engines are uploaded by builder devices. */
export enum UploadKind {
  ONNX = 'onnx',
  CALIBRATION = 'calibration',
  GOLDEN = 'golden',
}

/** `ArtifactKind` as GraphQL spells enums; the values are the same strings. */
export enum ArtifactKindValue {
  ONNX = 'onnx',
  CALIBRATION = 'calibration',
  GOLDEN = 'golden',
  ENGINE = 'engine',
}

registerEnumType(UploadKind, { name: 'UploadKind' });
registerEnumType(ArtifactKindValue, { name: 'ArtifactKind' });

@ObjectType({ description: 'A content-addressed blob: a model, a calibration or golden set, an engine.' })
export class Artifact {
  @Field() sha256!: string;
  @Field(() => Float, { description: 'Bytes (Float: may exceed 2^31).' }) sizeBytes!: number;
  @Field(() => ArtifactKindValue) kind!: ArtifactKindValue;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType({ description: 'Permission to upload artifacts of one kind, for a short time.' })
export class UploadToken {
  @Field(() => UploadKind) kind!: UploadKind;
  @Field({ description: 'Send as "Authorization: Bearer <token>" (or ?token=).' }) token!: string;
  @Field({ description: 'PUT the raw bytes here (application/octet-stream); the token is in its query.' })
  uploadUrl!: string;
  @Field(() => GraphQLISODateTime, { description: 'The upload must start before this time.' }) expiresAt!: Date;
}

@ObjectType()
export class ArtifactCount {
  @Field() key!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: "This process's artifact transfers since it started; refusals by reason code." })
export class ArtifactStats {
  @Field(() => Int) uploadsAccepted!: number;
  @Field(() => Float) bytesAccepted!: number;
  @Field(() => [ArtifactCount], { description: 'e.g. INVALID_ONNX, DIGEST_MISMATCH, PAYLOAD_TOO_LARGE.' })
  uploadsRefused!: ArtifactCount[];
  @Field(() => Int) downloadsServed!: number;
  @Field(() => [ArtifactCount]) downloadsRefused!: ArtifactCount[];
}
