/**
 * realestate
 *
 * 不动产登记中心: registrations from XML batch files dropped in a folder. Each file is taken
 * once (name + content hash, kept in the hub's file ledger); a batch number seen again
 * with other content is refused and reported, not merged; a file that is not well-formed
 * or carries a DOCTYPE is refused whole before any of its records land; an `.xml` file not
 * named as a batch is reported once (FILE_NAME_UNEXPECTED) and not read. Cursor: the file
 * being read and how many of its registrations are committed.
 */
import { createHash } from 'node:crypto';
import { defineConnector, type FileReceipt, type PullItem } from '../contract.js';
import { RealestateConfig } from './config.js';
import { mapRegistration } from './map.js';
import { inspect, registrations, XmlRefused } from './parse.js';
import { listDropFiles, openDropFile } from './transport.js';

export interface RealestateCursor {
  readonly file: string;
  readonly sha256: string;
  readonly done: number;
}

export const realestate = defineConnector<RealestateConfig>({
  kind: 'realestate',
  version: '1',
  configSchema: RealestateConfig,
  maxBatch: (config) => config.batchSize,
  async healthCheck(config) {
    await listDropFiles(config.dir);
  },
  async *pull(config, ctx, rawCursor) {
    let cursor = rawCursor as RealestateCursor | null;
    for (const { name, size, stray } of await listDropFiles(config.dir)) {
      const refuse = (reasonCode: string, reason: string, sha256: string, batchNo: string | null): { items: PullItem[]; cursor: unknown; files: FileReceipt[] } => ({
        items: [{ ok: false, recordKind: 'registration', sourceKey: `file:${name}`, raw: JSON.stringify({ file: name, sha256, batchNo, size }), reasonCode, reason }],
        cursor,
        files: [{ name, sha256, batchNo, status: 'rejected', records: 0, detail: `${reasonCode}: ${reason}` }],
      });
      if (stray) {
        // Reported once per name and size, so an operator can rename it; never read as a batch.
        const pseudo = `stray:${size}`;
        if (!(await ctx.receipts.find(name, pseudo))) yield refuse('FILE_NAME_UNEXPECTED', `${name} is not named DJ_YYYYMMDD_NNNN.xml; it is not read`, pseudo, null);
        continue;
      }
      if (size > config.maxFileBytes) {
        const pseudo = `size:${size}`;
        if (!(await ctx.receipts.find(name, pseudo))) yield refuse('FILE_TOO_LARGE', `${name} is ${size} bytes, over the ${config.maxFileBytes}-byte limit`, pseudo, null);
        continue;
      }
      let facts;
      try {
        facts = await inspect(openDropFile(config.dir, name, ctx.signal), config.maxTextChars);
      } catch (e) {
        if (!(e instanceof XmlRefused)) throw e;
        const sha = createHash('sha256').update(`${name}:${size}:${e.reasonCode}`).digest('hex');
        if (!(await ctx.receipts.find(name, sha))) yield refuse(e.reasonCode, `${name}: ${e.message}`, sha, null);
        continue;
      }
      if (await ctx.receipts.find(name, facts.sha256)) continue; // taken (or refused) before
      if (facts.batchNo) {
        const earlier = await ctx.receipts.findBatch(facts.batchNo);
        if (earlier && earlier.sha256 !== facts.sha256) {
          yield refuse('BATCH_RESENT_DIFFERENT', `batch ${facts.batchNo} was taken from ${earlier.name} with other content; ${name} is not merged`, facts.sha256, facts.batchNo);
          continue;
        }
      }
      const skip = cursor && cursor.file === name && cursor.sha256 === facts.sha256 ? cursor.done : 0;
      let items: PullItem[] = [];
      let index = 0;
      for await (const r of registrations(openDropFile(config.dir, name, ctx.signal), config.maxTextChars)) {
        index++;
        if (index <= skip) continue;
        items.push(mapRegistration(r, name, index));
        if (items.length >= config.batchSize) {
          cursor = { file: name, sha256: facts.sha256, done: index };
          yield { items, cursor };
          items = [];
        }
      }
      cursor = { file: name, sha256: facts.sha256, done: index };
      yield { items, cursor, files: [{ name, sha256: facts.sha256, batchNo: facts.batchNo, status: 'processed', records: facts.registrations }] };
    }
  },
});
