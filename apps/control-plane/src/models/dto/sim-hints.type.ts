import { Field, Float, InputType, ObjectType } from '@nestjs/graphql';

const DESCRIPTION = 'Simulation-only hints for the simulated fleet; real devices ignore them.';

@ObjectType({ description: DESCRIPTION })
export class SimHints {
  @Field(() => Float, { nullable: true, description: 'AP50 of the FP32 model on the golden set (0-1).' })
  fp32Ap50?: number;
  @Field(() => Float, { nullable: true, description: 'AP50 lost by INT8 beyond the usual (0-1).' })
  int8ExtraDrop?: number;
  @Field(() => Float, { nullable: true, description: 'Multiplies simulated latency (0.01-100).' })
  latencyScale?: number;
  @Field(() => Float, { nullable: true, description: 'Multiplies simulated power (0.01-100).' })
  powerScale?: number;
}

@InputType({ description: DESCRIPTION })
export class SimHintsInput {
  @Field(() => Float, { nullable: true }) fp32Ap50?: number;
  @Field(() => Float, { nullable: true }) int8ExtraDrop?: number;
  @Field(() => Float, { nullable: true }) latencyScale?: number;
  @Field(() => Float, { nullable: true }) powerScale?: number;
}
