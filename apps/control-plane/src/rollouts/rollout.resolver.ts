import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator.js';
import { withoutNulls } from '../builds/recipe-input.util.js';
import type { TargetSelector } from '../desired/device-target.repository.js';
import { EventBus } from '../pubsub/event-bus.service.js';
import { EventTopic } from '../pubsub/pubsub.tokens.js';
import { CreateRolloutInput } from './dto/create-rollout.input.js';
import {
  Deployment,
  GateEvaluation,
  Rollout,
  RolloutProgressEvent,
  RolloutStage,
  StateCount,
} from './dto/rollout.type.js';
import type { RolloutProgressPayload } from './rollout-events.service.js';
import { RolloutCommands } from './rollout-commands.service.js';
import { RolloutProgress } from './rollout-progress.service.js';
import { RolloutRepository } from './rollout.repository.js';
import { toDeployment, toGateEvaluation, toProgressEvent, toRollout, toStage } from './rollout.mapper.js';
import { RolloutNotFoundException } from './rollout.exception.js';
import { isUuid } from '../common/uuid.util.js';

@Resolver(() => Rollout)
export class RolloutResolver {
  constructor(
    private readonly commands: RolloutCommands,
    private readonly repo: RolloutRepository,
    private readonly progress: RolloutProgress,
    private readonly bus: EventBus,
  ) {}

  @Roles('viewer')
  @Query(() => [Rollout], { description: 'Rollouts, newest first.' })
  async rollouts(
    @Args('state', { type: () => String, nullable: true }) state: string | null,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
  ): Promise<Rollout[]> {
    return (await this.repo.list(state ?? null, Math.min(Math.max(first, 1), 500))).map(toRollout);
  }

  @Roles('viewer')
  @Query(() => Rollout, { nullable: true })
  async rollout(@Args('id', { type: () => ID }) id: string): Promise<Rollout | null> {
    const row = isUuid(id) ? await this.repo.findById(id) : undefined;
    return row ? toRollout(row) : null;
  }

  @Roles('operator')
  @Mutation(() => Rollout, {
    description:
      'Validates the whole definition (BAD_USER_INPUT naming each problem; CONFLICT when target devices are in ' +
      'another active rollout), then starts stage 0.',
  })
  async createRollout(@Args('input', { type: () => CreateRolloutInput }) input: CreateRolloutInput): Promise<Rollout> {
    const row = await this.commands.create({
      name: input.name,
      modelVersionId: input.modelVersionId,
      recipe: withoutNulls(input.recipe),
      powerMode: input.powerMode ?? null,
      allowReboot: input.allowReboot,
      selector: withoutNulls(input.selector) as TargetSelector & { allDevices?: boolean },
      stages: input.stages.map((s) => withoutNulls(s)),
      gates: input.gates ? withoutNulls(input.gates) : undefined,
      autoPromote: input.autoPromote,
      maxConcurrent: input.maxConcurrent ?? null,
    });
    return toRollout(row);
  }

  @Roles('operator')
  @Mutation(() => Rollout, {
    description: 'Promotes a stage waiting for approval (or an inconclusive one) to the next.',
  })
  async approveRolloutStage(@Args('id', { type: () => ID }) id: string): Promise<Rollout> {
    return toRollout(await this.commands.approveStage(id, null));
  }

  @Roles('operator')
  @Mutation(() => Rollout, { description: 'Stops sending devices and judging gates; converging devices finish.' })
  async pauseRollout(
    @Args('id', { type: () => ID }) id: string,
    @Args('reason', { type: () => String, nullable: true }) reason: string | null,
  ): Promise<Rollout> {
    return toRollout(await this.commands.pause(id, reason));
  }

  @Roles('operator')
  @Mutation(() => Rollout)
  async resumeRollout(@Args('id', { type: () => ID }) id: string): Promise<Rollout> {
    return toRollout(await this.commands.resume(id));
  }

  @Roles('operator')
  @Mutation(() => Rollout, {
    description: 'Stops rolling forward: devices not yet sent are cancelled; updated devices keep the new model.',
  })
  async abortRollout(@Args('id', { type: () => ID }) id: string): Promise<Rollout> {
    return toRollout(await this.commands.abort(id));
  }

  @Roles('operator')
  @Mutation(() => Rollout, { description: 'Sends every device the rollout touched back to its previous model.' })
  async rollbackRollout(@Args('id', { type: () => ID }) id: string): Promise<Rollout> {
    return toRollout(await this.commands.rollbackAll(id));
  }

  @Roles('viewer')
  @ResolveField(() => [RolloutStage])
  async stages(@Parent() rollout: Rollout): Promise<RolloutStage[]> {
    const row = await this.repo.findById(rollout.id);
    if (!row) throw new RolloutNotFoundException(rollout.id);
    const specs = row.stages;
    return (await this.repo.stages(rollout.id)).map((s) => toStage(s, specs[s.idx]));
  }

  @Roles('viewer')
  @ResolveField(() => [StateCount], { description: 'Deployments by state over the whole rollout.' })
  async counts(@Parent() rollout: Rollout): Promise<StateCount[]> {
    return Object.entries(await this.progress.counts(rollout.id)).map(([state, devices]) => ({ state, devices }));
  }

  @Roles('viewer')
  @ResolveField(() => [Deployment], { description: 'Per-device deployments, by device id.' })
  async deployments(
    @Parent() rollout: Rollout,
    @Args('state', { type: () => String, nullable: true }) state: string | null,
    @Args('first', { type: () => Int, defaultValue: 100 }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'Device id to continue after.' })
    after: string | null,
  ): Promise<Deployment[]> {
    const rows = await this.repo.deploymentsPage(
      rollout.id,
      state ?? null,
      Math.min(Math.max(first, 1), 1000),
      after ?? null,
    );
    return rows.map(toDeployment);
  }

  @Roles('viewer')
  @ResolveField(() => [GateEvaluation], { description: 'Every stored gate evaluation, oldest first.' })
  async gateEvaluations(
    @Parent() rollout: Rollout,
    @Args('stage', { type: () => Int, nullable: true }) stage: number | null,
  ): Promise<GateEvaluation[]> {
    return (await this.repo.evaluations(rollout.id, stage ?? null)).map(toGateEvaluation);
  }

  @Roles('viewer')
  @Subscription(() => RolloutProgressEvent, {
    description: 'Every change of every rollout, or of one.',
    filter: (event: RolloutProgressPayload, variables: { rolloutId?: string | null }) =>
      !variables.rolloutId || event.rolloutId === variables.rolloutId,
    resolve: (event: RolloutProgressPayload) => toProgressEvent(event),
  })
  rolloutProgress(
    @Args('rolloutId', { type: () => ID, nullable: true }) _rolloutId: string | null,
  ): AsyncIterableIterator<RolloutProgressPayload> {
    return this.bus.iterator<RolloutProgressPayload>(EventTopic.RolloutProgress);
  }
}
