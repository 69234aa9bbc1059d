/**
 * common/entity.resolver
 *
 * The fields every entity type shares: its global `id` and its `provenance`.
 */
import { FieldResolver, ID, Resolver, Root, type ClassType } from 'type-graphql';
import { entityKeyOf, keySql } from '../entity-keys.js';
import { toGlobalId } from '../global-id.js';
import { Computed, Link } from '../planner/declare.js';
import { globalId } from '../planner/sql-text.js';
import { Provenance } from './provenance.type.js';

export interface ProvenanceRow {
  sourceId: string;
  sourceKey: string;
  fetchedAt: Date;
  contentHash: string;
}

export const provenanceOf = (row: ProvenanceRow): Provenance => ({
  sourceId: row.sourceId,
  sourceKey: row.sourceKey,
  fetchedAt: row.fetchedAt,
  contentHash: row.contentHash,
});

export function EntityResolver(type: ClassType, typename: string) {
  const found = entityKeyOf(typename);
  if (!found) throw new Error(`${typename} has no national key declared (@FromTable(table, key))`);
  const keyOf = found;
  @Resolver(() => type)
  abstract class EntityFields {
    @Computed((t, self) => {
      if (!self.key) throw new Error(`${typename} has no key declared (@FromTable)`);
      return globalId(typename, keySql(self.key, t));
    })
    @FieldResolver(() => ID, { description: '全局 ID：Global ID (Relay).' })
    id(@Root() row: object): string {
      return toGlobalId(typename, keyOf(row));
    }

    @Link({ inline: () => 'true' })
    @FieldResolver(() => Provenance)
    provenance(@Root() row: ProvenanceRow): Provenance {
      return provenanceOf(row);
    }
  }
  return EntityFields;
}
