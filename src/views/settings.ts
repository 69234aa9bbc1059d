/**
 * views/settings
 *
 * The reform views' rules, held as data in the hub's configuration (`views`): which firms
 * count as small or micro (by registered capital per industry section), how recent a tax
 * payment makes a firm active, what the enterprise profile calls expiring or recent, and
 * the 亩均税收 targets of industrial land per county and land use.
 */
import { z } from 'zod';
import { isKnownDivision } from '../domain/divisions.js';

const Capital = z.number().min(0).max(1e9);

/** One industry's thresholds (注册资本, 万元): ≤ micro is MICRO, ≤ small is SMALL, above is MEDIUM_LARGE. */
export const SizeBand = z.strictObject({
  /** GB/T 4754 section letters (`C` 制造业) or industry-code prefixes (`C39`); the longest matching prefix wins. */
  industries: z.array(z.string().regex(/^[A-T][0-9]{0,4}$/, 'a GB/T 4754 section letter or code prefix')).min(1),
  micro: Capital,
  small: Capital,
}).refine((b) => b.micro <= b.small, 'micro must not exceed small');

export const SizeRule = z.strictObject({
  /** Industries not named in `bands`. */
  default: z.strictObject({ micro: Capital, small: Capital }).refine((b) => b.micro <= b.small, 'micro must not exceed small'),
  bands: z.array(SizeBand).default([]),
  /** 企业类型 containing one of these (e.g. 个体工商户) are MICRO whatever their capital. */
  microEntityTypes: z.array(z.string().min(1).max(40)).default(['个体']),
});
export type SizeRule = z.infer<typeof SizeRule>;

export const LandTarget = z.strictObject({
  /** A county (or city) division code; the most specific one covering the parcel applies. */
  division: z.string().regex(/^\d{6}$/).refine(isKnownDivision, 'not a known GB/T 2260 division code'),
  /** A GB/T 21010 land-use code or prefix (`06` all industrial, `0601` 工业用地). */
  landUse: z.string().regex(/^\d{2,4}$/),
  /** 亩均税收 target, 万元 per 亩 per year. */
  taxPerMu: z.number().min(0).max(1e6),
});

export const ViewSettings = z.strictObject({
  /** 小微企业 by registered capital and industry (the thresholds are data: change them here). */
  sizeRule: SizeRule.prefault({ default: { micro: 100, small: 1000 } }),
  /** Active: a tax payment for one of the last N calendar months (the current month included). */
  activeMonths: z.number().int().min(1).max(60).default(12),
  /** Market statuses that count as operating (登记状态). */
  operatingStatuses: z.array(z.string().min(1)).min(1).default(['存续', '在业']),
  /** Tax registration statuses that count as operating. */
  operatingTaxStatuses: z.array(z.string().min(1)).min(1).default(['正常']),
  profile: z.strictObject({
    /** A valid license expiring within this many days is "expiring". */
    expiringDays: z.number().int().min(1).max(3650).default(90),
    /** Penalties decided within this many years count. */
    penaltyYears: z.number().int().min(1).max(20).default(3),
  }).prefault({}),
  /** 亩均税收 targets of industrial parcels (land use 06…); a parcel no target covers has none. */
  landTargets: z.array(LandTarget).default([]),
});
export type ViewSettings = z.infer<typeof ViewSettings>;

export const defaultViewSettings = (): ViewSettings => ViewSettings.parse({});
