/**
 * text
 *
 * Text no column can hold: NUL (PostgreSQL refuses it in `text` and `jsonb`) and UTF-16
 * surrogates without their pair (not characters at all). Pure checks, shared by the
 * GraphQL input guard and by ingest, which quarantines such records instead of failing
 * the batch, plus the escaped form in which quarantine keeps such raw content.
 */

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

const isStorableText = (s: string): boolean => !UNSTORABLE.test(s);

/**
 * The path of the first string (or object key) in `value` that is not storable, or null.
 * Iterative: values from outside may nest deeply.
 */
export function unstorableTextAt(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (!isStorableText(v)) return path;
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, inner] of Object.entries(v)) {
        const at = path ? `${path}.${k}` : k;
        if (!isStorableText(k)) return at;
        stack.push([inner, at]);
      }
    }
  }
  return null;
}

/** The text with each unstorable character written as its `\uXXXX` escape (for keeping raw content). */
export const escapeUnstorable = (s: string): string =>
  s.replace(UNSTORABLE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
