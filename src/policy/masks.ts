/**
 * policy/masks
 *
 * How a masked value looks. An identity number keeps its first six and last four
 * characters (`340104********1234`); anything else — a natural person's name — keeps its
 * first character (`张*`). Lists are masked item by item. Only text is masked: any other
 * value (a number, a boolean, a date, a code from a closed list) is withheld — null where
 * the schema allows it, refused where it does not (graphql/entity-gate). Pure.
 */
/** The GraphQL scalars whose values are masked as text; other leaves are withheld. */
export const MASKABLE_SCALARS: ReadonlySet<string> = new Set(['String', 'ID']);

/** Shaped like an identity number (18 characters, or the old 15 digits): masked here, redacted in the read audit. */
export const ID_NUMBER_SHAPE = /^(\d{17}[\dXx]|\d{15})$/;

export function maskValue(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map(maskValue);
  if (typeof value !== 'string') return null;
  if (ID_NUMBER_SHAPE.test(value)) return `${value.slice(0, 6)}${'*'.repeat(value.length - 10)}${value.slice(-4)}`;
  const chars = [...value];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 8))}`;
}
