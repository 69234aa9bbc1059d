/**
 * china-day
 *
 * The calendar day in China (Asia/Shanghai) of an instant, as `YYYY-MM-DD`: rule dates
 * (expiry, decision days), a list file's day, the day a withdrawal was read; and a day
 * so many days later or earlier. Pure.
 */
const format = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The last day formatted and its UTC hour: since 1970 a day in China begins on a whole UTC hour (+08:00; +09:00 in the summers of 1986–1991). */
let last = { hour: Number.NaN, day: '' };

/** Today in China at `now` (a Date or epoch milliseconds). Formatted once per hour (a request asks it on the read path). */
export const chinaToday = (now: Date | number): string => {
  const ms = typeof now === 'number' ? now : now.getTime();
  if (!(ms >= 0)) return format.format(ms);
  const hour = Math.floor(ms / 3_600_000);
  if (hour !== last.hour) last = { hour, day: format.format(ms) };
  return last.day;
};

/** The day `n` days after `day` (YYYY-MM-DD; negative: before). */
export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
