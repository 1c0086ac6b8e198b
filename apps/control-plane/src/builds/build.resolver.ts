import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator.js';
import { LoaderRegistry, type GraphqlContext } from '../graphql/data-loaders.js';
import { EventBus } from '../pubsub/event-bus.service.js';
import { EventTopic } from '../pubsub/pubsub.tokens.js';
import type { DeviceSelector } from './build-device.repository.js';
import { BuildQueryService } from './build-query.service.js';
import { BuildSchedulerService } from './build-scheduler.service.js';
import { toEngineBuild } from './build.mapper.js';
import type { EngineClass } from './device-engine.repository.js';
import { BuildProgressEvent } from './dto/build-progress-event.type.js';
import { BuildRecipeInputDto } from './dto/build-recipe.type.js';
import { DeviceEngine } from './dto/device-engine.type.js';
import { DeviceSelectorInput } from './dto/device-selector.input.js';
import { EngineBuild } from './dto/engine-build.type.js';
import { EngineBuildsFilter } from './dto/engine-builds-filter.input.js';
import { ScheduledEngineBuilds } from './dto/scheduled-engine-builds.type.js';
import { withoutNulls } from './recipe-input.util.js';

const DEVICE_ENGINES_BY_CLASS = 'builds.deviceEnginesByClass';

@Resolver(() => EngineBuild)
export class BuildResolver {
  constructor(
    private readonly queries: BuildQueryService,
    private readonly scheduler: BuildSchedulerService,
    private readonly bus: EventBus,
    loaders: LoaderRegistry,
  ) {
    loaders.register<EngineClass, DeviceEngine[]>(DEVICE_ENGINES_BY_CLASS, (classes) =>
      this.queries.deviceEnginesOf(classes),
    );
  }

  @Roles('viewer')
  @Query(() => [EngineBuild], { description: 'Engine builds, newest first.' })
  engineBuilds(
    @Args('filter', { type: () => EngineBuildsFilter, nullable: true }) filter: EngineBuildsFilter | null,
    @Args('first', { type: () => Int, defaultValue: 100 }) first: number,
  ): Promise<EngineBuild[]> {
    return this.queries.list(filter ?? {}, first);
  }

  @Roles('viewer')
  @Query(() => EngineBuild, { nullable: true })
  engineBuild(@Args('id', { type: () => ID }) id: string): Promise<EngineBuild | null> {
    return this.queries.get(id);
  }

  @Roles('operator')
  @Mutation(() => ScheduledEngineBuilds, {
    description:
      'Checks the recipe against the model and the selected devices (BAD_USER_INPUT listing every problem), ' +
      'then makes sure each compatibility class has exactly one build; other devices of a class fetch its engine.',
  })
  async scheduleEngineBuilds(
    @Args('modelVersionId', { type: () => ID }) modelVersionId: string,
    @Args('recipe', { type: () => BuildRecipeInputDto }) recipe: BuildRecipeInputDto,
    @Args('selector', { type: () => DeviceSelectorInput }) selector: DeviceSelectorInput,
    @Args('allowLocalFallback', {
      type: () => Boolean,
      defaultValue: false,
      description: 'Devices of a class whose build failed each build their own engine instead of a new shared build.',
    })
    allowLocalFallback: boolean,
  ): Promise<ScheduledEngineBuilds> {
    const result = await this.scheduler.scheduleEngineBuilds(
      modelVersionId,
      withoutNulls(recipe),
      withoutNulls(selector) as DeviceSelector,
      { allowLocalFallback },
    );
    return { ...result, builds: result.builds.map(toEngineBuild) };
  }

  @Roles('operator')
  @Mutation(() => EngineBuild, { description: 'Cancels a queued or running build; its builder is told to stop.' })
  async cancelEngineBuild(@Args('id', { type: () => ID }) id: string): Promise<EngineBuild> {
    return toEngineBuild(await this.scheduler.cancelEngineBuild(id));
  }

  @Roles('viewer')
  @ResolveField(() => [DeviceEngine], { description: "The selected devices of this build's class and their engines." })
  deviceEngines(@Parent() build: EngineBuild, @Context() ctx: GraphqlContext): Promise<DeviceEngine[]> {
    return ctx.loaders
      .get<EngineClass, DeviceEngine[]>(DEVICE_ENGINES_BY_CLASS)
      .load({ modelVersionId: build.modelVersionId, recipeHash: build.recipeHash, compatKey: build.compatKey });
  }

  @Roles('viewer')
  @Subscription(() => BuildProgressEvent, {
    description: 'Every change of every build, or of one build.',
    filter: (event: BuildProgressEvent, variables: { buildId?: string | null }) =>
      !variables.buildId || event.buildId === variables.buildId,
    resolve: (event: BuildProgressEvent) => event,
  })
  buildProgress(
    @Args('buildId', { type: () => ID, nullable: true }) _buildId: string | null,
  ): AsyncIterableIterator<BuildProgressEvent> {
    return this.bus.iterator<BuildProgressEvent>(EventTopic.BuildProgress);
  }
}
