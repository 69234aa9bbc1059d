/**
 * db/sql-parts
 *
 * SQL text with its parameters kept apart, built piece by piece by the analyst filter,
 * order and aggregate compilers and the reform views: the same statement runs as drizzle
 * SQL (the resolvers, the alert rules) or as numbered text inside a planned statement (the
 * read planner), and a compiled criterion can be stored as its parts (support policies).
 * Text comes from declarations and configuration; values never enter the text. The one
 * place outside ingest's upsert builders that hands text to drizzle raw.
 */
import { sql, type SQL } from 'drizzle-orm';

type Part = string | { readonly param: unknown };

/** A text constant from a declaration or the configuration as an SQL string literal (never a request's value: those are parameters). */
export const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export class Sql {
  private constructor(readonly parts: readonly Part[]) {}

  static text(text: string): Sql {
    return new Sql([text]);
  }

  static param(value: unknown): Sql {
    return new Sql([{ param: value }]);
  }

  /** Tagged template: strings are SQL text, interpolated `Sql` pieces are spliced, anything else is a parameter. */
  static of(strings: TemplateStringsArray, ...values: unknown[]): Sql {
    const parts: Part[] = [];
    strings.forEach((s, i) => {
      if (s) parts.push(s);
      if (i < values.length) {
        const v = values[i];
        if (v instanceof Sql) parts.push(...v.parts);
        else parts.push({ param: v });
      }
    });
    return new Sql(parts);
  }

  /** Parts as stored (`toParts`), e.g. a support policy's compiled criterion. */
  static fromParts(parts: readonly (string | { readonly param: unknown })[]): Sql {
    return new Sql(parts.map((p) => (typeof p === 'string' ? p : { param: p.param })));
  }

  static join(pieces: readonly Sql[], separator: string): Sql {
    const parts: Part[] = [];
    pieces.forEach((p, i) => {
      if (i > 0) parts.push(separator);
      parts.push(...p.parts);
    });
    return new Sql(parts);
  }

  /** This, then `next`. */
  append(next: Sql): Sql {
    return new Sql([...this.parts, ...next.parts]);
  }

  /** The parts, to store (`fromParts`). */
  toParts(): (string | { param: unknown })[] {
    return this.parts.map((p) => (typeof p === 'string' ? p : { param: p.param }));
  }

  /** For drizzle: parameters bound as drizzle params. */
  toDrizzle(): SQL {
    return sql.join(this.parts.map((p) => (typeof p === 'string' ? sql.raw(p) : sql.param(p.param))));
  }

  /** Numbered text (`$1` …, after `offset` parameters already bound) and its values. */
  toText(offset = 0): { text: string; params: unknown[] } {
    const params: unknown[] = [];
    const text = this.parts.map((p) => (typeof p === 'string' ? p : `$${offset + params.push(p.param)}`)).join('');
    return { text, params };
  }
}

/** `a AND b AND …`, or `true` for none. */
export const allOf = (pieces: readonly Sql[]): Sql => (pieces.length ? Sql.join(pieces.map((p) => Sql.of`(${p})`), ' AND ') : Sql.text('true'));
