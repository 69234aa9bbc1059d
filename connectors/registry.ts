/**
 * connectors/registry
 *
 * The explicit list of connector kinds. A new source is one folder plus one line here.
 */
import type { Connector } from './contract.js';
import { marketRegistry } from './market-registry/index.js';
import { land } from './land/index.js';
import { tax } from './tax/index.js';

export const connectors: ReadonlyMap<string, Connector<any>> = new Map(
  [marketRegistry, land, tax].map((c) => [c.kind, c as Connector<any>]),
);
