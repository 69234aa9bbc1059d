/**
 * audit/cli
 *
 * `npm run audit:verify`: walks the read audit's hash chain on the configured database
 * (DATABASE_URL, else the PGlite data folder) and names the first row whose content was
 * altered or whose link to its predecessor is broken. Exit 0 intact, 1 broken, 2 error.
 */
import { loadSettings } from '../config.js';
import { openDatabase } from '../db/client.js';
import { verifyAudit } from './audit-log.js';

try {
  const settings = loadSettings();
  const database = await openDatabase({ url: settings.databaseUrl, dataDir: settings.dataDir, role: 'audit-verify' });
  try {
    const { rows, broken } = await verifyAudit(database.db);
    if (broken) {
      console.log(`read audit BROKEN at seq ${broken.seq}: ${broken.reason === 'CONTENT_ALTERED' ? 'its content was altered' : 'its link to the previous row does not match (a row before it was removed or altered)'} (${rows} rows checked)`);
      process.exitCode = 1;
    } else {
      console.log(`read audit intact: ${rows} rows, every hash and link verified`);
    }
  } finally {
    await database.close();
  }
} catch (e) {
  console.error(`audit:verify failed: ${(e as Error).message}`);
  process.exitCode = 2;
}
