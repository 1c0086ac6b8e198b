import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { EngineBuild } from './engine-build.type.js';

@ObjectType({ description: 'What scheduling did: one build per compatibility class, new or reused.' })
export class ScheduledEngineBuilds {
  @Field(() => ID) modelVersionId!: string;
  @Field() recipeHash!: string;
  @Field(() => Int, { description: 'Devices the selector matched.' }) deviceCount!: number;
  @Field(() => [EngineBuild], { description: 'One per class: queued, running, or already succeeded (devices fetch).' })
  builds!: EngineBuild[];
  @Field(() => [ID], { description: 'Ids of builds created by this call (the others were reused).' })
  createdBuildIds!: string[];
  @Field(() => [String], { description: 'Devices that did not report their SM arch or TensorRT version.' })
  unkeyedDeviceIds!: string[];
  @Field(() => [String], { description: 'Devices of failed classes sent their own build (allowLocalFallback).' })
  localBuildDeviceIds!: string[];
}
