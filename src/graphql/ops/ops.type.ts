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
@ObjectType({ description: '同步计数：Counts of one sync run.' })
export class SyncCounts {
  @Field(() => Int, { description: '读取 (records read).' }) read!: number;
  @Field(() => Int, { description: '新增 (rows inserted).' }) inserted!: number;
  @Field(() => Int, { description: '更新 (rows changed).' }) updated!: number;
  @Field(() => Int, { description: '未变 (rows already current).' }) unchanged!: number;
  @Field(() => Int, { description: '隔离 (records quarantined).' }) quarantined!: number;
  @Field(() => Int, { description: '撤下：Records a complete full list no longer held, marked withdrawn.' }) withdrawn!: number;
  @Field(() => Int, { description: '告警：Alerts the changes raised.' }) alerts!: number;
  @Field(() => Int, { description: '批次 (batches committed).' }) batches!: number;
}

@Owned({ parent: true })
@DataClass('OPERATIONS')
@ObjectType({ description: '未撤下的全量清单：A complete full list that withdrew nothing this run, and why.' })
export class WithdrawalSkip {
  @Field(() => String, { description: '清单：The list: `credit-record:PENALTY`, `loan`, …' }) list!: string;
  @Field(() => String, { description: '清单日期：ISO date of the list.' }) day!: string;
  @Field(() => String, { description: '原因 (why the withdrawal was skipped).' }) reason!: string;
}

@Owned({ none: true })
@DataClass('OPERATIONS')
@ObjectType({ description: '同步运行：One run of one source.' })
export class SyncRun {
  @Field(() => ID, { description: '运行 ID (run id).' }) id!: string;
  @Field(() => String, { description: '来源系统 ID (source).' }) sourceId!: string;
  @Field(() => Date, { description: '开始时间 (started).' }) startedAt!: Date;
  @Field(() => Date, { description: '结束时间 (finished; null while running).', nullable: true }) finishedAt!: Date | null;
  @Field(() => String, { description: '状态：running | succeeded | failed' }) status!: string;
  @Field(() => SyncCounts, { description: '计数 (records read, written, quarantined).' }) counts!: SyncCounts;
  @Field(() => String, { nullable: true, description: '游标：The cursor after the run, as JSON.' }) cursor!: string | null;
  @Field(() => String, { nullable: true, description: '失败原因：Why it failed: a stable code and a message.' }) error!: string | null;
  @Field(() => [WithdrawalSkip], { description: '未执行撤下的全量清单：Full lists of this run that withdrew nothing (a row without a readable key, a refused or missing file).' })
  withdrawalsSkipped!: WithdrawalSkip[];
}

@Owned({ none: true })
@DataClass('OPERATIONS')
@ObjectType({ description: '隔离记录：A source record the hub refused, with the reason and the raw content.' })
export class QuarantineEntry {
  @Field(() => ID, { description: '记录 ID (entry id).' }) id!: string;
  @Field(() => String, { description: '来源系统 ID (source).' }) sourceId!: string;
  @Field(() => String, { description: '来源主键 (the record’s key in the source).', nullable: true }) sourceKey!: string | null;
  @Field(() => String, { description: '记录类型 (what kind of record it was).' }) recordKind!: string;
  @Field(() => String, { description: '原因代码：Stable code, e.g. USCC_CHECKSUM, CSV_RAGGED_ROW, XML_DOCTYPE_REFUSED.' }) reasonCode!: string;
  @Field(() => String, { description: '原因 (why it was refused).' }) reason!: string;
  @Field(() => String, { description: '原始内容：The record as the source sent it (capped at 1 MiB).' }) raw!: string;
  @Field(() => Boolean, { description: '可重处理：Whether reprocessQuarantine can validate it again.' }) reprocessable!: boolean;
  @Field(() => Date, { description: '接收时间 (when it arrived).' }) receivedAt!: Date;
  @Field(() => Date, { description: '处理时间 (when it was accepted on reprocessing).', nullable: true }) resolvedAt!: Date | null;
  @Field(() => String, { description: '处理结果 (how it was resolved).', nullable: true }) resolution!: string | null;
}

@DataClass('STRUCTURE')
@ObjectType({ description: '隔离记录列表中的一条 (one entry of a page).' })
export class QuarantineEdge {
  @Field(() => QuarantineEntry, { description: '隔离记录 (the entry).' }) node!: QuarantineEntry;
  @Field(() => String, { description: '游标 (this entry’s cursor).' }) cursor!: string;
}

@DataClass('STRUCTURE')
@ObjectType({ description: '隔离记录分页列表 (a page of quarantined records).' })
export class QuarantineConnection {
  @Field(() => [QuarantineEdge], { description: '本页 (this page’s entries).' }) edges!: QuarantineEdge[];
  @Field(() => PageInfo, { description: '翻页信息 (page info).' }) pageInfo!: PageInfo;
}

@Owned({ none: true })
@DataClass('OPERATIONS')
@ObjectType({ description: '重处理结果 (what reprocessing did).' })
export class ReprocessResult {
  @Field(() => Int, { description: '检查条数 (entries examined).' }) examined!: number;
  @Field(() => Int, { description: '接收条数 (accepted now).' }) accepted!: number;
  @Field(() => Int, { description: '仍被拒绝 (still refused, with their reasons).' }) stillRejected!: number;
  @Field(() => Int, { description: '无法重处理 (entries that cannot be reprocessed).' }) notReprocessable!: number;
}

@Owned({ none: true })
@DataClass('OPERATIONS')
@ObjectType({ description: '来源系统状态：A configured source and how fresh its data is.' })
export class SourceStatus {
  @Field(() => String, { description: '来源系统 ID (source id).' }) id!: string;
  @Field(() => String, { description: '连接器 (connector kind).' }) connector!: string;
  @Field(() => Boolean, { description: '启用 (whether it syncs).' }) enabled!: boolean;
  @Field(() => Boolean, { description: '宽松校验 (whether pilot-era codes are admitted with a warning).' }) lenient!: boolean;
  @Field(() => Int, { description: '同步间隔 (seconds between syncs).' }) everySeconds!: number;
  @Field(() => SyncRun, { description: '最近一次运行 (the latest run).', nullable: true }) lastRun!: SyncRun | null;
  @Field(() => Date, { nullable: true, description: '最近成功时间：When the last successful run finished.' }) lastSuccessAt!: Date | null;
  @Field(() => Int, { nullable: true, description: '滞后秒数：Seconds since the last successful run finished.' }) lagSeconds!: number | null;
  @Field(() => String, { nullable: true, description: '游标：The committed cursor, as JSON.' }) cursor!: string | null;
}
