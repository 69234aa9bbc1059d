/**
 * alerts/entity-change.resolver
 *
 * `entityChanged(type, key)`: every change to one enterprise, parcel or license (and the
 * records linked to it), replayed after a cursor and then live.
 */
import type { GraphQLObjectType } from 'graphql';
import { Arg, Ctx, FieldResolver, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { entityChange } from '../../../schema/index.js';
import { CHANGE_TYPE_CLASSES } from '../../policy/classes.js';
import { readableFacts } from '../common/filters.js';
import { changeConditions, changeMatcher, type Watch } from '../../alerts/filter.js';
import { changesAfter, type ChangeRow } from '../../alerts/log.js';
import { ReplayThenLive } from '../../alerts/stream.js';
import { validateLicenseId, validateParcelCode, validateUscc } from '../../domain/identifiers/index.js';
import { encodeCursor, idCursor } from '../common/connection.js';
import type { GraphQLContext } from '../context.js';
import { Enterprise } from '../enterprise/enterprise.type.js';
import { NotFoundError } from '../errors.js';
import { requireValid } from '../identifier-args.js';
import { LandParcel } from '../land/land.type.js';
import { FromEvent, Link } from '../planner/declare.js';
import { audienceOf, requireEvents, SLOW_CONSUMER_CLOSE } from './alert.resolver.js';
import { ChangeOpEnum, EntityChange, WatchedType } from './entity-change.type.js';

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

export const toChange = (c: ChangeRow): EntityChange => ({
  cursor: encodeCursor(c.id), entityType: c.entityType, entityKey: c.entityKey, op: c.op as ChangeOpEnum, fields: c.fields.map(camel),
  sourceId: c.sourceId, changedAt: c.changedAt, enterpriseUscc: c.enterpriseUscc, parcelCode: c.parcelCode,
});

function checkWatch(type: WatchedType, key: string): Watch {
  const checked =
    type === WatchedType.ENTERPRISE ? requireValid(validateUscc(key)) : type === WatchedType.LAND_PARCEL ? requireValid(validateParcelCode(key)) : requireValid(validateLicenseId(key));
  return { type, key: checked };
}

/** The watched entity's GraphQL type and row (null when it does not exist yet: its changes may still come). */
async function watched(watch: Watch, context: GraphQLContext): Promise<[string, Record<string, unknown> | null]> {
  if (watch.type === WatchedType.ENTERPRISE) return ['Enterprise', await context.loaders.enterpriseByUscc.load(watch.key)];
  if (watch.type === WatchedType.LAND_PARCEL) return ['LandParcel', await context.loaders.parcelByCode.load(watch.key)];
  return ['License', await context.loaders.licenseById.load(watch.key)];
}

async function changeStream({ args, context, info }: SubscribeResolverData<unknown, { type: WatchedType; key: string; after?: string }, GraphQLContext>) {
  const watch = checkWatch(args.type, args.key);
  // One may watch what one may see: anything else (another division's, a type one may not read) is not there.
  const [typeName, row] = await watched(watch, context);
  const type = info.schema.getType(typeName) as GraphQLObjectType;
  const scopedOut = context.gate.scoped && !(row && (await context.gate.visibleRow(type, row, context.loaders, false)));
  if (!context.gate.readable(info.schema, type) || scopedOut) throw new NotFoundError(typeName);
  const after = idCursor(args.after);
  const bus = requireEvents(context);
  // Changes of records of a class one may not read (a loan, for a department denied loans) are not sent.
  const readable = (c: ChangeRow) => context.gate.classReadable(CHANGE_TYPE_CLASSES[c.entityType]);
  const matches = changeMatcher(watch);
  const live = bus.subscribeChanges(audienceOf<ChangeRow>(context, 'entityChanged', watch, (c) => matches(c) && readable(c)), context.queueLimits, () =>
    context.connection?.drop(SLOW_CONSUMER_CLOSE, 'Consumer too slow: reconnect with your last cursor'),
  );
  const where = [...changeConditions(watch), readableFacts(context.gate, entityChange.entityType, CHANGE_TYPE_CLASSES)];
  return new ReplayThenLive<ChangeRow>(live, (id, limit) => changesAfter(context.db, id, limit, where), (c) => c.id, after, bus.liveFrom('change'));
}

@Resolver(() => EntityChange)
export class EntityChangeResolver {
  @FromEvent({ by: ['id'], key: (row: ChangeRow) => [row.id] })
  @Subscription(() => EntityChange, {
    subscribe: changeStream,
    description: '实体变化订阅：Changes to one enterprise, parcel or license and the records linked to it, with the source of each. With `after`, first every change since that cursor.',
  })
  entityChanged(
    @Root() row: ChangeRow,
    @Arg('type', () => WatchedType, { description: '主体类型 (what kind of entity).' }) _type: WatchedType,
    @Arg('key', () => String, { description: '主体代码 (the watched entity’s key).' }) _key: string,
    @Arg('after', () => String, { description: '从此游标之后 (replay changes after this cursor, then live).', nullable: true }) _after?: string,
  ): EntityChange {
    return toChange(row);
  }

  @Link({ one: true, where: (c, p) => `${c.uscc} = ${p.enterpriseUscc}` })
  @FieldResolver(() => Enterprise, { description: '相关企业 (the enterprise).', nullable: true })
  enterprise(@Root() c: EntityChange, @Ctx() ctx: GraphQLContext) {
    return c.enterpriseUscc ? ctx.loaders.enterpriseByUscc.load(c.enterpriseUscc) : null;
  }

  @Link({ one: true, where: (c, p) => `${c.parcelCode} = ${p.parcelCode}` })
  @FieldResolver(() => LandParcel, { description: '相关宗地 (the parcel).', nullable: true })
  parcel(@Root() c: EntityChange, @Ctx() ctx: GraphQLContext) {
    return c.parcelCode ? ctx.loaders.parcelByCode.load(c.parcelCode) : null;
  }
}
