/**
 * test/support/world-connector
 *
 * A connector that yields the demo world's registrations, e-licenses, credit records and
 * loans as canonical inputs — for tests that need those links before their own connectors
 * exist. It goes through the same ingest pipeline as every real source.
 */
import { z } from 'zod';
import { defineConnector, type PullItem } from '../../connectors/contract.js';
import type { World } from '../../src/simulator/world.js';

export function worldConnector(world: World) {
  return defineConnector<Record<string, never>>({
    kind: 'test-world',
    version: '1',
    configSchema: z.object({}).strict() as never,
    healthCheck: async () => {},
    async *pull() {
      let items: PullItem[] = [];
      for (const e of world.enterprises()) {
        if (e.legacy === 'legacy-only') continue;
        for (const p of world.parcels(e)) {
          for (const r of world.registrations(p)) {
            items.push({
              ok: true, sourceKey: r.ywh, raw: JSON.stringify(r),
              input: {
                kind: 'registration', ywh: r.ywh, unitCode: r.unitCode, certificateNo: r.certificateNo, regType: r.regType,
                registeredAt: r.registeredAt, usage: r.usage, areaM2: r.areaM2,
                holders: r.holders.map((h) => ({ name: h.name, idType: h.idType, idNumber: h.idNumber, shareMode: h.shareMode, share: h.share })),
                mortgageeName: r.mortgagee?.name, mortgageeUscc: r.mortgagee?.uscc, securedAmount: r.mortgagee?.amount, cancelsYwh: r.cancelsYwh,
              },
            });
          }
        }
        for (const l of world.licenses(e)) {
          items.push({ ok: true, sourceKey: l.licenseId, raw: JSON.stringify(l), input: { kind: 'license', ...l, fields: null } });
        }
        for (const c of world.credit(e)) {
          items.push({
            ok: true, sourceKey: `${c.kind}:${c.docNo}`, raw: JSON.stringify(c),
            input: {
              kind: 'credit-record', recordKind: c.kind, docNo: c.docNo, subjectName: c.subjectName, uscc: c.uscc, category: c.category,
              content: c.content, fineAmount: c.fine, decidedOn: c.decidedOn, authority: c.authority, authorityUscc: c.authorityUscc || null,
              publicityUntil: c.publicityUntil, court: c.court, filedOn: c.kind === 'DEFAULTER' ? c.decidedOn : null,
              publishedOn: c.kind === 'DEFAULTER' ? c.decidedOn : null, listStatus: c.kind === 'DEFAULTER' ? (c.listed ? '在列' : '已移出') : null,
            },
          });
        }
        for (const l of world.loans(e)) {
          items.push({
            ok: true, sourceKey: `${l.lenderCode}:${l.contractNo}`, raw: JSON.stringify(l),
            input: {
              kind: 'loan', borrowerUscc: l.borrowerUscc, borrowerName: l.borrowerName, lenderName: l.lender, lenderCode: l.lenderCode,
              contractNo: l.contractNo, disbursedOn: l.disbursedOn, maturesOn: l.maturesOn, amount: l.amount, loanType: l.loanType,
              firstLoan: l.firstLoan ? '是' : '否',
            },
          });
        }
        if (items.length >= 500) {
          yield { items, cursor: { enterprise: e.index } };
          items = [];
        }
      }
      yield { items, cursor: { done: true } };
    },
  });
}
