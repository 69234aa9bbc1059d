/**
 * realestate/realestate.analyst
 *
 * What analysts may ask of real-estate units and registrations: the `units` and
 * `registrations` connections.
 */
import { realEstateUnit, registration } from '../../../schema/index.js';
import { RegistrationKind } from '../analyst/scalars.js';
import { describeEntity, many, one } from '../analyst/spec.js';
import { LandParcelAnalyst } from '../land/land.analyst.js';
import { RealEstateUnit, Registration } from './realestate.type.js';

export const RealEstateUnitAnalyst = describeEntity({
  type: RealEstateUnit,
  typeName: 'RealEstateUnit', label: '不动产单元',
  table: realEstateUnit,
  tiebreak: 'unitCode',
  fields: { unitCode: 'text', parcelCode: 'text', fixtureType: 'text', usage: 'text' },
  relations: { parcel: one(() => LandParcelAnalyst), registrations: many(() => RegistrationAnalyst) },
  order: ['parcelCode'],
  connection: { root: 'units', description: '不动产单元 (real-estate units): filtered, ordered, paged. @default by unit code' },
});

export const RegistrationAnalyst = describeEntity({
  type: Registration,
  typeName: 'Registration', label: '不动产登记',
  table: registration,
  tiebreak: 'ywh',
  fields: { ywh: 'text', unitCode: 'text', certificateNo: 'text', kind: RegistrationKind, usage: 'text', cancelsYwh: 'text', registeredAt: 'date' },
  relations: { unit: one(() => RealEstateUnitAnalyst), cancels: one(() => RegistrationAnalyst), cancelledBy: many(() => RegistrationAnalyst) },
  order: ['registeredAt', 'unitCode'],
  connection: { root: 'registrations', description: '不动产登记 (real-estate registrations): filtered, ordered, paged. @default by 业务号' },
});
