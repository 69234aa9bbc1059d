import { describe, expect, it } from 'vitest';
import {
  maskResidentId,
  personInTin,
  TIN_PSEUDONYM,
  tinPseudonym,
  mod11_10,
  mod37_36,
  orgCodeCheck,
  unitBelongsToParcel,
  usccCheck,
  validateLicenseId,
  validateParcelCode,
  validateProjectCode,
  validateRegistrationNumber,
  validateResidentId,
  validateUnitCode,
  validateUscc,
} from './index.js';

describe('USCC (GB 32100-2015)', () => {
  const valid = [
    '91350100M000100Y43', '91110000600037341L', '91340000711771143J', '91340100578516708N', '91340100MA8NEH400Q',
    '91340200743082289Q', '91340222MA2MXM3F23', '91341171MA2WNB2240', '91341103MA2TWC9B1Q', '9134110275298062X0',
    '92340603MA2PBMCG0U', '121200004013590816', '11100000000013338W',
  ];
  it.each(valid)('accepts %s', (code) => {
    const r = validateUscc(code);
    expect(r.ok, JSON.stringify(r)).toBe(true);
  });
  it('reproduces the worked sums', () => {
    expect(usccCheck('91350100M000100Y4')).toBe('3');
    expect(usccCheck('91340100MA8NEH400')).toBe('Q');
    expect(orgCodeCheck('MA8NEH40')).toBe('0');
    expect(orgCodeCheck('M000100Y')).toBe('4');
  });
  it.each([
    ['91110000600037341N', 'CHECKSUM'],
    ['91350100M000100Y44', 'CHECKSUM'],
    ['9111000060003IOZSV', 'CHARSET'],
    ['91350100M000100Y4Z', 'CHARSET'],
    ['12345', 'LENGTH'],
    ['', 'EMPTY'],
    ['91340100MA8NEH401Q', 'ORG_CODE_CHECKSUM'],
    ['91AB0100MA8NEH400Q', 'FORMAT'],
  ])('rejects %s with %s', (code, expected) => {
    const r = validateUscc(code);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(expected);
      expect(r.message).not.toContain(code || '\u0000');
    }
  });
  it('keeps early Fujian pilot codes only in lenient mode, flagged', () => {
    for (const code of ['91350211M0000XUF46', '91350100M0001TGQXM', '91350203M0001FUE2P']) {
      expect(validateUscc(code).ok).toBe(false);
      const r = validateUscc(code, { lenient: true });
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.details.lenient).toBe(true);
        expect(r.warnings.length).toBe(1);
      }
    }
  });
  it('normalises full-width characters, spaces and lower case', () => {
    const r = validateUscc(' ９１３４０１００ma8neh400q ');
    expect(r.ok && r.value).toBe('91340100MA8NEH400Q');
  });
  it('reports the registering authority division, not an address', () => {
    const r = validateUscc('91340000711771143J');
    expect(r.ok && r.details.divisionCode).toBe('340000');
  });
  it('checks the 15-digit registration number structurally', () => {
    expect(validateRegistrationNumber('340100000123456').ok).toBe(true);
    expect(validateRegistrationNumber('34010000012345').ok).toBe(false);
    expect(validateRegistrationNumber('34010000012345A').ok).toBe(false);
  });
});

describe('resident ID (GB 11643-1999, MOD 11-2)', () => {
  it.each(['11010519491231002X', '440524188001010014', '360426199101010071', '44011320141005001X', '340104199001011239', '340122198506150021'])(
    'accepts %s',
    (id) => expect(validateResidentId(id).ok).toBe(true),
  );
  it.each([
    ['36042619910102009X', 'CHECKSUM'],
    ['360426199113010079', 'DATE'],
    ['340104199002301236', 'DATE'],
    ['34010419900101123A', 'FORMAT'],
    ['3401041990010112', 'LENGTH'],
  ])('rejects %s with %s', (id, code) => {
    const r = validateResidentId(id);
    expect(r.ok === false && r.code).toBe(code);
  });
  it('accepts HK/Macao/Taiwan and foreign permanent residents by checksum, reporting their kind', () => {
    const hk = '81000019900101' + '123';
    const fpr = '93315619900101' + '003';
    for (const [body, kind] of [[hk, 'hmt-resident'], [fpr, 'foreign-permanent-resident']] as const) {
      let check = '';
      for (const c of '0123456789X') if (validateResidentId(body + c).ok) check = c;
      const r = validateResidentId(body + check);
      expect(r.ok && r.details.holderKind).toBe(kind);
    }
  });
  it('masks for display', () => {
    expect(maskResidentId('340104199001011239')).toBe('340104********1239');
  });
});

describe('a TIN that holds a person’s ID number', () => {
  it('is the ID number itself, or the ID number and a two-digit sequence, in any spelling', () => {
    expect(personInTin('340104199001011239')).toEqual({ idNumber: '340104199001011239', suffix: '' });
    expect(personInTin(' 11010519491231002x ')).toEqual({ idNumber: '11010519491231002X', suffix: '' });
    expect(personInTin('３４０１０４１９９００１０１１２３９')).toEqual({ idNumber: '340104199001011239', suffix: '' });
    expect(personInTin('34010419900101123907')).toEqual({ idNumber: '340104199001011239', suffix: '07' });
  });
  it.each([
    ['91340100MA2N0000XX', 'an enterprise’s USCC'],
    ['340104199001011238', 'a failing check digit'],
    ['3401041990010112390A', 'a sequence that is not two digits'],
    ['340104199001011', 'fifteen digits (an old tax code or an old ID number: not told apart)'],
    ['34010419900101123', 'too short'],
  ])('is not %s (%s)', (tin) => expect(personInTin(tin)).toBeNull());
  it('is kept as its pseudonym: P-, 40 hex digits of the keyed hash, then the sequence', () => {
    const hash = 'ab'.repeat(32);
    expect(tinPseudonym(hash, '')).toBe(`P-${'AB'.repeat(20)}`);
    expect(tinPseudonym(hash, '07')).toBe(`P-${'AB'.repeat(20)}07`);
    expect(TIN_PSEUDONYM.test(tinPseudonym(hash, '07'))).toBe(true);
    expect(personInTin(tinPseudonym(hash, ''))).toBeNull();
  });
});

describe('parcel and unit codes (GB/T 37346-2019)', () => {
  it('accepts the standard examples and links a unit to its parcel', () => {
    for (const p of ['340123002004GB00011', '340123002004GS00019', '340123002004GX00020', '340104001002GB00123']) {
      expect(validateParcelCode(p).ok).toBe(true);
    }
    const u = validateUnitCode('340104001002GB00123F00010001');
    expect(u.ok && u.details.parcelCode).toBe('340104001002GB00123');
    expect(unitBelongsToParcel('340104001002GB00123F00010001', '340104001002GB00123')).toBe(true);
    expect(unitBelongsToParcel('340104001002GB00123F00010001', '340104001002GB00124')).toBe(false);
    expect(validateUnitCode('340123002004GB00011W00000000').ok).toBe(true);
  });
  it.each([
    ['999999001002GB00123', 'DIVISION'],
    ['340104001002QB00123', 'FORMAT'],
    ['340104001002GB0012', 'LENGTH'],
  ])('rejects parcel %s with %s', (code, err) => {
    const r = validateParcelCode(code);
    expect(r.ok === false && r.code).toBe(err);
  });
  it('rejects a bare-land unit with a fixture number and a unit on an unknown division', () => {
    expect(validateUnitCode('340123002004GB00011W00000001').ok).toBe(false);
    const r = validateUnitCode('999999002004GB00011F00010001');
    expect(r.ok === false && r.code).toBe('DIVISION');
  });
  it('flags virtual parcels', () => {
    const r = validateParcelCode('340104000000GB00001');
    expect(r.ok && r.details.virtual).toBe(true);
  });
  it('knows retired and development-zone divisions', () => {
    expect(validateParcelCode('340222001001GB00001').ok).toBe(true);
    expect(validateParcelCode('341171001001GB00001').ok).toBe(true);
  });
});

describe('project code (both schemes)', () => {
  it('accepts new-scheme codes by MOD 11,10 and legacy codes structurally', () => {
    for (const c of ['2512-420984-04-01-395957', '2603-141124-89-05-346948', '2509-320193-89-01-544060']) {
      const r = validateProjectCode(c);
      expect(r.ok && r.details.scheme).toBe('gb40058');
    }
    for (const c of ['2020-340100-47-03-012345', '2020-451421-88-03-016343']) {
      const r = validateProjectCode(c);
      expect(r.ok && r.details.scheme).toBe('legacy');
    }
  });
  it('reproduces the reference vectors', () => {
    expect(mod11_10('2512420984040139595')).toBe('7');
    expect(mod11_10('79462')).toBe('3');
    expect(mod11_10('00200667308')).toBe('5');
  });
  it.each([
    ['2512-420984-04-01-395958', 'CHECKSUM'],
    ['2512-420984-04-01-39595', 'FORMAT'],
    ['2030-340100-47-03-012345', 'FORMAT'],
    ['2020-340100-47-09-012345', 'FORMAT'],
  ])('rejects %s with %s', (c, code) => {
    const r = validateProjectCode(c);
    expect(r.ok === false && r.code).toBe(code);
  });
});

describe('e-license identifier (GB/T 36904-2018, MOD 37,36)', () => {
  it('reproduces the ISO 7064 example', () => {
    expect(mod37_36('A12425GABC1234002')).toBe('M');
  });
  it.each([
    '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
    '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S',
    '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F',
    '1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0',
  ])('accepts %s', (id) => {
    const r = validateLicenseId(id);
    expect(r.ok && r.warnings).toEqual([]);
  });
  it('accepts a 6-digit division issuer with a warning', () => {
    const r = validateLicenseId('1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9');
    expect(r.ok).toBe(true);
    expect(r.ok && r.warnings.length).toBe(1);
  });
  it.each([
    ['1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.V', 'CHECKSUM'],
    ['1.2.156.3005.2.13661B006.113700000045046442.209FA4E8.001.M', 'FORMAT'],
    ['2.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U', 'FORMAT'],
  ])('rejects %s with %s', (id, code) => {
    const r = validateLicenseId(id);
    expect(r.ok === false && r.code).toBe(code);
  });
});
