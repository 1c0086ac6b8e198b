import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { BuildRecipe } from '../../builds/dto/build-recipe.type.js';

@ObjectType()
export class RolloutStageSpec {
  @Field(() => Float, { nullable: true }) percent!: number | null;
  @Field(() => Int, { nullable: true }) count!: number | null;
  @Field(() => Int) bakeSec!: number;
}

@ObjectType({ description: 'Gates with defaults filled in, as the rollout judges them.' })
export class RolloutGatesView {
  @Field(() => Int) minReportingDevices!: number;
  @Field(() => Int) minSamplesPerDevice!: number;
  @Field(() => Float) maxLatencyP95Ratio!: number;
  @Field(() => Float, { nullable: true }) maxLatencyP95Ms!: number | null;
  @Field(() => Float) maxPowerRatio!: number;
  @Field() enforcePowerBudget!: boolean;
  @Field(() => Float) maxAp50Drop!: number;
  @Field(() => Float, { nullable: true }) minAp50!: number | null;
  @Field(() => Float) maxFailureRate!: number;
  @Field(() => Float) maxOfflineRate!: number;
  @Field(() => Int) evaluationTimeoutSec!: number;
}

@ObjectType()
export class StateCount {
  @Field() state!: string;
  @Field(() => Int) devices!: number;
}

@ObjectType()
export class RolloutStage {
  @Field(() => Int) index!: number;
  @Field({ description: 'pending, deploying, baking, passed, failed, inconclusive, aborted' }) state!: string;
  @Field(() => RolloutStageSpec) spec!: RolloutStageSpec;
  @Field(() => Int, { nullable: true, description: 'Devices this stage added.' }) deviceCount!: number | null;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) deployedAt!: Date | null;
  @Field(() => Date, { nullable: true }) bakeUntil!: Date | null;
  @Field(() => Date, { nullable: true }) deadlineAt!: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => String, { nullable: true }) approvedBy!: string | null;
}

@ObjectType()
export class StateTime {
  @Field() state!: string;
  @Field(() => Date) at!: Date;
}

@ObjectType()
export class DeploymentVerification {
  @Field(() => Float, { nullable: true }) latencyP95Ms!: number | null;
  @Field(() => Float, { nullable: true }) fps!: number | null;
  @Field(() => Float, { nullable: true }) ap50!: number | null;
}

@ObjectType({ description: "One device's deployment within a rollout." })
export class Deployment {
  @Field(() => ID) rolloutId!: string;
  @Field(() => ID) deviceId!: string;
  @Field(() => Int) stage!: number;
  @Field() hardwareClass!: string;
  @Field({
    description:
      'queued, building, downloading, activating, verifying, healthy, failed, rolling_back, rolled_back, cancelled',
  })
  state!: string;
  @Field(() => Int, { nullable: true }) desiredRev!: number | null;
  @Field(() => Int, { nullable: true }) rollbackRev!: number | null;
  @Field(() => String, { nullable: true }) previousModelVersionId!: string | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => DeploymentVerification, { nullable: true }) verification!: DeploymentVerification | null;
  @Field(() => [StateTime], { description: 'When each state was entered.' }) history!: StateTime[];
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType()
export class GateCheckView {
  @Field() name!: string;
  @Field(() => String, { nullable: true, description: 'Cohort group (module/power mode); null for stage-wide checks.' })
  group!: string | null;
  @Field(() => Float, { nullable: true }) canary!: number | null;
  @Field(() => Float, { nullable: true }) baseline!: number | null;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => Float, { nullable: true }) threshold!: number | null;
  @Field({ description: 'pass, fail, skipped, insufficient' }) verdict!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
}

@ObjectType({ description: 'One judgement of a stage, with the numbers behind it.' })
export class GateEvaluation {
  @Field(() => ID) id!: string;
  @Field(() => Int) stage!: number;
  @Field({ description: 'pass, fail, inconclusive, pending' }) outcome!: string;
  @Field() summary!: string;
  @Field(() => [GateCheckView]) checks!: GateCheckView[];
  @Field(() => Date) evaluatedAt!: Date;
}

@ObjectType()
export class Rollout {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => ID) modelVersionId!: string;
  @Field(() => BuildRecipe) recipe!: BuildRecipe;
  @Field(() => String, { nullable: true }) powerMode!: string | null;
  @Field() allowReboot!: boolean;
  @Field({
    description: 'running, awaiting_approval, paused, rolling_back, completed, aborted, rolled_back, failed',
  })
  state!: string;
  @Field(() => Int) currentStage!: number;
  @Field(() => String, { nullable: true, description: 'Why it is paused, failed or was rolled back.' })
  reason!: string | null;
  @Field() autoPromote!: boolean;
  @Field(() => Int) maxConcurrent!: number;
  @Field(() => RolloutGatesView) gates!: RolloutGatesView;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
}

@ObjectType()
export class RolloutProgressEvent {
  @Field(() => ID) rolloutId!: string;
  @Field() state!: string;
  @Field(() => Int) currentStage!: number;
  @Field(() => String, { nullable: true }) stageState!: string | null;
  @Field(() => [StateCount]) counts!: StateCount[];
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => Date) at!: Date;
}
