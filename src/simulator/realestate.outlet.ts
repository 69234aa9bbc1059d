/**
 * simulator/realestate.outlet
 *
 * The registration centre's XML drop: one batch per file, `DJ_YYYYMMDD_NNNN.xml`, UTF-8,
 * namespace `urn:bdcdj:exchange:1.0`, element names in pinyin initials, co-owners as
 * repeated QLR, mortgages with DYQR/DYQRZJH/BDBZZQSE (万元), cancellations naming the 业务号
 * they cancel. Written as a stream: bounded memory at any size.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import type { WRegistration, World } from './world.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const el = (name: string, value: string | number | null | undefined) => (value === null || value === undefined || value === '' ? '' : `<${name}>${esc(String(value))}</${name}>`);

export function registrationXml(r: WRegistration): string {
  const holders = r.holders
    .map((h) => `    <QLR>${el('QLRMC', h.name)}${el('ZJLX', h.idType)}${el('ZJH', h.idNumber)}${el('GYFS', h.shareMode)}${el('QLBL', h.share)}</QLR>\n`)
    .join('');
  const mortgage = r.mortgagee ? `    ${el('DYQR', r.mortgagee.name)}${el('DYQRZJH', r.mortgagee.uscc)}${el('BDBZZQSE', r.mortgagee.amount.toFixed(2))}\n` : '';
  const cancels = r.cancelsYwh ? `    <ZXDJ ywh="${esc(r.cancelsYwh)}"/>\n` : '';
  return (
    `  <Registration ywh="${esc(r.ywh)}">\n` +
    `    ${el('BDCDYH', r.unitCode)}${el('BDCQZH', r.certificateNo)}\n` +
    `    ${el('DJLX', r.regType)}${el('DJSJ', r.registeredAt)}\n` +
    `    ${el('YT', r.usage)}${el('MJ', r.areaM2.toFixed(2))}\n` +
    holders + mortgage + cancels +
    `  </Registration>\n`
  );
}

/** Writes the world's registrations as batch files of `perFile`; returns their paths. */
export async function writeRealestateDrop(world: World, dir: string, date: string, perFile = 500): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  let out: ReturnType<typeof createWriteStream> | null = null;
  let inFile = 0;
  const open = async () => {
    const n = String(paths.length + 1).padStart(4, '0');
    const path = join(dir, `DJ_${date}_${n}.xml`);
    paths.push(path);
    out = createWriteStream(path, { encoding: 'utf8' });
    await write(`<?xml version="1.0" encoding="UTF-8"?>\n<DJBatch xmlns="urn:bdcdj:exchange:1.0" batchNo="${date.slice(0, 8)}-${n}" generatedAt="${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T02:00:00+08:00">\n`);
  };
  const write = async (text: string) => {
    if (!out!.write(text)) await once(out!, 'drain');
  };
  const close = async () => {
    if (!out) return;
    await write('</DJBatch>\n');
    out.end();
    await once(out, 'finish');
    out = null;
    inFile = 0;
  };
  for (const e of world.enterprises()) {
    if (e.legacy === 'legacy-only') continue;
    for (const p of world.parcels(e)) {
      for (const r of world.registrations(p)) {
        if (!out) await open();
        await write(registrationXml(r));
        if (++inFile >= perFile) await close();
      }
    }
  }
  await close();
  return paths;
}
