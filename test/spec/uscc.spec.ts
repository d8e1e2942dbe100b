/**
 * Specification of 统一社会信用代码 validation (src/uscc), as fast-check properties.
 * Sources: GB 32100-2015 (structure, mod-31 check character), GB 11714-1997 (organisation-code
 * check, position 17); docs: tiers-inspections.md §6 and §I.
 * On failure fast-check prints the seed and path to replay the counterexample.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  USCC_CHARSET,
  isValidUscc,
  makeUscc,
  normalizeUscc,
  orgCodeCheckCharacter,
  parseUscc,
  usccCheckCharacter,
} from '../../src/uscc/index.js';
import { USCC_SHAPE } from '../../src/grading/schema.js';

const charArb = fc.constantFrom(...USCC_CHARSET.split(''));
/** Realistic division codes (GB/T 2260): 闵行, 浦东, 徐汇, 上海市, 朝阳, 南山, 厦门, 西湖, 天河. */
const divisionArb = fc.oneof(
  { arbitrary: fc.constant('310112'), weight: 5 },
  { arbitrary: fc.constantFrom('310115', '310104', '310000', '110105', '440305', '350200', '330106', '440106'), weight: 4 },
  { arbitrary: fc.stringMatching(/^[1-6]\d{5}$/), weight: 1 },
);
/** Department 9 (市场监管) with category 1/2/3 mostly; sometimes 1/5/N/Y/A. */
const deptCatArb = fc.oneof(
  { arbitrary: fc.tuple(fc.constant('9'), fc.constantFrom('1', '1', '1', '2', '3')), weight: 8 },
  {
    arbitrary: fc.tuple(fc.constantFrom('1', '5', 'N'), fc.constantFrom('1', '2', '3', '9')),
    weight: 1,
  },
  { arbitrary: fc.tuple(fc.constantFrom('Y', 'A', '2', '3', '4', '6', '7', '8'), fc.constant('1')), weight: 1 },
);
/** Subject bodies: new-style 'MA…' codes mostly, legacy organisation codes sometimes. */
const bodyArb = fc.oneof(
  { arbitrary: fc.array(charArb, { minLength: 6, maxLength: 6 }).map((cs) => `MA${cs.join('')}`), weight: 3 },
  { arbitrary: fc.array(charArb, { minLength: 8, maxLength: 8 }).map((cs) => cs.join('')), weight: 1 },
);
const validArb = fc
  .record({ dc: deptCatArb, divisionCode: divisionArb, subjectBody: bodyArb })
  .map(({ dc, divisionCode, subjectBody }) =>
    makeUscc({ registrationDepartment: dc[0], category: dc[1], divisionCode, subjectBody }),
  );

/** Inverse of normalisation: full-width forms, lower case, ideographic and ASCII padding. */
function denormalize(code: string, mask: readonly boolean[], pad: number): string {
  let out = '';
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    const m = mask[i % mask.length] ?? false;
    const lower = c >= 65 && c <= 90 && (pad & 1) === 1 ? c + 32 : c;
    out += String.fromCharCode(m ? lower + 0xfee0 : lower);
  }
  const pads = ['', ' ', '\u3000', '\t', ' \u3000 '];
  return `${pads[pad % pads.length]!}${out}${pads[(pad >> 1) % pads.length]!}`;
}

describe('USCC / 统一社会信用代码', () => {
  it('生成的合法代码均通过校验 / every generated valid code passes (GB 32100-2015 第4章、GB 11714-1997 / GB 32100-2015 ch. 4, GB 11714-1997)', () => {
    fc.assert(
      fc.property(validArb, (code) => {
        expect(isValidUscc(code)).toBe(true);
        const r = parseUscc(code);
        expect(r.ok).toBe(true);
        if (r.ok) {
          expect(r.code).toBe(code);
          expect(r.parts.divisionCode + r.parts.subjectCode + r.parts.checkCharacter).toBe(code.slice(2));
        }
        expect(orgCodeCheckCharacter(code.slice(8, 16))).toBe(code[16]);
        expect(usccCheckCharacter(code.slice(0, 17))).toBe(code[17]);
      }),
      { numRuns: 2000 },
    );
  });

  it('任一位置替换为任一其他字符均不通过校验 / every single-character substitution of a valid code fails (GB 32100-2015 校验码, mod 31 / check character)', () => {
    fc.assert(
      fc.property(
        validArb,
        fc.integer({ min: 0, max: 17 }),
        fc.oneof({ arbitrary: charArb, weight: 6 }, { arbitrary: fc.constantFrom('I', 'O', 'Z', 'S', 'V', '-', '*', '中'), weight: 1 }),
        (code, pos, ch) => {
          fc.pre(code[pos] !== ch);
          const mutated = code.slice(0, pos) + ch + code.slice(pos + 1);
          expect(isValidUscc(mutated)).toBe(false);
          const r = parseUscc(mutated);
          expect(r.ok).toBe(false);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('穷举：每个合法代码的全部单字符替换都不通过 / exhaustively: all 18 × 30 substitutions within the charset fail (GB 32100-2015 校验码 / check character)', () => {
    fc.assert(
      fc.property(validArb, (code) => {
        for (let pos = 0; pos < 18; pos++) {
          for (const ch of USCC_CHARSET) {
            if (ch === code[pos]) continue;
            if (isValidUscc(code.slice(0, pos) + ch + code.slice(pos + 1))) {
              throw new Error(`substitution at ${pos + 1} with ${ch} passes: ${code}`);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('规范化是幂等的 / normalisation is idempotent (tiers-inspections.md §I: trim, 全角转半角, 大写)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 30 }),
          fc.string({ unit: fc.constantFrom('a', 'z', 'A', '9', ' ', '\u3000', 'ａ', 'Ｚ', '０', '～', '！', '\t', 'ß'), maxLength: 24 }),
          fc.tuple(validArb, fc.array(fc.boolean(), { minLength: 1, maxLength: 18 }), fc.nat(20)).map(([c, m, p]) => denormalize(c, m, p)),
        ),
        (s) => {
          const once = normalizeUscc(s);
          expect(normalizeUscc(once)).toBe(once);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('全角、小写与首尾空白不影响结果 / full-width forms, lower case and surrounding (ideographic) spaces do not change the result (tiers-inspections.md §I)', () => {
    fc.assert(
      fc.property(validArb, fc.array(fc.boolean(), { minLength: 1, maxLength: 18 }), fc.nat(20), (code, mask, pad) => {
        const messy = denormalize(code, mask, pad);
        expect(normalizeUscc(messy)).toBe(code);
        expect(isValidUscc(messy)).toBe(true);
        const r = parseUscc(messy);
        expect(r.ok && r.code).toBe(code);
      }),
    );
  });

  it('isValidUscc 与严格模式 parseUscc 一致 / isValidUscc agrees with strict parseUscc on arbitrary input (GB 32100-2015)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          validArb,
          fc.tuple(validArb, fc.integer({ min: 0, max: 17 }), fc.string({ maxLength: 2 })).map(
            ([c, i, s]) => c.slice(0, i) + s + c.slice(i + 1),
          ),
          fc.string({ maxLength: 20 }),
        ),
        (s) => {
          expect(isValidUscc(s)).toBe(parseUscc(s).ok);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('通过校验的规范代码一定符合评级记录的代码格式 / a normalised code that passes validation always has the shape the grading schema requires (USCC_SHAPE; the byte-level enterprise path relies on it) (GB 32100-2015)', () => {
    fc.assert(
      fc.property(
        fc.oneof(validArb, fc.tuple(validArb, fc.integer({ min: 0, max: 17 }), charArb).map(([c, i, ch]) => c.slice(0, i) + ch + c.slice(i + 1)), fc.stringMatching(/^[0-9A-Z]{18}$/)),
        (s) => {
          if (isValidUscc(s)) expect(USCC_SHAPE.test(s)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('宽松模式只放行仅校验位错误的代码，并附警告 / lenient mode accepts exactly the codes failing only the check characters, always with a USCC_LEGACY_ACCEPTED warning (tiers-inspections.md §6.5: 福建/厦门早期试点代码)', () => {
    fc.assert(
      fc.property(validArb, fc.integer({ min: 16, max: 17 }), charArb, (code, pos, ch) => {
        fc.pre(code[pos] !== ch);
        const legacy = code.slice(0, pos) + ch + code.slice(pos + 1);
        const strict = parseUscc(legacy);
        expect(strict.ok).toBe(false);
        if (!strict.ok) expect(['USCC_ORG_CODE_CHECK', 'USCC_CHECK_CHARACTER']).toContain(strict.issue.code);
        const lenient = parseUscc(legacy, { lenient: true });
        expect(lenient.ok && lenient.warnings[0]?.code).toBe('USCC_LEGACY_ACCEPTED');
        expect(parseUscc(legacy, { lenient: true, legacyAllowList: [] }).ok).toBe(false);
      }),
    );
  });
});
