import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Device } from './device.type.js';

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType()
export class DeviceEdge {
  @Field() cursor!: string;
  @Field(() => Device) node!: Device;
}

@ObjectType()
export class DeviceConnection {
  @Field(() => [DeviceEdge]) edges!: DeviceEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'Devices matching the filter, across all pages.' }) totalCount!: number;
}
