import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

/** GraphQL names in capitals; values as the protocol spells them. */
export const PrecisionEnum = { FP32: 'FP32', FP16: 'FP16', INT8: 'INT8', BEST: 'BEST' } as const;
export type PrecisionEnum = (typeof PrecisionEnum)[keyof typeof PrecisionEnum];
registerEnumType(PrecisionEnum, {
  name: 'Precision',
  description: 'BEST lets TensorRT pick per layer (FP32/FP16/INT8).',
});

export const CalibrationMethodEnum = { ENTROPY2: 'entropy2', MINMAX: 'minmax' } as const;
export type CalibrationMethodEnum = (typeof CalibrationMethodEnum)[keyof typeof CalibrationMethodEnum];
registerEnumType(CalibrationMethodEnum, { name: 'CalibrationMethod' });

@ObjectType({ description: 'Optimisation profile of one dynamic input: min/opt/max shapes.' })
export class ShapeProfile {
  @Field() input!: string;
  @Field(() => [Int]) min!: number[];
  @Field(() => [Int]) opt!: number[];
  @Field(() => [Int]) max!: number[];
}

@ObjectType()
export class CalibrationSettings {
  @Field(() => CalibrationMethodEnum) method!: CalibrationMethodEnum;
}

@ObjectType({ description: 'How to build an engine, independent of any device.' })
export class BuildRecipe {
  @Field(() => PrecisionEnum) precision!: PrecisionEnum;
  @Field(() => CalibrationSettings, { nullable: true }) calibration!: CalibrationSettings | null;
  @Field(() => Boolean, { nullable: true }) explicitQuantization!: boolean | null;
  @Field(() => ShapeProfile, { nullable: true }) shapes!: ShapeProfile | null;
  @Field(() => Int, { nullable: true }) dlaCore!: number | null;
  @Field(() => Boolean, { nullable: true }) gpuFallback!: boolean | null;
  @Field(() => Int, { nullable: true }) memPoolMiB!: number | null;
  @Field(() => Boolean, { nullable: true }) timingCache!: boolean | null;
  @Field(() => Boolean, { nullable: true }) cudaGraph!: boolean | null;
}

@InputType()
export class ShapeProfileInput {
  @Field({ description: 'Name of a dynamic ONNX input.' }) input!: string;
  @Field(() => [Int]) min!: number[];
  @Field(() => [Int]) opt!: number[];
  @Field(() => [Int]) max!: number[];
}

@InputType()
export class CalibrationInput {
  @Field(() => CalibrationMethodEnum, { nullable: true, defaultValue: CalibrationMethodEnum.ENTROPY2 })
  method?: CalibrationMethodEnum | null;
}

@InputType('BuildRecipeInput', {
  description: 'Checked against the model and the selected devices before anything is scheduled.',
})
export class BuildRecipeInputDto {
  @Field(() => PrecisionEnum) precision!: PrecisionEnum;
  @Field(() => CalibrationInput, {
    nullable: true,
    description: "INT8 post-training calibration with the model version's calibration dataset.",
  })
  calibration?: CalibrationInput | null;
  @Field(() => Boolean, { nullable: true, description: 'The ONNX carries Q/DQ nodes; no calibration needed.' })
  explicitQuantization?: boolean | null;
  @Field(() => ShapeProfileInput, { nullable: true, description: 'Only for a dynamic input, and required for one.' })
  shapes?: ShapeProfileInput | null;
  @Field(() => Int, { nullable: true, description: 'Run on this DLA core; only on modules with DLA.' })
  dlaCore?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Layers the DLA cannot run fall back to the GPU.' })
  gpuFallback?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Workspace memory pool, MiB.' })
  memPoolMiB?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Use (and update) the per-class timing cache.' })
  timingCache?: boolean | null;
  @Field(() => Boolean, { nullable: true }) cudaGraph?: boolean | null;
}
