/**
 * alerts/publish
 *
 * The last step of every ingest transaction: evaluate the enabled rules on what the batch
 * changed and append the alerts and the changes to the event log — in the same
 * transaction, so an alert exists exactly when its change was committed.
 */
import type { Db } from '../db/client.js';
import type { ChangeSet } from '../ingest/changes.js';
import { chinaToday, evaluateChanges } from './evaluate.js';
import { appendToLog, resolveTaxpayers } from './log.js';
import { loadRules } from './rule-store.js';
import type { ViewSettings } from '../views/settings.js';

export async function publishChanges(tx: Db, set: ChangeSet, now: Date, views: ViewSettings): Promise<{ alerts: number; changes: number }> {
  if (set.size === 0) return { alerts: 0, changes: 0 };
  const changes = await resolveTaxpayers(tx, set.changes);
  const drafts = await evaluateChanges(tx, await loadRules(tx), changes, chinaToday(now), views);
  return appendToLog(tx, drafts, changes);
}
