/**
 * federation/any.scalar
 *
 * `_Any`, Federation's representation scalar: a JSON object naming its `__typename`,
 * as a variable or as a literal. Anything else is BAD_USER_INPUT.
 */
import { GraphQLError, GraphQLScalarType, valueFromASTUntyped } from 'graphql';

export interface Representation {
  readonly __typename: string;
  readonly [field: string]: unknown;
}

const parse = (v: unknown): Representation => {
  if (!v || typeof v !== 'object' || Array.isArray(v) || typeof (v as { __typename?: unknown }).__typename !== 'string') {
    throw new GraphQLError('A representation is an object with a "__typename" and the fields of one of its type’s keys', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return v as Representation;
};

export const AnyScalar = new GraphQLScalarType({
  name: '_Any',
  description: '实体表示 (Federation: an entity representation, `{ __typename, <key field>: value }`).',
  serialize: (v) => v,
  parseValue: parse,
  parseLiteral: (ast, variables) => parse(valueFromASTUntyped(ast, variables)),
});
