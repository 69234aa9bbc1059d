/**
 * common/date.scalar
 *
 * `Date`: a calendar day as YYYY-MM-DD, for every date the graph holds (founded, decided,
 * valid to, …) and every date a filter takes. A day that does not exist (2026-02-30) is
 * refused as BAD_USER_INPUT.
 */
import { stringScalar } from './string-scalar.js';

const realDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

export const DateScalar = stringScalar('Date', '日期 (a calendar day), YYYY-MM-DD, e.g. "2026-01-01".', realDay, 'a real calendar day as YYYY-MM-DD');
