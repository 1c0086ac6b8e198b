import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../../devices/dto/device-connection.type.js';
import { Alert } from './alert.type.js';

@ObjectType()
export class AlertEdge {
  @Field() cursor!: string;
  @Field(() => Alert) node!: Alert;
}

@ObjectType()
export class AlertConnection {
  @Field(() => [AlertEdge]) edges!: AlertEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'Alerts matching the filter, across all pages.' }) totalCount!: number;
}
