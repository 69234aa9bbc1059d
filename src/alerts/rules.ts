/**
 * alerts/rules
 *
 * The alert kinds, each with its parameters (checked with zod), severity and whether it
 * runs on a schedule as well as on ingested changes. Rules live in `alert_rule`; the
 * defaults below are seeded by migration 0004 and are managed afterwards by mutations.
 */
import { z } from 'zod';

export const ALERT_KINDS = [
  'LICENSE_EXPIRING', 'ADMIN_PENALTY', 'COURT_DEFAULTER', 'TAX_ARREARS', 'TAX_RATING_D', 'NEW_MORTGAGE',
  'DEREGISTERED_WITH_VALID_LICENSES', 'PARCEL_STALLED', 'NO_LOAN_LISTED', 'FIRST_LOAN_GRANTED', 'POLICY_ELIGIBLE',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const SEVERITIES = ['INFO', 'WARNING', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

const days = (max: number, fallback: number) => z.number().int().min(1).max(max).default(fallback);
const amount = z.number().min(0).max(1e12).default(0);

/** Parameter schemas per kind. Unknown keys are refused, so a typo is an error, not a silent default. */
export const PARAMS = {
  /** A valid license whose `validTo` is at most `daysBefore` days away. */
  LICENSE_EXPIRING: z.strictObject({ daysBefore: days(365, 30) }),
  /** A new administrative penalty decided within `maxAgeDays`, fine (万元) at least `minFine`. */
  ADMIN_PENALTY: z.strictObject({ maxAgeDays: days(3650, 90), minFine: amount }),
  /** An enterprise newly on the court defaulters list, filed or published within `maxAgeDays`. */
  COURT_DEFAULTER: z.strictObject({ maxAgeDays: days(3650, 90) }),
  /** Unpaid tax arrears (元) of at least `minAmount`: new, or turned unpaid again. */
  TAX_ARREARS: z.strictObject({ minAmount: amount }),
  /** A tax credit rating falling to D, for rating years at most `maxAgeYears` old. */
  TAX_RATING_D: z.strictObject({ maxAgeYears: z.number().int().min(0).max(20).default(1) }),
  /** A new mortgage registration registered within `maxAgeDays`, secured amount at least `minSecuredAmount` (万元). */
  NEW_MORTGAGE: z.strictObject({ maxAgeDays: days(3650, 90), minSecuredAmount: amount }),
  /** An enterprise deregistered (注销) while it still holds a valid license. */
  DEREGISTERED_WITH_VALID_LICENSES: z.strictObject({}),
  /** A parcel whose latest lifecycle event is older than `days` and not at a final stage. */
  PARCEL_STALLED: z.strictObject({
    days: days(3650, 365),
    finalStages: z.array(z.string().min(1).max(40)).max(20).default(['REGISTRATION']),
  }),
  /** An enterprise entering the no-loan list (无贷户名单; the list's rule is the `views` configuration). Once per enterprise. */
  NO_LOAN_LISTED: z.strictObject({}),
  /** An enterprise on the no-loan list receiving its first loan (是否首贷 = 是, or its first live loan in the ledger). Once per enterprise. */
  FIRST_LOAN_GRANTED: z.strictObject({}),
  /** An enterprise newly meeting an active support policy's criterion (免申即享). Once per (policy version, enterprise). */
  POLICY_ELIGIBLE: z.strictObject({}),
} satisfies Record<AlertKind, z.ZodType>;

export type RuleParams<K extends AlertKind> = z.infer<(typeof PARAMS)[K]>;

export const SEVERITY: Readonly<Record<AlertKind, Severity>> = {
  LICENSE_EXPIRING: 'WARNING',
  ADMIN_PENALTY: 'WARNING',
  COURT_DEFAULTER: 'CRITICAL',
  TAX_ARREARS: 'WARNING',
  TAX_RATING_D: 'CRITICAL',
  NEW_MORTGAGE: 'INFO',
  DEREGISTERED_WITH_VALID_LICENSES: 'CRITICAL',
  PARCEL_STALLED: 'WARNING',
  NO_LOAN_LISTED: 'INFO',
  FIRST_LOAN_GRANTED: 'INFO',
  POLICY_ELIGIBLE: 'INFO',
};

/** Kinds that also run on a schedule (their condition becomes true by the calendar alone). */
export const SCHEDULED_KINDS: ReadonlySet<AlertKind> = new Set(['LICENSE_EXPIRING', 'PARCEL_STALLED']);

export interface Rule<K extends AlertKind = AlertKind> {
  readonly id: number;
  readonly kind: K;
  readonly name: string;
  readonly params: RuleParams<K>;
  readonly enabled: boolean;
  readonly scheduledThrough: string | null;
}

export type ParamsCheck = { ok: true; params: Record<string, unknown> } | { ok: false; problems: string[] };

/** Checks (and completes with defaults) a rule's parameters. */
export function checkParams(kind: AlertKind, params: unknown): ParamsCheck {
  const parsed = PARAMS[kind].safeParse(params ?? {});
  if (parsed.success) return { ok: true, params: parsed.data as Record<string, unknown> };
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'params'}: ${i.message}`) };
}

export const isAlertKind = (k: string): k is AlertKind => (ALERT_KINDS as readonly string[]).includes(k);

/** A stored rule row as a typed rule; a row whose stored params no longer parse is skipped by the caller. */
export function toRule(row: { id: number; kind: string; name: string; params: unknown; enabled: boolean; scheduledThrough: string | null }): Rule | null {
  if (!isAlertKind(row.kind)) return null;
  const check = checkParams(row.kind, row.params);
  if (!check.ok) return null;
  return { id: row.id, kind: row.kind, name: row.name, params: check.params as never, enabled: row.enabled, scheduledThrough: row.scheduledThrough };
}

/** The rules a new database starts with (seeded by migrations/0004_default_alert_rules.sql and, for the reform views' kinds, 0012 and 0013). */
export const DEFAULT_RULES: readonly { kind: AlertKind; name: string; params: Record<string, unknown> }[] = [
  { kind: 'LICENSE_EXPIRING', name: 'License expires within 30 days', params: { daysBefore: 30 } },
  { kind: 'ADMIN_PENALTY', name: 'New administrative penalty', params: { maxAgeDays: 90, minFine: 0 } },
  { kind: 'COURT_DEFAULTER', name: 'Put on the court defaulters list', params: { maxAgeDays: 90 } },
  { kind: 'TAX_ARREARS', name: 'Tax arrears', params: { minAmount: 0 } },
  { kind: 'TAX_RATING_D', name: 'Tax credit rating fell to D', params: { maxAgeYears: 1 } },
  { kind: 'NEW_MORTGAGE', name: 'New mortgage on a parcel', params: { maxAgeDays: 90, minSecuredAmount: 0 } },
  { kind: 'DEREGISTERED_WITH_VALID_LICENSES', name: 'Deregistered with valid licenses', params: {} },
  { kind: 'PARCEL_STALLED', name: 'Parcel lifecycle stalled for a year', params: { days: 365, finalStages: ['REGISTRATION'] } },
  { kind: 'NO_LOAN_LISTED', name: 'Entered the no-loan list (无贷户名单)', params: {} },
  { kind: 'FIRST_LOAN_GRANTED', name: 'First loan granted to a listed firm (首贷)', params: {} },
  { kind: 'POLICY_ELIGIBLE', name: 'Newly eligible for a support policy (免申即享)', params: {} },
];
