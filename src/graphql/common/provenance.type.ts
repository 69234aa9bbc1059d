/**
 * common/provenance.type
 *
 * Where an entity's values came from.
 */
import { Field, ObjectType } from 'type-graphql';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';

@Owned({ parent: true })
@DataClass('PROVENANCE')
@ObjectType({ description: '数据来源：Where the values of this entity came from.' })
export class Provenance {
  @Field(() => String, { description: '来源系统 ID：Source system id from govgraph.config.json.' })
  sourceId!: string;

  @Field(() => String, { description: "来源主键：The record's key in the source system." })
  sourceKey!: string;

  @Field(() => Date, { description: '取数时间：When the hub fetched the record.' })
  fetchedAt!: Date;

  @Field(() => String, { description: '内容摘要：SHA-256 of the normalised record.' })
  contentHash!: string;
}
