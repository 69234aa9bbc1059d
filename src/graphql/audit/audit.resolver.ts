/**
 * audit/audit.resolver
 *
 * `whoAccessed(type, key)`: which departments looked at this enterprise, person, parcel
 * or license, when, and why — newest first, from the read audit. Who may ask is the
 * policy's decision (the demo gives it to the admin only).
 */
import { and, arrayContains, desc, lt } from 'drizzle-orm';
import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { readAudit } from '../../../schema/index.js';
import { validateLicenseId, validateParcelCode, validateResidentId, validateUscc } from '../../domain/identifiers/index.js';
import { pageSize } from '../common/connection.js';
import type { GraphQLContext } from '../context.js';
import { BadUserInputError } from '../errors.js';
import { requireValid } from '../identifier-args.js';
import { AccessRecord, AuditSubject } from './audit.type.js';
import { ArgClasses } from '../data-class.js';

function subjectKey(type: AuditSubject, key: string, ctx: GraphQLContext): string {
  switch (type) {
    case AuditSubject.ENTERPRISE:
      return requireValid(validateUscc(key));
    case AuditSubject.PERSON:
      return ctx.hashPerson(requireValid(validateResidentId(key)));
    case AuditSubject.LAND_PARCEL:
      return requireValid(validateParcelCode(key));
    case AuditSubject.LICENSE:
      return requireValid(validateLicenseId(key));
  }
}

@Resolver()
export class AuditResolver {
  @ArgClasses({ key: 'PERSON_ID' })
  @Query(() => [AccessRecord], { description: '谁读取过：Who read this entity: principal, department, time, declared purpose, operation — newest first.' })
  async whoAccessed(
    @Arg('type', () => AuditSubject, { description: '主体类型 (what kind of subject `key` names).' }) type: AuditSubject,
    @Arg('key', () => String, { description: '主体代码 (the subject’s key: a USCC, parcel code, … as `type` says).' }) key: string,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { description: '条数 (how many records, newest first). @default 20', nullable: true }) first?: number,
    @Arg('beforeSeq', () => Int, { description: '在此序号之前 (records before this audit sequence number, for the next page).', nullable: true }) beforeSeq?: number,
  ): Promise<AccessRecord[]> {
    if (beforeSeq !== undefined && beforeSeq !== null && beforeSeq < 1) throw new BadUserInputError('beforeSeq must be positive', { argument: 'beforeSeq' });
    const subject = `${type}:${subjectKey(type, key, ctx)}`;
    return ctx.db
      .select({
        seq: readAudit.seq, at: readAudit.at, principalId: readAudit.principalId, department: readAudit.department, purpose: readAudit.purpose,
        transport: readAudit.transport, operationType: readAudit.operationType, operationName: readAudit.operationName, outcome: readAudit.outcome,
      })
      .from(readAudit)
      .where(and(arrayContains(readAudit.entities, [subject]), beforeSeq ? lt(readAudit.seq, beforeSeq) : undefined))
      .orderBy(desc(readAudit.seq))
      .limit(pageSize(first));
  }
}
