/**
 * common/entity.resolver
 *
 * The fields every entity type shares: its global `id` and its `provenance`.
 */
import { FieldResolver, ID, Resolver, Root, type ClassType } from 'type-graphql';
import { ENTITY_KEYS } from '../entity-gate.js';
import { toGlobalId } from '../global-id.js';
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
  const keyOf = ENTITY_KEYS[typename]!;
  @Resolver(() => type)
  abstract class EntityFields {
    @FieldResolver(() => ID, { description: 'Global ID (Relay).' })
    id(@Root() row: object): string {
      return toGlobalId(typename, keyOf(row));
    }

    @FieldResolver(() => Provenance)
    provenance(@Root() row: ProvenanceRow): Provenance {
      return provenanceOf(row);
    }
  }
  return EntityFields;
}
