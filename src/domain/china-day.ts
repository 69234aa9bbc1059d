/**
 * china-day
 *
 * The calendar day in China (Asia/Shanghai) of an instant, as `YYYY-MM-DD`: rule dates
 * (expiry, decision days), a list file's day, the day a withdrawal was read; and a day
 * so many days later or earlier. Pure.
 */
const format = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in China at `now` (a Date or epoch milliseconds). */
export const chinaToday = (now: Date | number): string => format.format(now);

/** The day `n` days after `day` (YYYY-MM-DD; negative: before). */
export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
