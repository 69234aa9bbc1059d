/**
 * support/params
 *
 * A support policy's named parameters: in its stored criterion a string `"$name"` stands
 * for the parameter `name`, so one criterion serves several calls of a programme (a
 * capital ceiling, a founding date) and a changed figure is a new version. Pure.
 */

const NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
type Scalar = string | number | boolean;

export class ParamError extends Error {}

/** Checks the parameters: names, and scalar values (or lists of them). */
export function checkParams(params: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(params)) {
    if (!NAME.test(k)) throw new ParamError(`parameter name "${k}" must be a letter then letters, digits or _ (at most 40)`);
    const ok = (x: unknown): x is Scalar => ['string', 'number', 'boolean'].includes(typeof x);
    if (!(ok(v) || (Array.isArray(v) && v.length <= 1000 && v.every(ok)))) throw new ParamError(`parameter ${k} must be a string, number, boolean, or a list of them`);
  }
}

/** The criterion with every `"$name"` replaced by its parameter; an unknown name is an error. */
export function fillParams(criteria: unknown, params: Record<string, unknown>): unknown {
  if (typeof criteria === 'string' && criteria.startsWith('$')) {
    const name = criteria.slice(1);
    if (!(name in params)) throw new ParamError(`criteria name $${name}, which is not among the parameters (${Object.keys(params).join(', ') || 'none'})`);
    return params[name];
  }
  if (Array.isArray(criteria)) return criteria.map((c) => fillParams(c, params));
  if (criteria && typeof criteria === 'object') return Object.fromEntries(Object.entries(criteria).map(([k, v]) => [k, fillParams(v, params)]));
  return criteria;
}
