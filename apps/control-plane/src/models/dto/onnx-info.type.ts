import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One dimension: a fixed size (value), a symbol (param), or unknown (both null).' })
export class OnnxDim {
  @Field(() => Int, { nullable: true }) value!: number | null;
  @Field(() => String, { nullable: true }) param!: string | null;
}

@ObjectType()
export class OnnxValueInfo {
  @Field() name!: string;
  @Field({ description: 'tensor, sparse_tensor, sequence, map, optional or unknown.' }) kind!: string;
  @Field(() => String, { nullable: true, description: 'Element type of a tensor: FLOAT, FLOAT16, INT8, …' })
  elemType!: string | null;
  @Field(() => [OnnxDim], { nullable: true, description: 'null when the model gives no shape.' })
  dims!: OnnxDim[] | null;
  @Field({ description: 'Some dimension is not a fixed size: TensorRT needs min/opt/max shapes.' })
  dynamic!: boolean;
}

@ObjectType()
export class OnnxOpset {
  @Field() domain!: string;
  @Field(() => Int) version!: number;
}

@ObjectType({ description: 'What the control plane read from the ONNX file.' })
export class OnnxModelInfo {
  @Field(() => Int) irVersion!: number;
  @Field(() => Int, { description: 'Opset of the default ai.onnx domain.' }) opset!: number;
  @Field(() => [OnnxOpset]) opsetImports!: OnnxOpset[];
  @Field(() => String, { nullable: true }) producerName!: string | null;
  @Field(() => String, { nullable: true }) producerVersion!: string | null;
  @Field(() => String, { nullable: true }) graphName!: string | null;
  @Field(() => [OnnxValueInfo], { description: 'Graph inputs, initializers (weights) excluded.' })
  inputs!: OnnxValueInfo[];
  @Field(() => [OnnxValueInfo]) outputs!: OnnxValueInfo[];
}
