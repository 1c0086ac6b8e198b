import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { OnnxModelInfo } from './onnx-info.type.js';
import { SimHints } from './sim-hints.type.js';

@ObjectType()
export class ModelVersion {
  @Field(() => ID) id!: string;
  @Field(() => ID) modelId!: string;
  @Field() modelName!: string;
  @Field() version!: string;
  @Field() onnxSha256!: string;
  @Field(() => OnnxModelInfo) onnx!: OnnxModelInfo;
  @Field(() => String, { nullable: true }) inputDescription!: string | null;
  @Field(() => String, { nullable: true }) calibrationSha256!: string | null;
  @Field(() => String, { nullable: true }) goldenSha256!: string | null;
  @Field(() => SimHints, { nullable: true }) simHints!: SimHints | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType()
export class Model {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}
