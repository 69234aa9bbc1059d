/**
 * source-priority
 *
 * Which source decides a value when sources disagree. The rule is by the kind of system,
 * not by arrival order: the registration authority is the legal source of an enterprise's
 * name and status; the tax bureau, the e-license library, the credit platform and the
 * real-estate register each repeat the name as they recorded it. The graph keeps the
 * winning value on the entity and shows every source's value beside it.
 */

export const SOURCE_PRIORITY = {
  /** 企业名称: market supervision registers it; others copy it, sometimes late or abbreviated. */
  'Enterprise.name': ['market-registry', 'tax', 'e-license', 'credit', 'realestate'],
} as const satisfies Record<string, readonly string[]>;

export type PrioritisedField = keyof typeof SOURCE_PRIORITY;

/** Rank of a connector kind for a field: 0 is highest; unknown kinds rank last. */
export function priorityOf(field: PrioritisedField, connectorKind: string): number {
  const order = SOURCE_PRIORITY[field] as readonly string[];
  const i = order.indexOf(connectorKind);
  return i < 0 ? order.length : i;
}
