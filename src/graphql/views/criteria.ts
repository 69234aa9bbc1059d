/**
 * views/criteria
 *
 * A support policy's criterion, compiled: its `"$name"` parameters filled in, the result
 * checked as an `EnterpriseFilter` (the same input the analysts' `enterprises` takes, with
 * the same errors), and compiled by the analyst filter compiler under the caller's policy
 * — the author's when it is stored, the reader's when matches are listed.
 */
import { coerceInputValue, isInputObjectType, type GraphQLSchema } from 'graphql';
import { Sql } from '../../db/sql-parts.js';
import { fillParams, ParamError } from '../../support/params.js';
import type { AnalystEnv } from '../analyst/access.js';
import { filterSql, rootCols } from '../analyst/filter-sql.js';
import { EnterpriseAnalyst } from '../enterprise/enterprise.analyst.js';
import { BadUserInputError } from '../errors.js';

/** Largest criterion accepted, as JSON. */
export const MAX_CRITERIA_BYTES = 20_000;

export function compileCriteria(schema: GraphQLSchema, env: AnalystEnv, criteria: Record<string, unknown>, params: Record<string, unknown>): Sql {
  if (JSON.stringify(criteria).length > MAX_CRITERIA_BYTES) throw new BadUserInputError(`criteria may hold at most ${MAX_CRITERIA_BYTES} bytes of JSON`, { argument: 'criteria' });
  let filled: unknown;
  try {
    filled = fillParams(criteria, params);
  } catch (e) {
    if (e instanceof ParamError) throw new BadUserInputError(e.message, { argument: 'criteria' });
    throw e;
  }
  const type = schema.getType('EnterpriseFilter');
  if (!isInputObjectType(type)) throw new Error('the schema has no EnterpriseFilter');
  const problems: string[] = [];
  const value = coerceInputValue(filled, type, (path, _invalid, error) => problems.push(`criteria${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}: ${error.message}`));
  if (problems.length) throw new BadUserInputError(`criteria is not an EnterpriseFilter: ${problems.slice(0, 5).join('; ')}`, { argument: 'criteria' });
  return Sql.of`${filterSql(EnterpriseAnalyst, value as Record<string, unknown>, rootCols(EnterpriseAnalyst), env, 'criteria')}`;
}
