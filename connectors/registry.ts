/**
 * connectors/registry
 *
 * The explicit list of connector kinds. A new source is one folder plus one line here.
 */
import type { Connector } from './contract.js';
import { credit } from './credit/index.js';
import { elicense } from './e-license/index.js';
import { land } from './land/index.js';
import { marketRegistry } from './market-registry/index.js';
import { realestate } from './realestate/index.js';
import { tax } from './tax/index.js';

export const connectors: ReadonlyMap<string, Connector<any>> = new Map(
  [marketRegistry, land, realestate, elicense, credit, tax].map((c) => [c.kind, c as Connector<any>]),
);
