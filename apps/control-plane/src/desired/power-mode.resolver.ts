import { Args, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator.js';
import { withoutNulls } from '../builds/recipe-input.util.js';
import type { TargetSelector } from './device-target.repository.js';
import { TargetSelectorInput } from './dto/target-selector.input.js';
import { PowerModeRequestRepository, type PowerModeRequestRow } from './power-mode-request.repository.js';
import { PowerModeService } from './power-mode.service.js';
import { isUuid } from '../common/uuid.util.js';

@ObjectType()
export class PowerModeDevice {
  @Field(() => ID) deviceId!: string;
  @Field(() => Int, { nullable: true, description: "The mode's id on this device's module." }) modeId!: number | null;
  @Field({ description: 'pending, applied (confirmed by nvpmodel -q), refused, failed, reboot_required' })
  state!: string;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => Date) updatedAt!: Date;
}

@ObjectType()
export class PowerModeRequest {
  @Field(() => ID) id!: string;
  @Field() mode!: string;
  @Field() allowReboot!: boolean;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Int) pending!: number;
  @Field(() => Int) applied!: number;
  @Field(() => Int) refused!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Int) rebootRequired!: number;
  @Field(() => [PowerModeDevice]) devices!: PowerModeDevice[];
}

@Resolver(() => PowerModeRequest)
export class PowerModeResolver {
  constructor(
    private readonly service: PowerModeService,
    private readonly requests: PowerModeRequestRepository,
  ) {}

  @Roles('operator')
  @Mutation(() => PowerModeRequest, {
    description:
      'Sets the desired nvpmodel mode (by name, resolved per module) on the selected devices. Modules without ' +
      'the mode are refused per device; modes that need a reboot only with allowReboot. Progress: powerModeRequest.',
  })
  async setPowerMode(
    @Args('selector', { type: () => TargetSelectorInput }) selector: TargetSelectorInput,
    @Args('mode') mode: string,
    @Args('allowReboot', { type: () => Boolean, defaultValue: false }) allowReboot: boolean,
  ): Promise<PowerModeRequest> {
    const row = await this.service.setPowerMode(
      withoutNulls(selector) as TargetSelector & { allDevices?: boolean },
      mode,
      allowReboot,
      null,
    );
    return this.view(row);
  }

  @Roles('viewer')
  @Query(() => PowerModeRequest, { nullable: true })
  async powerModeRequest(@Args('id', { type: () => ID }) id: string): Promise<PowerModeRequest | null> {
    if (!isUuid(id)) return null;
    const row = await this.requests.find(id);
    return row ? this.view(row) : null;
  }

  private async view(row: PowerModeRequestRow): Promise<PowerModeRequest> {
    const devices = await this.requests.devices(row.id);
    const count = (state: string): number => devices.filter((d) => d.state === state).length;
    return {
      id: row.id,
      mode: row.mode,
      allowReboot: row.allowReboot,
      createdAt: row.createdAt,
      pending: count('pending'),
      applied: count('applied'),
      refused: count('refused'),
      failed: count('failed'),
      rebootRequired: count('reboot_required'),
      devices: devices.map((d) => ({
        deviceId: d.deviceId,
        modeId: d.modeId,
        state: d.state,
        reason: d.reason,
        updatedAt: d.updatedAt,
      })),
    };
  }
}
