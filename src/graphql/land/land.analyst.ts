/**
 * land/land.analyst
 *
 * What analysts may ask of parcels, their lifecycle events and projects: the `parcels`
 * and `projects` connections and `parcelStats` (area by division, land use, current stage).
 */
import { landParcel, parcelEvent, project } from '../../../schema/index.js';
import { divisionDims } from '../analyst/dimensions.js';
import { ParcelStage } from '../analyst/scalars.js';
import { describeEntity, many, one } from '../analyst/spec.js';
import { EnterpriseAnalyst } from '../enterprise/enterprise.analyst.js';
import { RealEstateUnitAnalyst, RegistrationAnalyst } from '../realestate/realestate.analyst.js';
import { LandParcel, ParcelEvent, Project } from './land.type.js';

export const LandParcelAnalyst = describeEntity({
  type: LandParcel,
  typeName: 'LandParcel', label: '宗地',
  table: landParcel,
  tiebreak: 'parcelCode',
  fields: {
    parcelCode: 'text', divisionCode: 'division', location: 'text', areaM2: 'amount', landUse: 'landUse', landUseName: 'text', rightType: 'text', ownership: 'text',
  },
  relations: {
    events: many(() => ParcelEventAnalyst), units: many(() => RealEstateUnitAnalyst), registrations: many(() => RegistrationAnalyst),
    projects: many(() => ProjectAnalyst), enterprises: many(() => EnterpriseAnalyst),
  },
  order: ['areaM2', 'landUse', 'divisionCode'],
  connection: { root: 'parcels', description: '宗地 (land parcels): filtered, ordered, paged. @default by parcel code' },
  stats: {
    root: 'parcelStats',
    description: '宗地分组统计 (parcel statistics): counts and area (m²) per group.',
    groups: {
      ...divisionDims((c) => c.divisionCode!, 'LandParcel.divisionCode', 'parcel'),
      LAND_USE: { key: 'landUse', sql: (c) => c.landUse!, field: 'LandParcel.landUse', description: '土地用途二级类 (GB/T 21010 land-use subclass)' },
      LAND_USE_CLASS: { key: 'landUseClass', sql: (c) => `left(${c.landUse}, 2)`, field: 'LandParcel.landUse', description: '土地用途一级类 (GB/T 21010 land-use class)' },
      STAGE: {
        key: 'stage', field: 'ParcelEvent.stage', description: '当前阶段 (current lifecycle stage: the latest event’s)',
        sql: (c) => `(SELECT e.stage FROM ${'parcel_event'} e WHERE e.parcel_code = ${c.parcelCode} ORDER BY e.occurred_on DESC NULLS LAST, e.event_id DESC LIMIT 1)`,
      },
      RIGHT_TYPE: { key: 'rightType', sql: (c) => c.rightType!, field: 'LandParcel.rightType', description: '权利类型 (出让 / 划拨 / 集体)' },
      OWNERSHIP: { key: 'ownership', sql: (c) => c.ownership!, field: 'LandParcel.ownership', description: '所有权 (G 国有 / J 集体 / Z 争议)' },
    },
    measures: { areaM2: 'amount' },
  },
});

export const ParcelEventAnalyst = describeEntity({
  type: ParcelEvent,
  typeName: 'ParcelEvent', label: '地块事件',
  table: parcelEvent,
  tiebreak: 'eventId',
  fields: { eventId: 'int', parcelCode: 'text', stage: ParcelStage, docNo: 'text', occurredOn: 'date', enterpriseUscc: 'text', projectCode: 'text' },
  relations: { enterprise: one(() => EnterpriseAnalyst), project: one(() => ProjectAnalyst), parcel: one(() => LandParcelAnalyst) },
  order: ['occurredOn'],
});

export const ProjectAnalyst = describeEntity({
  type: Project,
  typeName: 'Project', label: '投资项目',
  table: project,
  tiebreak: 'projectCode',
  fields: { projectCode: 'text', scheme: 'text', divisionCode: 'division', year: 'int', sectorCode: 'text', typeCode: 'text' },
  relations: { parcels: many(() => LandParcelAnalyst), events: many(() => ParcelEventAnalyst), enterprises: many(() => EnterpriseAnalyst) },
  order: ['year', 'divisionCode'],
  connection: { root: 'projects', description: '投资项目 (investment projects): filtered, ordered, paged. @default by project code' },
});
