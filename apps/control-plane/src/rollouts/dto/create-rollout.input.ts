import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { BuildRecipeInputDto } from '../../builds/dto/build-recipe.type.js';
import { TargetSelectorInput } from '../../desired/dto/target-selector.input.js';

@InputType({ description: 'Cumulative size of the target this stage brings to the new model: percent or count.' })
export class RolloutStageInput {
  @Field(() => Float, { nullable: true }) percent?: number | null;
  @Field(() => Int, { nullable: true }) count?: number | null;
  @Field(() => Int, { defaultValue: 0, description: 'Seconds the stage bakes before its gates are judged.' })
  bakeSec!: number;
}

@InputType({ description: 'Canary-versus-baseline limits; omitted fields take the defaults.' })
export class RolloutGatesInput {
  @Field(() => Int, { nullable: true }) minReportingDevices?: number | null;
  @Field(() => Int, { nullable: true }) minSamplesPerDevice?: number | null;
  @Field(() => Float, { nullable: true }) maxLatencyP95Ratio?: number | null;
  @Field(() => Float, { nullable: true }) maxLatencyP95Ms?: number | null;
  @Field(() => Float, { nullable: true }) maxPowerRatio?: number | null;
  @Field(() => Boolean, { nullable: true }) enforcePowerBudget?: boolean | null;
  @Field(() => Float, { nullable: true, description: 'Absolute AP50 drop, 0.01 = one point.' })
  maxAp50Drop?: number | null;
  @Field(() => Float, { nullable: true }) minAp50?: number | null;
  @Field(() => Float, { nullable: true }) maxFailureRate?: number | null;
  @Field(() => Float, { nullable: true }) maxOfflineRate?: number | null;
  @Field(() => Int, { nullable: true }) evaluationTimeoutSec?: number | null;
}

@InputType()
export class CreateRolloutInput {
  @Field() name!: string;
  @Field(() => ID) modelVersionId!: string;
  @Field(() => BuildRecipeInputDto) recipe!: BuildRecipeInputDto;
  @Field(() => String, { nullable: true, description: 'nvpmodel mode by name, resolved per module.' })
  powerMode?: string | null;
  @Field(() => Boolean, { defaultValue: false, description: 'Allow power modes that need a reboot.' })
  allowReboot!: boolean;
  @Field(() => TargetSelectorInput) selector!: TargetSelectorInput;
  @Field(() => [RolloutStageInput]) stages!: RolloutStageInput[];
  @Field(() => RolloutGatesInput, { nullable: true }) gates?: RolloutGatesInput | null;
  @Field(() => Boolean, { defaultValue: true, description: 'Promote to the next stage when a gate passes.' })
  autoPromote!: boolean;
  @Field(() => Int, { nullable: true, description: 'Online devices converging at once.' })
  maxConcurrent?: number | null;
}
