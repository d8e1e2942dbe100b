import { fail, makeIssue, type Issue } from '../_lib/issues/index.js';
import {
  ORG_VALUE,
  ORG_WEIGHTS,
  USCC_CATEGORIES,
  USCC_CHARSET,
  USCC_REGISTRATION_DEPARTMENTS,
  USCC_VALUE,
  USCC_WEIGHTS,
} from './tables.js';

/**
 * The decoded parts of a unified social credit code.
 *
 * @example
 * ```ts
 * const r = parseUscc(code);
 * if (r.ok) r.parts.divisionCode; // '310112' (上海市闵行区)
 * ```
 */
export interface UsccParts {
  /** Position 1: 登记管理部门. `name` is absent for a code outside the GB 32100 table. */
  readonly registrationDepartment: { readonly code: string; readonly name?: string };
  /** Position 2: 机构类别. `name` is present where the standard names it. */
  readonly category: { readonly code: string; readonly name?: string };
  /** Positions 3–8: 登记管理机关行政区划码 (GB/T 2260). */
  readonly divisionCode: string;
  /** Positions 9–17: 主体标识码 (organisation code, GB 11714, including its check character). */
  readonly subjectCode: string;
  /** Position 18: 校验码. */
  readonly checkCharacter: string;
}

/**
 * The result of {@link parseUscc}: a discriminated union on `ok`.
 *
 * @example
 * ```ts
 * const r: UsccParseResult = parseUscc(text);
 * const message = r.ok ? r.code : r.issue.messageZh;
 * ```
 */
export type UsccParseResult =
  | { readonly ok: true; readonly code: string; readonly parts: UsccParts; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly issue: Issue };

/**
 * Options of {@link parseUscc}.
 *
 * @example
 * ```ts
 * const opts: ParseUsccOptions = { lenient: true, legacyAllowList: ['35020000XXXXXXXXXX'] };
 * ```
 */
export interface ParseUsccOptions {
  /**
   * Accept codes that fail only the check characters (positions 17–18), with a
   * `USCC_LEGACY_ACCEPTED` warning: some early pilot codes (Fujian/Xiamen) are legal but fail the
   * mod-31 check. With `legacyAllowList`, only listed codes are accepted; without it, every code
   * that fails only the checksums is. Default `false`.
   */
  readonly lenient?: boolean;
  /** Codes accepted in lenient mode (normalised before comparison). Ignored unless `lenient`. */
  readonly legacyAllowList?: readonly string[];
}

/**
 * Normalises user input before validation: maps full-width ASCII (U+FF01–U+FF5E) to half-width and
 * the ideographic space (U+3000) to a space, upper-cases a–z, then trims surrounding whitespace.
 * Idempotent. Inner spaces and other characters are kept (and then fail validation).
 *
 * @example
 * ```ts
 * normalizeUscc('　９１３１０１１２ma1fl8x09j '); // '91310112MA1FL8X09J'
 * ```
 */
export function normalizeUscc(text: string): string {
  const len = text.length;
  let i = 0;
  // Fast path: nothing to change.
  for (; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c <= 32 || c >= 97) break;
  }
  if (i === len) return text;
  let out = '';
  let changed = false;
  for (let j = 0; j < len; j++) {
    const c = text.charCodeAt(j);
    if (c >= 0xff01 && c <= 0xff5e) {
      let h = c - 0xfee0;
      if (h >= 97 && h <= 122) h -= 32;
      out += String.fromCharCode(h);
      changed = true;
    } else if (c === 0x3000) {
      out += ' ';
      changed = true;
    } else if (c >= 97 && c <= 122) {
      out += String.fromCharCode(c - 32);
      changed = true;
    } else {
      out += text[j];
    }
  }
  return (changed ? out : text).trim();
}

/** Char code of the GB 11714 check character of the 8 characters at `offset` (assumed valid). */
function orgCheckCode(s: string, offset: number): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ORG_VALUE[s.charCodeAt(offset + i)]! * ORG_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 88 /* X */ : c === 11 ? 48 /* 0 */ : 48 + c;
}

function orgCheck(s: string, offset: number): string {
  return String.fromCharCode(orgCheckCode(s, offset));
}

/** Char code of the GB 32100 check character of the first 17 characters (assumed valid). */
function usccCheckCode(s: string): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_VALUE[s.charCodeAt(i)]! * USCC_WEIGHTS[i]!;
  return USCC_CHARSET.charCodeAt((31 - (sum % 31)) % 31);
}

function usccCheck(s: string): string {
  return String.fromCharCode(usccCheckCode(s));
}

/**
 * The GB 11714-1997 organisation-code check character for the 8-character body (USCC positions
 * 9–16): weights [3,7,9,10,5,8,4,2], values 0–9 → 0–9 and A–Z → 10–35, c = 11 − (Σ mod 11),
 * 10 → 'X', 11 → '0'.
 *
 * @throws XinfengError `INVALID_ARGUMENT` unless `first8` is 8 characters from 0–9 and A–Z.
 * @example
 * ```ts
 * orgCodeCheckCharacter('D2143569'); // 'X' (GB 11714 example code D2143569-X)
 * ```
 */
export function orgCodeCheckCharacter(first8: string): string {
  if (typeof first8 !== 'string' || first8.length !== 8) {
    fail('INVALID_ARGUMENT', { name: 'first8', reason: 'expected 8 characters (0–9, A–Z)' });
  }
  for (let i = 0; i < 8; i++) {
    const c = first8.charCodeAt(i);
    if (c >= 128 || ORG_VALUE[c]! < 0) {
      fail('INVALID_ARGUMENT', { name: 'first8', reason: `character "${first8[i]!}" at position ${i + 1} is not 0–9 or A–Z` });
    }
  }
  return orgCheck(first8, 0);
}

/**
 * The GB 32100-2015 check character (position 18) of the first 17 characters:
 * `CHARSET[(31 − Σ value·3^(i−1) mod 31) mod 31]`.
 *
 * @throws XinfengError `INVALID_ARGUMENT` unless `first17` is 17 characters from {@link USCC_CHARSET}.
 * @example
 * ```ts
 * const code17 = '91310112' + 'MA1FL8X0' + orgCodeCheckCharacter('MA1FL8X0');
 * const code = code17 + usccCheckCharacter(code17);
 * isValidUscc(code); // true
 * ```
 */
export function usccCheckCharacter(first17: string): string {
  if (typeof first17 !== 'string' || first17.length !== 17) {
    fail('INVALID_ARGUMENT', { name: 'first17', reason: `expected 17 characters from ${USCC_CHARSET}` });
  }
  for (let i = 0; i < 17; i++) {
    const c = first17.charCodeAt(i);
    if (c >= 128 || USCC_VALUE[c]! < 0) {
      fail('INVALID_ARGUMENT', { name: 'first17', reason: `character "${first17[i]!}" at position ${i + 1} is not in ${USCC_CHARSET}` });
    }
  }
  return usccCheck(first17);
}

/**
 * Stage reached by the structural checks: 0 = passes everything, 1 = org-code check fails,
 * 2 = mod-31 check fails, 3 = both fail, -1 = structural failure (empty, length, charset, division).
 */
function checksumStatus(s: string): number {
  if (s.length !== 18) return -1;
  for (let i = 0; i < 18; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || USCC_VALUE[c]! < 0) return -1;
    if (i >= 2 && i < 8 && (c < 48 || c > 57)) return -1;
  }
  return (orgCheckCode(s, 8) === s.charCodeAt(16) ? 0 : 1) | (usccCheckCode(s) === s.charCodeAt(17) ? 0 : 2);
}

/**
 * Fast strict validation: true when `text`, after {@link normalizeUscc}, is a GB 32100-2015 code
 * whose both check characters are right. Equivalent to `parseUscc(text).ok` without lenient
 * options, but allocates nothing for already-normalised input.
 *
 * @example
 * ```ts
 * isValidUscc(makeUscc({ divisionCode: '310112', subjectBody: 'MA1FL8X0' })); // true
 * isValidUscc('91310112MA1FL8X09K');                                          // false (check character)
 * ```
 */
export function isValidUscc(text: string): boolean {
  if (typeof text !== 'string') return false;
  return checksumStatus(normalizeUscc(text)) === 0;
}

const allowListCache = new WeakMap<readonly string[], ReadonlySet<string>>();

function allowSet(list: readonly string[]): ReadonlySet<string> {
  let s = allowListCache.get(list);
  if (!s) {
    s = new Set(list.map((c) => normalizeUscc(String(c))));
    allowListCache.set(list, s);
  }
  return s;
}

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function decode(code: string): { parts: UsccParts; warnings: Issue[] } {
  const dept = code[0]!;
  const cat = code[1]!;
  const deptName = USCC_REGISTRATION_DEPARTMENTS[dept];
  const catName = USCC_CATEGORIES[dept]?.[cat];
  const parts: UsccParts = {
    registrationDepartment: deptName === undefined ? { code: dept } : { code: dept, name: deptName },
    category: catName === undefined ? { code: cat } : { code: cat, name: catName },
    divisionCode: code.slice(2, 8),
    subjectCode: code.slice(8, 17),
    checkCharacter: code[17]!,
  };
  const warnings = deptName === undefined ? [makeIssue('USCC_UNKNOWN_DEPARTMENT', { code: dept, value: code })] : [];
  return { parts, warnings };
}

/**
 * Parses and validates a unified social credit code (统一社会信用代码, GB 32100-2015).
 *
 * The input is first normalised ({@link normalizeUscc}). Checks then run in this order, and the
 * first failure is returned as `{ ok: false, issue }`:
 * 1. `USCC_EMPTY` — nothing left after trimming;
 * 2. `USCC_LENGTH` — not 18 characters;
 * 3. `USCC_CHARSET` — a character outside `0-9A-HJ-NPQRTUWXY` (the first one, with its position);
 * 4. `USCC_DIVISION_CODE` — positions 3–8 are not all digits;
 * 5. `USCC_ORG_CODE_CHECK` — position 17 is not the GB 11714 check of positions 9–16;
 * 6. `USCC_CHECK_CHARACTER` — position 18 is not the mod-31 check character.
 *
 * In lenient mode, a code failing only checks 5–6 is accepted with a `USCC_LEGACY_ACCEPTED`
 * warning (see {@link ParseUsccOptions}). A registration department outside the GB 32100 table
 * adds a `USCC_UNKNOWN_DEPARTMENT` warning.
 *
 * @example
 * ```ts
 * const r = parseUscc(' 91310112ma1fl8x09j ');
 * if (r.ok) console.log(r.code, r.parts.category.name); // '91310112MA1FL8X09J' '企业'
 * else console.log(r.issue.code, r.issue.messageZh);
 * ```
 */
export function parseUscc(text: string, options?: ParseUsccOptions): UsccParseResult {
  const code = normalizeUscc(typeof text === 'string' ? text : String(text ?? ''));
  if (code.length === 0) return { ok: false, issue: makeIssue('USCC_EMPTY') };
  const status = checksumStatus(code);
  if (status === 0) {
    const { parts, warnings } = decode(code);
    return { ok: true, code, parts, warnings };
  }
  if (status < 0) {
    const length = codePointLength(code);
    if (length !== 18) return { ok: false, issue: makeIssue('USCC_LENGTH', { length, value: code }) };
    let position = 0;
    for (const ch of code) {
      position++;
      const c = ch.codePointAt(0)!;
      if (c >= 128 || USCC_VALUE[c]! < 0) {
        return { ok: false, issue: makeIssue('USCC_CHARSET', { char: ch, position, value: code }) };
      }
    }
    return { ok: false, issue: makeIssue('USCC_DIVISION_CODE', { value: code }) };
  }
  const orgExpected = orgCheck(code, 8);
  const checkExpected = usccCheck(code);
  const failure =
    status & 1
      ? makeIssue('USCC_ORG_CODE_CHECK', { found: code[16]!, expected: orgExpected, value: code })
      : makeIssue('USCC_CHECK_CHARACTER', { found: code[17]!, expected: checkExpected, value: code });
  if (options?.lenient) {
    const list = options.legacyAllowList;
    if (list === undefined || allowSet(list).has(code)) {
      const check = status === 3 ? 'GB 11714 + GB 32100' : status === 1 ? 'GB 11714' : 'GB 32100';
      const { parts, warnings } = decode(code);
      const legacy = makeIssue('USCC_LEGACY_ACCEPTED', {
        value: code,
        check,
        failedCode: failure.code,
        orgCodeExpected: orgExpected,
        checkCharacterExpected: checkExpected,
      });
      return { ok: true, code, parts, warnings: [legacy, ...warnings] };
    }
  }
  return { ok: false, issue: failure };
}

/**
 * Builds a valid code from its parts, computing the organisation-code check (position 17) and the
 * check character (position 18). Used by sample-data generators and tests.
 *
 * @param parts.registrationDepartment position 1, default `'9'` (市场监管)
 * @param parts.category position 2, default `'1'` (企业)
 * @param parts.divisionCode positions 3–8, six digits (e.g. `'310112'`, 上海市闵行区)
 * @param parts.subjectBody positions 9–16, eight characters from {@link USCC_CHARSET}
 * @throws XinfengError `INVALID_ARGUMENT` when a part is malformed.
 * @example
 * ```ts
 * makeUscc({ divisionCode: '310112', subjectBody: 'MA1FL8X0' }); // '91310112MA1FL8X09J'
 * ```
 */
export function makeUscc(parts: {
  registrationDepartment?: string;
  category?: string;
  divisionCode: string;
  subjectBody: string;
}): string {
  const dept = parts.registrationDepartment ?? '9';
  const cat = parts.category ?? '1';
  const inCharset = (s: string): boolean => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 128 || USCC_VALUE[c]! < 0) return false;
    }
    return true;
  };
  if (dept.length !== 1 || !inCharset(dept)) fail('INVALID_ARGUMENT', { name: 'registrationDepartment', reason: `expected one character from ${USCC_CHARSET}` });
  if (cat.length !== 1 || !inCharset(cat)) fail('INVALID_ARGUMENT', { name: 'category', reason: `expected one character from ${USCC_CHARSET}` });
  const div = parts.divisionCode;
  if (typeof div !== 'string' || div.length !== 6 || !/^\d{6}$/.test(div)) fail('INVALID_ARGUMENT', { name: 'divisionCode', reason: 'expected 6 digits' });
  const body = parts.subjectBody;
  if (typeof body !== 'string' || body.length !== 8 || !inCharset(body)) {
    fail('INVALID_ARGUMENT', { name: 'subjectBody', reason: `expected 8 characters from ${USCC_CHARSET}` });
  }
  const first17 = dept + cat + div + body + orgCheck(body, 0);
  return first17 + usccCheck(first17);
}
