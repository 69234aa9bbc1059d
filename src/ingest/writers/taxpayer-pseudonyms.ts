/**
 * ingest/writers/taxpayer-pseudonyms
 *
 * A natural person's 纳税人识别号 is their resident ID number (an old individual business's,
 * that number and two digits). The tax writers keep the person keyring's pseudonym in its
 * place — in the row's key, its source key and its content hash — so the clear number is
 * stored nowhere but `person_identity`'s vault, and the pseudonym is the same in every tax
 * table, so a person's ratings, arrears and payments still join to their taxpayer row.
 */
import { personInTin, tinPseudonym } from '../../domain/identifiers/index.js';
import type { TaxArrears, TaxPayment, TaxRating, Taxpayer } from '../../domain/records.js';
import { contentHash } from '../hash.js';
import type { Accepted, PlanContext } from './context.js';

type TaxRecord = Taxpayer | TaxRating | TaxArrears | TaxPayment;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `items` with every person's TIN pseudonymous; the others as they are. */
export function pseudonymousTins<R extends TaxRecord>(ctx: PlanContext, items: Accepted<R>[]): Accepted<R>[] {
  return items.map((item) => {
    const person = personInTin(item.record.tin);
    if (!person) return item;
    const tin = tinPseudonym(ctx.keyring.hash(person.idNumber), person.suffix);
    const record = { ...item.record, tin };
    // The source key names the row by its TIN as the bureau wrote it (any case).
    const sourceKey = item.sourceKey.replace(new RegExp(escapeRegExp(item.record.tin), 'gi'), tin);
    return { ...item, record, sourceKey, contentHash: contentHash(record) };
  });
}
