/**
 * common/string-scalar
 *
 * A scalar that is a string of a checked shape (a date, a land-use code): serialised as
 * it is stored, and refused as BAD_USER_INPUT, naming the shape, when a request sends
 * anything else — as a literal or as a variable.
 */
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

export function stringScalar(name: string, description: string, valid: (v: string) => boolean, what: string): GraphQLScalarType {
  const parse = (v: unknown): string => {
    if (typeof v !== 'string' || !valid(v)) throw new GraphQLError(`${name} must be ${what}`, { extensions: { code: 'BAD_USER_INPUT' } });
    return v;
  };
  return new GraphQLScalarType({
    name, description,
    serialize: (v) => String(v),
    parseValue: parse,
    parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
  });
}
