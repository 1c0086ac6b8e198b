import { Field, ID, InputType } from '@nestjs/graphql';

@InputType({ description: 'Which devices a rollout or power-mode change targets; the given parts combine with AND.' })
export class TargetSelectorInput {
  @Field(() => [ID], { nullable: true }) deviceIds?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Catalog module ids.' }) modules?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'A device must carry every tag.' }) tags?: string[] | null;
  @Field(() => [String], {
    nullable: true,
    description: 'Compatibility classes (keys) under a rollout recipe; rollouts only.',
  })
  hardwareClasses?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Target the whole fleet; required when nothing else is given.' })
  allDevices?: boolean | null;
}
