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
@ObjectType({ description: 'Where the values of this entity came from.' })
export class Provenance {
  @Field(() => String, { description: 'Source system id from govgraph.config.json.' })
  sourceId!: string;

  @Field(() => String, { description: "The record's key in the source system." })
  sourceKey!: string;

  @Field(() => Date, { description: 'When the hub fetched the record.' })
  fetchedAt!: Date;

  @Field(() => String, { description: 'SHA-256 of the normalised record.' })
  contentHash!: string;
}
