/**
 * ops/ops.type
 *
 * The ingest ledger as people running the hub see it: sync runs, quarantined records,
 * and each source's freshness.
 */
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../common/connection.js';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';

@Owned({ parent: true })
@DataClass('OPERATIONS')
@ObjectType({ description: 'Counts of one sync run.' })
export class SyncCounts {
  @Field(() => Int) read!: number;
  @Field(() => Int) inserted!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int) quarantined!: number;
  @Field(() => Int, { description: 'Records a complete full list no longer held, marked withdrawn.' }) withdrawn!: number;
  @Field(() => Int, { description: 'Alerts the changes raised.' }) alerts!: number;
  @Field(() => Int) batches!: number;
}

@Owned({ parent: true })
@DataClass('OPERATIONS')
@ObjectType({ description: 'A complete full list that withdrew nothing this run, and why.' })
export class WithdrawalSkip {
  @Field(() => String, { description: 'The list: `credit-record:PENALTY`, `loan`, …' }) list!: string;
  @Field(() => String, { description: 'ISO date of the list.' }) day!: string;
  @Field(() => String) reason!: string;
}

@Owned({ none: true })
@DataClass('OPERATIONS')
@ObjectType({ description: 'One run of one source.' })
export class SyncRun {
  @Field(() => ID) id!: string;
  @Field(() => String) sourceId!: string;
  @Field(() => Date) startedAt!: Date;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => String, { description: 'running | succeeded | failed' }) status!: string;
  @Field(() => SyncCounts) counts!: SyncCounts;
  @Field(() => String, { nullable: true, description: 'The cursor after the run, as JSON.' }) cursor!: string | null;
  @Field(() => String, { nullable: true, description: 'Why it failed: a stable code and a message.' }) error!: string | null;
  @Field(() => [WithdrawalSkip], { description: 'Full lists of this run that withdrew nothing (a row without a readable key, a refused or missing file).' })
  withdrawalsSkipped!: WithdrawalSkip[];
}

@Owned({ none: true })
@DataClass('OPERATIONS')
@ObjectType({ description: 'A source record the hub refused, with the reason and the raw content.' })
export class QuarantineEntry {
  @Field(() => ID) id!: string;
  @Field(() => String) sourceId!: string;
  @Field(() => String, { nullable: true }) sourceKey!: string | null;
  @Field(() => String) recordKind!: string;
  @Field(() => String, { description: 'Stable code, e.g. USCC_CHECKSUM, CSV_RAGGED_ROW, XML_DOCTYPE_REFUSED.' }) reasonCode!: string;
  @Field(() => String) reason!: string;
  @Field(() => String, { description: 'The record as the source sent it (capped at 1 MiB).' }) raw!: string;
  @Field(() => Boolean, { description: 'Whether reprocessQuarantine can validate it again.' }) reprocessable!: boolean;
  @Field(() => Date) receivedAt!: Date;
  @Field(() => Date, { nullable: true }) resolvedAt!: Date | null;
  @Field(() => String, { nullable: true }) resolution!: string | null;
}

@DataClass('STRUCTURE')
@ObjectType()
export class QuarantineEdge {
  @Field(() => QuarantineEntry) node!: QuarantineEntry;
  @Field(() => String) cursor!: string;
}

@DataClass('STRUCTURE')
@ObjectType()
export class QuarantineConnection {
  @Field(() => [QuarantineEdge]) edges!: QuarantineEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

@Owned({ none: true })
@DataClass('OPERATIONS')
@ObjectType()
export class ReprocessResult {
  @Field(() => Int) examined!: number;
  @Field(() => Int) accepted!: number;
  @Field(() => Int) stillRejected!: number;
  @Field(() => Int) notReprocessable!: number;
}

@Owned({ none: true })
@DataClass('OPERATIONS')
@ObjectType({ description: 'A configured source and how fresh its data is.' })
export class SourceStatus {
  @Field(() => String) id!: string;
  @Field(() => String) connector!: string;
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => Boolean) lenient!: boolean;
  @Field(() => Int) everySeconds!: number;
  @Field(() => SyncRun, { nullable: true }) lastRun!: SyncRun | null;
  @Field(() => Date, { nullable: true, description: 'When the last successful run finished.' }) lastSuccessAt!: Date | null;
  @Field(() => Int, { nullable: true, description: 'Seconds since the last successful run finished.' }) lagSeconds!: number | null;
  @Field(() => String, { nullable: true, description: 'The committed cursor, as JSON.' }) cursor!: string | null;
}
