/**
 * person/person.type
 *
 * A natural person, linked across sources by a keyed hash. Only the masked ID number is
 * exposed; the clear number is never part of this type.
 */
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../common/node.type.js';
import { Provenance } from '../common/provenance.type.js';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';
import { FederatedBy } from '../federation/keys.js';
import { FromTable } from '../planner/declare.js';
import { person } from '../../../schema/index.js';

@FederatedBy('id')
@FromTable(person, { columns: ['personHash'] })
@Owned({ unknown: true })
@DataClass('PERSON_ID')
@ObjectType({ implements: Node, description: '自然人：A natural person (自然人). Display form only.' })
export class Person extends Node {
  @Field(() => String, { description: '脱敏证件号：e.g. 340104********1234' })
  maskedId!: string;

  @DataClass('PERSON_NAME')
  @Field(() => String, { description: '姓名 (the person’s name).', nullable: true })
  name!: string | null;

  @Field(() => String, { description: '证件类别：resident | hmt-resident | foreign-permanent-resident' })
  holderKind!: string;

  @Field(() => Provenance, { description: '来源 (where this person record came from).' })
  provenance!: Provenance;
}
