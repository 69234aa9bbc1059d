/**
 * views/timeline
 *
 * 一码管地 — one land code's whole life: the eight stages in their order, each DONE (an
 * event records it), NOT_APPLICABLE (no event, but a later stage is done: the parcel went
 * on without it, e.g. 划拨 land has no 出让 supply) or PENDING (not reached yet), with its
 * date, the days since the previous done stage, and its events. Built from the events by
 * stage, not by arrival: events that arrive out of order land in their stage. Pure.
 */

export const STAGES = [
  'PLANNING', 'SITE_PREAPPROVAL', 'LAND_USE_APPROVAL', 'LAND_SUPPLY', 'PLANNING_PERMIT', 'CONSTRUCTION_PERMIT', 'COMPLETION_ACCEPTANCE', 'REGISTRATION',
] as const;
export type Stage = (typeof STAGES)[number];
export type StageStatus = 'DONE' | 'PENDING' | 'NOT_APPLICABLE';

export interface StageEvent {
  readonly eventId: number;
  readonly stage: string;
  readonly occurredOn: string | null;
}

export interface TimelineEntry<E extends StageEvent> {
  readonly stage: Stage;
  /** 1–8. */
  readonly order: number;
  readonly status: StageStatus;
  /** The stage's first recorded date. */
  readonly date: string | null;
  /** Days since the previous done stage's date (null for the first, or without dates). */
  readonly daysSincePrevious: number | null;
  /** The stage's events, by date then event id. */
  readonly events: readonly E[];
}

const DAY = 86_400_000;

export function timelineOf<E extends StageEvent>(events: readonly E[]): TimelineEntry<E>[] {
  const by = new Map<string, E[]>();
  for (const e of events) by.set(e.stage, [...(by.get(e.stage) ?? []), e]);
  for (const list of by.values()) list.sort((a, b) => (a.occurredOn ?? '9999').localeCompare(b.occurredOn ?? '9999') || a.eventId - b.eventId);
  const last = Math.max(-1, ...STAGES.map((s, i) => (by.has(s) ? i : -1)));
  let previous: string | null = null;
  return STAGES.map((stage, i) => {
    const list = by.get(stage) ?? [];
    const date = list.find((e) => e.occurredOn)?.occurredOn ?? null;
    const status: StageStatus = list.length ? 'DONE' : i < last ? 'NOT_APPLICABLE' : 'PENDING';
    const days = date && previous ? Math.round((Date.parse(date) - Date.parse(previous)) / DAY) : null;
    if (date) previous = date;
    return { stage, order: i + 1, status, date, daysSincePrevious: days, events: list };
  });
}
