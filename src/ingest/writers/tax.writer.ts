/**
 * ingest/writers/tax.writer
 *
 * Taxpayers (linked to enterprises when the TIN is a USCC), credit ratings by year,
 * arrears and monthly payments. The newer `updated_at` wins. A TIN that carries a person's
 * ID number is replaced by its keyed pseudonym before anything is hashed or staged.
 */
import { sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { taxArrears, taxPayment, taxRating, taxpayer } from '../../../schema/index.js';
import type { TaxArrears, TaxPayment, TaxRating, Taxpayer } from '../../domain/records.js';
import { contentOf, lastByKey } from '../upsert.js';
import { stageTracked } from '../changes.js';
import { pseudonymousTins } from './taxpayer-pseudonyms.js';
import { provenanceOf, singleTable } from './context.js';

const newer = (col: PgColumn) => sql`${col} <= ${sql.raw(`excluded."${col.name}"`)}`;

export const writeTaxpayers = singleTable<Taxpayer>((ctx, pulled) => {
  const all = pseudonymousTins(ctx, pulled);
  const items = lastByKey(all, (i) => i.record.tin, contentOf);
  const rows = items.map(({ record: t, ...i }) => ({
    tin: t.tin, uscc: t.uscc, name: t.name, status: t.status, taxOffice: t.taxOffice, industryCode: t.industryCode,
    sourceUpdatedAt: t.updatedAt, ...provenanceOf(ctx, i),
  }));
  return stageTracked(taxpayer, [taxpayer.tin], rows, { updateWhere: newer(taxpayer.sourceUpdatedAt) });
});

export const writeTaxRatings = singleTable<TaxRating>((ctx, pulled) => {
  const all = pseudonymousTins(ctx, pulled);
  const items = lastByKey(all, (i) => `${i.record.tin}|${i.record.year}`, contentOf);
  const rows = items.map(({ record: t, ...i }) => ({ tin: t.tin, year: t.year, rating: t.rating, sourceUpdatedAt: t.updatedAt, ...provenanceOf(ctx, i) }));
  return stageTracked(taxRating, [taxRating.tin, taxRating.year], rows, { updateWhere: newer(taxRating.sourceUpdatedAt) });
});

export const writeTaxArrears = singleTable<TaxArrears>((ctx, pulled) => {
  const all = pseudonymousTins(ctx, pulled);
  const items = lastByKey(all, (i) => String(i.record.id), contentOf);
  const rows = items.map(({ record: t, ...i }) => ({
    id: t.id, tin: t.tin, taxItem: t.taxItem, amount: t.amount, since: t.since, status: t.status, sourceUpdatedAt: t.updatedAt,
    ...provenanceOf(ctx, i),
  }));
  return stageTracked(taxArrears, [taxArrears.id], rows, { updateWhere: newer(taxArrears.sourceUpdatedAt) });
});

export const writeTaxPayments = singleTable<TaxPayment>((ctx, pulled) => {
  const all = pseudonymousTins(ctx, pulled);
  const items = lastByKey(all, (i) => `${i.record.tin}|${i.record.year}|${i.record.month}|${i.record.taxItem}`, contentOf);
  const rows = items.map(({ record: t, ...i }) => ({
    tin: t.tin, year: t.year, month: t.month, taxItem: t.taxItem, amount: t.amount, sourceUpdatedAt: t.updatedAt, ...provenanceOf(ctx, i),
  }));
  return stageTracked(taxPayment, [taxPayment.tin, taxPayment.year, taxPayment.month, taxPayment.taxItem], rows, {
    updateWhere: newer(taxPayment.sourceUpdatedAt),
  });
});
