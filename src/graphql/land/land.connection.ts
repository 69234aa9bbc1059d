/**
 * land/land.connection
 *
 * Relay connection and filter for the parcel list.
 */
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/connection.js';
import { LandParcel } from './land.type.js';
import { DataClass } from '../data-class.js';

@InputType()
export class ParcelFilter {
  @Field(() => String, { nullable: true, description: 'A county code, or a city / province code covering its counties.' })
  division?: string;

  @Field(() => String, { nullable: true, description: 'GB/T 21010 land-use code, e.g. 0601.' })
  landUse?: string;
}

@DataClass('STRUCTURE')
@ObjectType()
export class LandParcelEdge {
  @Field(() => LandParcel)
  node!: LandParcel;

  @Field(() => String)
  cursor!: string;
}

@DataClass('STRUCTURE')
@ObjectType()
export class LandParcelConnection {
  @Field(() => [LandParcelEdge])
  edges!: LandParcelEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
