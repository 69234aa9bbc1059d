/**
 * common/entity-loaders
 *
 * One entity by its type and national key (the key a global ID carries, `entity-keys.ts`),
 * through the request's batched loaders: what `node(id)` and Federation's `_entities` both
 * resolve with, so every representation of one type in a request is one statement.
 */
import type { GraphQLContext } from '../context.js';

type Load = (ctx: GraphQLContext, key: string) => Promise<object | null>;

const LOADERS: Readonly<Record<string, Load>> = {
  Enterprise: (c, k) => (k.startsWith('REG:') ? c.loaders.enterpriseByRegNo.load(k.slice(4)) : c.loaders.enterpriseByUscc.load(k)),
  Person: (c, k) => c.loaders.personByHash.load(k),
  LandParcel: (c, k) => c.loaders.parcelByCode.load(k),
  ParcelEvent: (c, k) => (/^\d{1,15}$/.test(k) ? c.loaders.parcelEventById.load(k) : Promise.resolve(null)),
  Project: (c, k) => c.loaders.projectByCode.load(k),
  RealEstateUnit: (c, k) => c.loaders.unitByCode.load(k),
  Registration: (c, k) => c.loaders.registrationByYwh.load(k),
  License: (c, k) => c.loaders.licenseById.load(k),
  TaxProfile: (c, k) => c.loaders.taxpayerByTin.load(k),
  CreditRecord: (c, k) => (k.includes('|') ? c.loaders.creditRecordByKey.load(k) : Promise.resolve(null)),
  Loan: (c, k) => (k.includes('|') ? c.loaders.loanByKey.load(k) : Promise.resolve(null)),
};

/** Whether entities of `type` can be loaded by key. */
export const loadableByKey = (type: string): boolean => Object.hasOwn(LOADERS, type);

/** The row of `type` with national key `key`, tagged with its `__typename`; null when there is none. */
export async function loadEntity(ctx: GraphQLContext, type: string, key: string): Promise<object | null> {
  const load = Object.hasOwn(LOADERS, type) ? LOADERS[type]! : null;
  const row = load ? await load(ctx, key) : null;
  return row ? { ...row, __typename: type } : null;
}
