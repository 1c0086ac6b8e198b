import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/roles.decorator.js';
import { LoaderRegistry, type GraphqlContext } from '../graphql/data-loaders.js';
import { Model, ModelVersion } from './dto/model.type.js';
import { RegisterModelVersionInput } from './dto/register-model-version.input.js';
import { ModelService } from './model.service.js';
import type { ModelVersionRecord } from './model-version.types.js';

const VERSIONS_BY_MODEL = 'modelVersionsByModelId';

@Resolver(() => Model)
export class ModelResolver {
  constructor(
    private readonly service: ModelService,
    loaders: LoaderRegistry,
  ) {
    loaders.register<string, ModelVersionRecord[]>(VERSIONS_BY_MODEL, (ids) => this.service.versionsOfModels(ids));
  }

  @Roles('viewer')
  @Query(() => [Model], { description: 'Every registered model, by name.' })
  models(): Promise<Model[]> {
    return this.service.listModels();
  }

  @Roles('viewer')
  @Query(() => Model, { nullable: true })
  model(@Args('name') name: string): Promise<Model | null> {
    return this.service.getModel(name);
  }

  @Roles('viewer')
  @Query(() => ModelVersion, { nullable: true })
  modelVersion(@Args('id', { type: () => ID }) id: string): Promise<ModelVersion | null> {
    return this.service.getVersion(id);
  }

  @Roles('operator')
  @Mutation(() => ModelVersion, {
    description: 'Registers a model version from uploaded artifacts (see createUploadToken); CONFLICT if it exists.',
  })
  registerModelVersion(
    @Args('input', { type: () => RegisterModelVersionInput }) input: RegisterModelVersionInput,
  ): Promise<ModelVersion> {
    return this.service.registerVersion(input);
  }

  @Roles('viewer')
  @ResolveField(() => [ModelVersion], { description: 'Newest first.' })
  versions(@Parent() model: Model, @Context() ctx: GraphqlContext): Promise<ModelVersion[]> {
    return ctx.loaders.get<string, ModelVersionRecord[]>(VERSIONS_BY_MODEL).load(model.id);
  }
}
