/**
 * simulator/csv
 *
 * RFC 4180 writing for the simulator's file outlets: quote fields holding a comma, quote
 * or line break; CRLF line ends.
 */
export function csvLine(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields
    .map((f) => {
      const s = f === null || f === undefined ? '' : String(f);
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',')}\r\n`;
}
