import { describe, expect, it } from 'vitest';
import { isXinfengError } from '../_lib/issues/index.js';
import {
  USCC_CATEGORIES,
  USCC_CHARSET,
  USCC_REGISTRATION_DEPARTMENTS,
  isValidUscc,
  makeUscc,
  normalizeUscc,
  orgCodeCheckCharacter,
  parseUscc,
  usccCheckCharacter,
} from './index.js';

/** Reference implementation written straight from tiers-inspections.md §6.2–6.3 (indexOf, no tables). */
function refCheck18(first17: string): string {
  const w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]!) * w[i]!;
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}
function refOrg(first8: string): string {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.indexOf(first8[i]!) * w[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (isXinfengError(e)) return e.code;
    throw e;
  }
  return undefined;
}

const VALID = '91310112MA1FL8X09J';

describe('generation and check characters', () => {
  it('makeUscc builds the documented vector', () => {
    expect(makeUscc({ divisionCode: '310112', subjectBody: 'MA1FL8X0' })).toBe(VALID);
    expect(refOrg('MA1FL8X0')).toBe('9');
    expect(refCheck18(VALID.slice(0, 17))).toBe('J');
    expect(orgCodeCheckCharacter('D2143569')).toBe('X'); // GB 11714 example D2143569-X
    expect(usccCheckCharacter(VALID.slice(0, 17))).toBe('J');
  });

  it('check character 0 when the weighted sum is ≡ 0 mod 31 (stdnum pitfall), org check X and 0', () => {
    let zeroCase: string | undefined;
    let xCase: string | undefined;
    let zeroOrg: string | undefined;
    for (let i = 0; i < 100_000 && !(zeroCase && xCase && zeroOrg); i++) {
      const body = `MA${String(i).padStart(6, '0')}`;
      const code = makeUscc({ divisionCode: '310112', subjectBody: body });
      if (code[17] === '0') zeroCase = code;
      if (code[16] === 'X') xCase = code;
      if (code[16] === '0') zeroOrg = code;
    }
    for (const c of [zeroCase, xCase, zeroOrg]) {
      expect(c).toBeDefined();
      expect(isValidUscc(c!)).toBe(true);
      expect(refCheck18(c!.slice(0, 17))).toBe(c![17]);
      expect(refOrg(c!.slice(8, 16))).toBe(c![16]);
    }
  });

  it('agrees with the reference implementation on many generated codes', () => {
    let seed = 12345;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
    for (let k = 0; k < 5000; k++) {
      let body = '';
      for (let i = 0; i < 8; i++) body += USCC_CHARSET[rnd(31)];
      const code = makeUscc({ registrationDepartment: '9', category: String(1 + rnd(3)), divisionCode: '310112', subjectBody: body });
      expect(code.slice(16)).toBe(refOrg(body) + refCheck18(code.slice(0, 17)));
    }
  });

  it('rejects malformed arguments', () => {
    expect(codeOf(() => usccCheckCharacter('123'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => usccCheckCharacter('9131011200000000I'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => orgCodeCheckCharacter('D214356'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => orgCodeCheckCharacter('d2143569'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => makeUscc({ divisionCode: '31011', subjectBody: 'MA1FL8X0' }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => makeUscc({ divisionCode: '310112', subjectBody: 'MA1FL8O0' }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => makeUscc({ registrationDepartment: 'S', divisionCode: '310112', subjectBody: 'MA1FL8X0' }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(codeOf(() => makeUscc({ category: '12', divisionCode: '310112', subjectBody: 'MA1FL8X0' }))).toBe('INVALID_ARGUMENT');
  });
});

describe('parseUscc', () => {
  it('decodes parts', () => {
    const r = parseUscc(VALID);
    expect(r).toEqual({
      ok: true,
      code: VALID,
      parts: {
        registrationDepartment: { code: '9', name: '工商（市场监管）' },
        category: { code: '1', name: '企业' },
        divisionCode: '310112',
        subjectCode: 'MA1FL8X09',
        checkCharacter: 'J',
      },
      warnings: [],
    });
    const g = parseUscc(makeUscc({ category: '2', divisionCode: '310112', subjectBody: 'L0000001' }));
    expect(g.ok && g.parts.category.name).toBe('个体工商户');
    const c = parseUscc(makeUscc({ category: '3', divisionCode: '310112', subjectBody: 'N0000001' }));
    expect(c.ok && c.parts.category.name).toBe('农民专业合作社');
    const s = parseUscc(makeUscc({ registrationDepartment: '5', category: '3', divisionCode: '310000', subjectBody: '50000001' }));
    expect(s.ok && [s.parts.registrationDepartment.name, s.parts.category.name]).toEqual(['民政', '基金会']);
    const a = parseUscc(makeUscc({ registrationDepartment: 'A', category: '1', divisionCode: '110000', subjectBody: '00000001' }));
    expect(a.ok && a.parts.registrationDepartment.name).toBe(USCC_REGISTRATION_DEPARTMENTS.A);
    expect(a.ok && a.parts.category.name).toBeUndefined();
    expect(USCC_CATEGORIES['9']?.['1']).toBe('企业');
  });

  it('unknown registration department: valid with a warning', () => {
    const r = parseUscc(makeUscc({ registrationDepartment: 'B', divisionCode: '310112', subjectBody: 'MA1FL8X0' }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.parts.registrationDepartment).toEqual({ code: 'B' });
    expect(r.warnings.map((w) => w.code)).toEqual(['USCC_UNKNOWN_DEPARTMENT']);
  });

  it('normalises full-width, ideographic space and lower case', () => {
    const full = '９１３１０１１２ＭＡ１ＦＬ８Ｘ０９Ｊ';
    expect(normalizeUscc(full)).toBe(VALID);
    expect(normalizeUscc(`\u3000${full}\u3000`)).toBe(VALID);
    expect(normalizeUscc('９１３１０１１２ｍａ１ｆｌ８ｘ０９ｊ')).toBe(VALID);
    expect(normalizeUscc(' 91310112ma1fl8x09j\t\n')).toBe(VALID);
    expect(normalizeUscc(VALID)).toBe(VALID);
    for (const t of [full, VALID.toLowerCase(), ` ${VALID} `, `\u3000${VALID.toLowerCase()}`]) {
      const r = parseUscc(t);
      expect(r.ok && r.code).toBe(VALID);
      expect(isValidUscc(t)).toBe(true);
    }
  });

  it('each failure has its own code, in order', () => {
    const issue = (t: string) => {
      const r = parseUscc(t);
      if (r.ok) throw new Error(`unexpectedly valid: ${t}`);
      return r.issue;
    };
    expect(issue('').code).toBe('USCC_EMPTY');
    expect(issue(' \u3000 ').code).toBe('USCC_EMPTY');
    const len = issue(VALID.slice(0, 17));
    expect(len.code).toBe('USCC_LENGTH');
    expect(len.params).toMatchObject({ length: 17 });
    expect(issue(`${VALID}0`).params).toMatchObject({ length: 19 });
    const cs = issue('9131I112MA1FL8X09J');
    expect(cs.code).toBe('USCC_CHARSET');
    expect(cs.params).toMatchObject({ char: 'I', position: 5 });
    expect(issue('91310112MO1FL8X09J').params).toMatchObject({ char: 'O', position: 10 });
    for (const ch of ['I', 'O', 'Z', 'S', 'V', '-', ' ', '中']) {
      expect(issue(`${VALID.slice(0, 11)}${ch}${VALID.slice(12)}`).code, ch).toBe('USCC_CHARSET');
    }
    const emoji = issue(`😀${VALID.slice(1)}`);
    expect(emoji.code).toBe('USCC_CHARSET');
    expect(emoji.params).toMatchObject({ char: '😀', position: 1 });
    expect(issue('9131A112MA1FL8X09J').code).toBe('USCC_DIVISION_CODE');
    const org = issue('91310112MA1FL8X08J');
    expect(org.code).toBe('USCC_ORG_CODE_CHECK');
    expect(org.params).toMatchObject({ found: '8', expected: '9' });
    const chk = issue('91310112MA1FL8X09K');
    expect(chk.code).toBe('USCC_CHECK_CHARACTER');
    expect(chk.params).toMatchObject({ found: 'K', expected: 'J' });
    expect(chk.messageZh).toContain('第18位');
    expect(isValidUscc('91310112MA1FL8X09K')).toBe(false);
    expect(isValidUscc(undefined as never)).toBe(false);
    expect(parseUscc(undefined as never).ok).toBe(false);
  });

  it('lenient mode accepts checksum-only failures, with a warning', () => {
    const legacy = '91310112MA1FL8X09K';
    const r = parseUscc(legacy, { lenient: true });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.warnings.map((w) => w.code)).toEqual(['USCC_LEGACY_ACCEPTED']);
      expect(r.warnings[0]?.severity).toBe('warning');
      expect(r.warnings[0]?.params).toMatchObject({ check: 'GB 32100', checkCharacterExpected: 'J' });
    }
    const both = parseUscc('91310112MA1FL8X08K', { lenient: true });
    expect(both.ok && both.warnings[0]?.params.check).toBe('GB 11714 + GB 32100');
    // With an allow-list, only listed codes (normalised) pass.
    expect(parseUscc(legacy, { lenient: true, legacyAllowList: [legacy.toLowerCase()] }).ok).toBe(true);
    const notListed = parseUscc(legacy, { lenient: true, legacyAllowList: ['91310112MA1FL8X09L'] });
    expect(!notListed.ok && notListed.issue.code).toBe('USCC_CHECK_CHARACTER');
    // The allow-list alone does not make parsing lenient.
    expect(parseUscc(legacy, { legacyAllowList: [legacy] }).ok).toBe(false);
    // Lenient never rescues structural failures.
    const r2 = parseUscc('9131I112MA1FL8X09J', { lenient: true });
    expect(!r2.ok && r2.issue.code).toBe('USCC_CHARSET');
    const r3 = parseUscc(VALID.slice(0, 17), { lenient: true });
    expect(!r3.ok && r3.issue.code).toBe('USCC_LENGTH');
    // Valid codes carry no legacy warning.
    const ok = parseUscc(VALID, { lenient: true });
    expect(ok.ok && ok.warnings).toEqual([]);
  });
});
