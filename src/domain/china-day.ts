/**
 * china-day
 *
 * The calendar day in China (Asia/Shanghai) of an instant, as `YYYY-MM-DD`: rule dates
 * (expiry, decision days), a list file's day, the day a withdrawal was read. Pure.
 */
const format = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today in China at `now` (a Date or epoch milliseconds). */
export const chinaToday = (now: Date | number): string => format.format(now);
