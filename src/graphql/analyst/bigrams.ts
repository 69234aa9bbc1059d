/**
 * analyst/bigrams
 *
 * The two-character pieces of a text, as the database's `gg_bigrams` (migration 0019)
 * indexes a searchable field by: a `contains` or `startsWith` of two or more characters
 * asks the index for the rows holding all of its pieces, and the LIKE beside it checks
 * their order. Characters, not UTF-16 units (a name's rarer characters, 𠮷, are one each),
 * as PostgreSQL's `substr` counts them. Pure.
 */

/** The distinct two-character pieces of `text`, in order of first appearance (none for fewer than two characters). */
export function bigramsOf(text: string): string[] {
  const chars = [...text];
  const pieces = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) pieces.add(chars[i]! + chars[i + 1]!);
  return [...pieces];
}
