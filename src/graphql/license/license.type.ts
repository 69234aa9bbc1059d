/**
 * license/license.type
 *
 * An e-license keyed by its GB/T 36904 identifier.
 */
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../common/node.type.js';
import { Provenance } from '../common/provenance.type.js';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';
import { FromTable } from '../planner/declare.js';
import { license } from '../../../schema/index.js';

@FromTable(license, { columns: ['licenseId'] })
@Owned({ enterprise: 'holderUscc' })
@DataClass('PUBLIC_REGISTER')
@ObjectType({ implements: Node, description: 'An e-license (电子证照).' })
export class License extends Node {
  @Field(() => String, { description: '电子证照标识' })
  licenseId!: string;

  @Field(() => String)
  typeCode!: string;

  @Field(() => String, { description: '营业执照, 食品经营许可证, …' })
  typeName!: string;

  @DataClass('PERSON_NAME')
  @Field(() => String)
  holderName!: string;

  @Field(() => String, { description: 'USCC | ID_CARD' })
  holderIdType!: string;

  @Field(() => String, { nullable: true })
  issuer!: string | null;

  @Field(() => String, { nullable: true })
  issuerUscc!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO date.' })
  issuedOn!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO date.' })
  validFrom!: string | null;

  @Field(() => String, { nullable: true, description: 'ISO date; null means 长期 (no expiry).' })
  validTo!: string | null;

  @Field(() => String, { description: 'VALID | REVOKED | CANCELLED' })
  status!: string;

  @Field(() => Provenance)
  provenance!: Provenance;
}
