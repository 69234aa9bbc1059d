/**
 * enterprise/enterprise.connection
 *
 * Relay connection and filter for the enterprise list.
 */
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/connection.js';
import { Enterprise } from './enterprise.type.js';
import { DataClass } from '../data-class.js';

@InputType({ description: 'All given conditions must hold.' })
export class EnterpriseFilter {
  @Field(() => String, { nullable: true, description: 'A county code, or a city (xxxx00) / province (xx0000) code covering its counties.' })
  division?: string;

  @Field(() => String, { nullable: true, description: '登记状态, e.g. 存续.' })
  status?: string;

  @Field(() => String, { nullable: true, description: 'Part of the name (at least 2 characters).' })
  nameContains?: string;
}

@DataClass('STRUCTURE')
@ObjectType()
export class EnterpriseEdge {
  @Field(() => Enterprise)
  node!: Enterprise;

  @Field(() => String)
  cursor!: string;
}

@DataClass('STRUCTURE')
@ObjectType()
export class EnterpriseConnection {
  @Field(() => [EnterpriseEdge])
  edges!: EnterpriseEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Matches across all pages (one count query, only when asked for).' })
  totalCount!: number;
}
