/**
 * e-license/map
 *
 * A license object (pulled or pushed, same shape) → a canonical license input.
 */
import type { PullItem } from '../contract.js';

type Obj = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

export function mapLicense(item: unknown): PullItem {
  const raw = JSON.stringify(item) ?? 'null';
  const o = (typeof item === 'object' && item !== null && !Array.isArray(item) ? item : null) as Obj | null;
  if (!o || typeof o.licenseId !== 'string') {
    return { ok: false, recordKind: 'license', sourceKey: null, raw, reasonCode: 'BAD_SHAPE', reason: 'license item is not an object with a licenseId' };
  }
  const fields = typeof o.fields === 'object' && o.fields !== null && !Array.isArray(o.fields) ? (o.fields as Record<string, unknown>) : null;
  return {
    ok: true,
    sourceKey: o.licenseId,
    raw,
    input: {
      kind: 'license', licenseId: o.licenseId, typeCode: str(o.typeCode), typeName: str(o.typeName), holderName: str(o.holderName),
      holderIdType: str(o.holderIdType), holderId: str(o.holderId), issuer: str(o.issuer), issuerUscc: str(o.issuerUscc),
      issuedOn: str(o.issuedOn), validFrom: str(o.validFrom), validTo: str(o.validTo), status: str(o.status), updatedAt: str(o.updatedAt),
      fields,
    },
  };
}
