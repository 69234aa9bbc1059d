/**
 * formula
 *
 * Text a spreadsheet would run as a formula: a cell starting with `=`, `+`, `-`, `@`, a
 * tab or a carriage return (OWASP's CSV-injection list; security battery E03). Such text
 * is data — an enterprise may really be named `=HYPERLINK(…)` in a hostile file, and
 * dropping the row would drop the enterprise and everything linked to it — so ingest
 * stores it as written and flags it in `warnings`, and every CSV export escapes it with a
 * leading `'`. Pure.
 */

/** Whether `s` starts like a formula. A `-` or `+` starting a plain number (`-5`, `+86 551…`) is still escaped on export, but not flagged. */
export function startsLikeFormula(s: string): boolean {
  return /^[=@\t\r]/.test(s) || /^[-+](?![\d.\s]*$)/.test(s);
}

/**
 * Warnings for the top-level text fields of a validated record that start like a
 * formula, in field order: `name: starts like a spreadsheet formula …`.
 */
export function formulaWarnings(record: object): string[] {
  const out: string[] = [];
  for (const [field, value] of Object.entries(record)) {
    if (field !== 'kind' && typeof value === 'string' && startsLikeFormula(value)) {
      out.push(`${field}: starts like a spreadsheet formula; stored as text, escaped with a leading ' in CSV exports`);
    }
  }
  return out;
}

/** RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled. */
export const csvQuote = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** One CSV cell as an export writes it: a formula-looking start neutralised with `'`, then RFC 4180 quoting. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return csvQuote(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
}

/** One CSV line (CRLF-terminated) of `cells`. */
export const csvRow = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;
