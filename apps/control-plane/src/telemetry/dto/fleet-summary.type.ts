import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class ModulePowerSummary {
  @Field() module!: string;
  @Field(() => Int) devices!: number;
  @Field(() => Int) online!: number;
  @Field(() => Float, { nullable: true, description: 'Mean latest board power of online devices that report it.' })
  meanPowerMw!: number | null;
}

@ObjectType()
export class OverBudgetDevice {
  @Field(() => ID) deviceId!: string;
  @Field() module!: string;
  @Field() powerMode!: string;
  @Field(() => Float) powerMw!: number;
  @Field(() => Float) budgetMw!: number;
}

@ObjectType()
export class FleetSummary {
  @Field(() => Int) devices!: number;
  @Field(() => Int) online!: number;
  @Field(() => [ModulePowerSummary]) byModule!: ModulePowerSummary[];
  @Field(() => [OverBudgetDevice], { description: "Online devices whose latest power exceeds their mode's budget." })
  overBudget!: OverBudgetDevice[];
}

@ObjectType()
export class TelemetryStats {
  @Field(() => Float) accepted!: number;
  @Field(() => Float) written!: number;
  @Field(() => Float, { description: 'Samples dropped because the write buffer was full.' }) dropped!: number;
  @Field(() => Int) buffered!: number;
  @Field(() => Int) flushErrors!: number;
  @Field(() => Int, { nullable: true }) lastFlushMs!: number | null;
}
