/**
 * alerts/filter
 *
 * Alert and entity-change filters, each in two forms that must agree: SQL conditions for
 * replay and paged queries, and an in-memory predicate for the live fan-out. Inputs are
 * already checked (codes valid) by the GraphQL layer.
 */
import { and, eq, gte, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import { alert, entityChange } from '../../schema/index.js';
import { divisionRange } from '../domain/divisions.js';
import type { AlertRow, ChangeRow } from './log.js';

export interface AlertFilter {
  readonly kinds?: readonly string[] | null;
  /** A county, city or province code: alerts in any county under it. */
  readonly division?: string | null;
  readonly enterpriseUscc?: string | null;
  readonly parcelCode?: string | null;
  /** Only alerts nobody has acknowledged (for paged queries; a live alert is always new). */
  readonly unacknowledged?: boolean | null;
}

export function alertConditions(f: AlertFilter): SQL[] {
  const out: SQL[] = [];
  if (f.kinds?.length) out.push(inArray(alert.kind, [...f.kinds]));
  if (f.division) {
    const { from, to } = divisionRange(f.division);
    out.push(and(gte(alert.divisionCode, from), lt(alert.divisionCode, to))!);
  }
  if (f.enterpriseUscc) out.push(eq(alert.enterpriseUscc, f.enterpriseUscc));
  if (f.parcelCode) out.push(eq(alert.parcelCode, f.parcelCode));
  if (f.unacknowledged) out.push(isNull(alert.acknowledgedAt));
  return out;
}

export function alertMatcher(f: AlertFilter): (a: AlertRow) => boolean {
  const kinds = f.kinds?.length ? new Set(f.kinds) : null;
  const range = f.division ? divisionRange(f.division) : null;
  return (a) =>
    (!kinds || kinds.has(a.kind)) &&
    (!range || (a.divisionCode !== null && a.divisionCode >= range.from && a.divisionCode < range.to)) &&
    (!f.enterpriseUscc || a.enterpriseUscc === f.enterpriseUscc) &&
    (!f.parcelCode || a.parcelCode === f.parcelCode) &&
    (!f.unacknowledged || a.acknowledgedAt === null);
}

/** What a front-end watches: one enterprise (and every record linked to it), one parcel, or one record. */
export interface Watch {
  readonly type: string;
  readonly key: string;
}

export function changeConditions(w: Watch): SQL[] {
  const own = and(eq(entityChange.entityType, w.type), eq(entityChange.entityKey, w.key))!;
  if (w.type === 'Enterprise') return [or(own, eq(entityChange.enterpriseUscc, w.key))!];
  if (w.type === 'LandParcel') return [or(own, eq(entityChange.parcelCode, w.key))!];
  return [own];
}

export function changeMatcher(w: Watch): (c: ChangeRow) => boolean {
  return (c) =>
    (c.entityType === w.type && c.entityKey === w.key) ||
    (w.type === 'Enterprise' && c.enterpriseUscc === w.key) ||
    (w.type === 'LandParcel' && c.parcelCode === w.key);
}
