/**
 * common/date.scalar
 *
 * `Date`: a calendar day as YYYY-MM-DD, for every date the graph holds (founded, decided,
 * valid to, …) and every date a filter takes. A day that does not exist (2026-02-30) is
 * refused as BAD_USER_INPUT.
 */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const realDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

const parse = (v: unknown): string => {
  if (typeof v !== 'string' || !realDay(v)) throw new GraphQLError('Date must be a real calendar day as YYYY-MM-DD', { extensions: { code: 'BAD_USER_INPUT' } });
  return v;
};

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: '日期 (a calendar day), YYYY-MM-DD, e.g. "2026-01-01".',
  serialize: (v) => String(v),
  parseValue: parse,
  parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
});
