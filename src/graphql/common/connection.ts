/**
 * common/connection
 *
 * Relay connections with keyset cursors. A cursor is an opaque base64url of the sort key.
 */
import { Directive, Field, ObjectType } from 'type-graphql';
import { BadUserInputError } from '../errors.js';
import { DataClass } from '../data-class.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@Directive('@shareable')
@DataClass('STRUCTURE')
@ObjectType({ description: '翻页信息 (where a page lies in its list, Relay).' })
export class PageInfo {
  @Field(() => Boolean, { description: '后面还有 (more rows follow the last edge).' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: '前面还有 (rows come before the first edge).' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: '第一条的游标 (the first edge’s cursor; null for an empty page).' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: '最后一条的游标 (the last edge’s cursor; pass it as `after` for the next page).' })
  endCursor!: string | null;
}

export function encodeCursor(key: string | number): string {
  return Buffer.from(`c:${key}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): string | null {
  if (cursor === null || cursor === undefined) return null;
  const text = cursor.length <= 256 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!text.startsWith('c:')) throw new BadUserInputError('Invalid cursor', { argument: 'after' });
  return text.slice(2);
}

/** A cursor over a numeric log or table id (alerts, quarantine): null when absent. */
export function idCursor(cursor: string | null | undefined, argument = 'after'): number | null {
  const text = decodeCursor(cursor);
  if (text !== null && !/^\d{1,18}$/.test(text)) throw new BadUserInputError('Invalid cursor', { argument });
  return text === null ? null : Number(text);
}

/**
 * A page's size from `first`/`last`: 0 to MAX_PAGE_SIZE. Zero is a page with no edges (as
 * the Relay spec allows): its `totalCount` and `pageInfo` still answer, so an analyst can
 * count without reading rows.
 */
export function pageSize(first: number | null | undefined, argument = 'first'): number {
  const n = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(n) || n < 0 || n > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`${argument} must be between 0 and ${MAX_PAGE_SIZE}`, { argument, max: MAX_PAGE_SIZE });
  }
  return n;
}

/**
 * The rows of a page fetched with `limit n + 1`, turned into edges and page info;
 * `hasPrevious`: whether a row the caller may see lies on the far side of the page's cursor.
 */
export function toConnection<T>(rows: T[], n: number, keyOf: (row: T) => string | number, hasPrevious: boolean) {
  const page = rows.slice(0, n);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(keyOf(node)) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > n, hasPreviousPage: hasPrevious, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

