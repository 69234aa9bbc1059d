/**
 * license/license.type
 *
 * An e-license keyed by its GB/T 36904 identifier.
 */
import { Field, ObjectType } from 'type-graphql';
import { DateScalar } from '../common/date.scalar.js';
import { Node } from '../common/node.type.js';
import { Provenance } from '../common/provenance.type.js';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';
import { FederatedBy } from '../federation/keys.js';
import { FromTable } from '../planner/declare.js';
import { license } from '../../../schema/index.js';

@FederatedBy('licenseId')
@FromTable(license, { columns: ['licenseId'] })
@Owned({ enterprise: 'holderUscc' })
@DataClass('PUBLIC_REGISTER')
@ObjectType({ implements: Node, description: '电子证照：An e-license (电子证照).' })
export class License extends Node {
  @Field(() => String, { description: '电子证照标识' })
  licenseId!: string;

  @Field(() => String, { description: '证照类型代码 (license type code).' })
  typeCode!: string;

  @Field(() => String, { description: '营业执照, 食品经营许可证, …' })
  typeName!: string;

  @DataClass('PERSON_NAME')
  @Field(() => String, { description: '持证主体名称 (holder’s name; a person’s name is a person name, masked where the policy says).' })
  holderName!: string;

  @Field(() => String, { description: '持证主体证件类型：USCC | ID_CARD' })
  holderIdType!: string;

  @Field(() => String, { description: '发证机关 (issuing authority).', nullable: true })
  issuer!: string | null;

  @Field(() => String, { description: '发证机关统一社会信用代码 (issuer’s USCC).', nullable: true })
  issuerUscc!: string | null;

  @Field(() => DateScalar, { nullable: true, description: '发证日期 (date issued).' })
  issuedOn!: string | null;

  @Field(() => DateScalar, { nullable: true, description: '有效期起 (valid from).' })
  validFrom!: string | null;

  @Field(() => DateScalar, { nullable: true, description: '有效期至 (valid to; null means 长期, no expiry).' })
  validTo!: string | null;

  @Field(() => String, { description: '证照状态：VALID | REVOKED | CANCELLED' })
  status!: string;

  @Field(() => Provenance, { description: '来源 (where this license came from).' })
  provenance!: Provenance;
}
