/**
 * credit/credit.type
 *
 * Credit records (双公示 licensing and penalties, court defaulters) and bank loans.
 */
import { Field, Float, ObjectType } from 'type-graphql';
import { DateScalar } from '../common/date.scalar.js';
import { Node } from '../common/node.type.js';
import { Provenance } from '../common/provenance.type.js';
import { DataClass } from '../data-class.js';
import { Owned } from '../ownership.js';
import { FromTable } from '../planner/declare.js';
import { creditRecord, loan } from '../../../schema/index.js';

@FromTable(creditRecord, { columns: ['kind', 'docNo'] })
@Owned({ enterprise: 'uscc' })
@DataClass('CREDIT_PENALTY')
@ObjectType({ implements: Node, description: '信用记录：A credit record from the credit platform.' })
export class CreditRecord extends Node {
  @Field(() => String, { description: '类别：LICENSING | PENALTY | DEFAULTER' })
  kind!: string;

  @Field(() => String, { description: '决定文书号 or 案号' })
  docNo!: string;

  @DataClass('PERSON_NAME')
  @Field(() => String, { description: '行政相对人名称 (the subject’s name as the record gives it).' })
  subjectName!: string;

  @Field(() => String, { description: '统一社会信用代码 (the subject’s USCC).', nullable: true })
  uscc!: string | null;

  @Field(() => String, { description: '类别 (penalty or licensing category, e.g. 罚款).', nullable: true })
  category!: string | null;

  @Field(() => String, { description: '内容 (what was decided).', nullable: true })
  content!: string | null;

  @Field(() => Float, { nullable: true, description: '罚款金额, 万元.' })
  fineAmount!: string | null;

  @Field(() => DateScalar, { nullable: true, description: '决定日期 (date decided).' })
  decidedOn!: string | null;

  @Field(() => String, { description: '决定机关 (deciding authority).', nullable: true })
  authority!: string | null;

  @Field(() => DateScalar, { nullable: true, description: '公示截止日期 (publicity ends).' })
  publicityUntil!: string | null;

  @Field(() => String, { description: '执行法院 (enforcing court, for a court defaulter).', nullable: true })
  court!: string | null;

  @Field(() => Boolean, { description: '已撤下：No longer on the platform’s current list (kept, never deleted). Lists of credit records leave these out unless asked (`includeWithdrawn`).' })
  withdrawn!: boolean;

  @Field(() => DateScalar, { nullable: true, description: '撤下日期 (date withdrawn): the day of the first complete list that no longer held it, or the day the hub read 已移出.' })
  withdrawnOn!: string | null;

  @Field(() => String, { nullable: true, description: '撤下原因：Why: REMOVED_BY_SOURCE (the list says 已移出) or MISSING_FROM_LIST (absent from a later complete list).' })
  withdrawnReason!: string | null;

  @Field(() => [String], { description: '数据提示：Ingest warnings, e.g. text that starts like a spreadsheet formula (stored as text, escaped in CSV exports).' })
  warnings!: string[];

  @Field(() => Provenance, { description: '来源 (where this record came from).' })
  provenance!: Provenance;
}

@FromTable(loan, { columns: ['lenderCode', 'contractNo'] })
@Owned({ enterprise: 'borrowerUscc' })
@DataClass('FINANCIAL')
@ObjectType({ implements: Node, description: '贷款：A loan from the banks’ ledger (金融机构贷款台账).' })
export class Loan extends Node {
  @Field(() => String, { description: '借款人统一社会信用代码 (borrower’s USCC).' })
  borrowerUscc!: string;

  @Field(() => String, { description: '贷款机构 (lender’s name).' })
  lenderName!: string;

  @Field(() => String, { description: '贷款机构代码 (lender code).' })
  lenderCode!: string;

  @Field(() => String, { description: '合同编号 (contract number, unique per lender).' })
  contractNo!: string;

  @Field(() => DateScalar, { nullable: true, description: '放款日期 (date disbursed).' })
  disbursedOn!: string | null;

  @Field(() => DateScalar, { nullable: true, description: '到期日期 (date due).' })
  maturesOn!: string | null;

  @Field(() => Float, { description: '万元' })
  amount!: string;

  @Field(() => String, { description: '信用 / 抵押 / 保证' })
  loanType!: string;

  @Field(() => Boolean, { description: '是否首贷' })
  firstLoan!: boolean;

  @Field(() => Boolean, { description: '已移出：No longer in the banks’ current ledger (kept, never deleted). Lists of loans leave these out unless asked (`includeWithdrawn`).' })
  withdrawn!: boolean;

  @Field(() => DateScalar, { nullable: true, description: '移出日期 (date withdrawn): the day of the first complete ledger file that no longer held it.' })
  withdrawnOn!: string | null;

  @Field(() => String, { nullable: true, description: '移出原因：Why: MISSING_FROM_LIST (absent from a later complete ledger file).' })
  withdrawnReason!: string | null;

  @Field(() => [String], { description: '数据提示：Ingest warnings, e.g. text that starts like a spreadsheet formula (stored as text, escaped in CSV exports).' })
  warnings!: string[];

  @Field(() => Provenance, { description: '来源 (where this loan came from).' })
  provenance!: Provenance;
}
