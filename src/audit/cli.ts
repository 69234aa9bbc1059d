/**
 * audit/cli
 *
 * `npm run audit:verify`: walks the read audit's hash chain on the configured database
 * (DATABASE_URL, else the PGlite data folder) and names the first row whose content was
 * altered or whose link to its predecessor is broken; with anchors configured, checks the
 * chain against them too (a truncated tail, a recomputed chain, a forged anchor). Exit 0
 * intact, 1 broken, 2 error.
 */
import { loadSettings } from '../config.js';
import { openDatabase } from '../db/client.js';
import { anchorKey, verifyAnchors, type AnchorFinding } from './anchors.js';
import { verifyAudit } from './audit-log.js';

const describeAnchor = (f: AnchorFinding) =>
  'line' in f ? `anchor line ${f.line} does not verify (forged or altered)`
    : f.reason === 'TAIL_TRUNCATED' ? `rows up to the anchored seq ${f.seq} are gone (the newest rows were deleted)`
      : f.reason === 'CHAIN_RECOMPUTED' ? `seq ${f.seq} no longer has its anchored hash (rows were rewritten and the chain recomputed)`
        : `the anchored row ${f.seq} is missing`;

try {
  const settings = loadSettings();
  const database = await openDatabase({ url: settings.databaseUrl, dataDir: settings.dataDir, role: 'audit-verify' });
  try {
    const { rows, broken } = await verifyAudit(database.db);
    const anchor = settings.config.audit.anchor;
    const finding = anchor && !broken ? await verifyAnchors(database.db, anchor.file, anchorKey(anchor)) : null;
    if (finding) {
      console.log(`read audit BROKEN: ${describeAnchor(finding)} (${rows} rows checked against ${anchor!.file})`);
      process.exitCode = 1;
    } else if (broken) {
      console.log(`read audit BROKEN at seq ${broken.seq}: ${broken.reason === 'CONTENT_ALTERED' ? 'its content was altered' : 'its link to the previous row does not match (a row before it was removed or altered)'} (${rows} rows checked)`);
      process.exitCode = 1;
    } else {
      console.log(`read audit intact: ${rows} rows, every hash and link verified${anchor ? ', every anchor holds' : ''}`);
    }
  } finally {
    await database.close();
  }
} catch (e) {
  console.error(`audit:verify failed: ${(e as Error).message}`);
  process.exitCode = 2;
}
