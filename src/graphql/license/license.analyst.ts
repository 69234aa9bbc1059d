/**
 * license/license.analyst
 *
 * What analysts may ask of e-licenses: the `licenses` connection's filter and order.
 */
import { license } from '../../../schema/index.js';
import { LicenseStatus } from '../analyst/scalars.js';
import { describeEntity, one } from '../analyst/spec.js';
import { EnterpriseAnalyst } from '../enterprise/enterprise.analyst.js';
import { License } from './license.type.js';

export const LicenseAnalyst = describeEntity({
  type: License,
  typeName: 'License', label: '电子证照',
  table: license,
  tiebreak: 'licenseId',
  fields: {
    licenseId: 'text', typeCode: 'text', typeName: 'text', holderName: 'text', holderIdType: 'text', issuer: 'text', issuerUscc: 'text',
    issuedOn: 'date', validFrom: 'date', validTo: 'date', status: LicenseStatus,
  },
  relations: { holderEnterprise: one(() => EnterpriseAnalyst) },
  order: ['issuedOn', 'validTo', 'validFrom', 'typeCode'],
  connection: { root: 'licenses', description: '电子证照 (e-licenses): filtered, ordered, paged. @default by license id' },
});
