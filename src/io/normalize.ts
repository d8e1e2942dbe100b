import { isCalendarDate, type CalendarDate } from '../calendar/index.js';

/**
 * Maps full-width ASCII (全角, U+FF01–U+FF5E) to half-width and the ideographic space (U+3000) to a
 * space, then trims. Excel exports from Chinese systems often carry ２０２５ or ，. Other characters
 * (CJK, ㈱) are kept as they are: this is not NFKC.
 *
 * @example
 * ```ts
 * toHalfWidth('　２０２５／１／５ '); // '2025/1/5'
 * ```
 */
export function toHalfWidth(text: string): string {
  let i = 0;
  const n = text.length;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000) break;
  }
  if (i === n) return text.trim();
  let out = text.slice(0, i);
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += text[i];
  }
  return out.trim();
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const SEPARATED = /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/;

/**
 * Normalises a date as exports write it — `2025-01-05`, `2025/1/5`, `2025.1.5`, `20250105`,
 * `2025年1月5日`, full-width digits, an Excel time part `2025/1/5 0:00` — to a {@link CalendarDate}.
 * Returns `undefined` for anything else or an impossible date (2025-02-30): the caller rejects the
 * row; no guessing of day/month order.
 *
 * @example
 * ```ts
 * normalizeDate('2025年1月5日'); // '2025-01-05'
 * normalizeDate('2025/2/30');   // undefined
 * ```
 */
export function normalizeDate(text: string): CalendarDate | undefined {
  if (text.length === 10 && ISO.test(text)) return isCalendarDate(text) ? text : undefined;
  const s = toHalfWidth(text);
  const m = SEPARATED.exec(s) ?? COMPACT.exec(s) ?? CHINESE.exec(s);
  if (!m) return undefined;
  const d = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isCalendarDate(d) ? d : undefined;
}

/** Unit of a bare number in an amount column: 元 (yuan) unless the header says 万元. */
export type AmountUnit = 'yuan' | 'wan';

const AMOUNT = /^([0-9]+(?:,[0-9]{3})*|[0-9]+)(?:\.([0-9]+))?$/;

/**
 * Parses an amount of money to exact fen (分) — an integer, never a float. Accepts thousands
 * separators (`1,234.56`, full-width `，`), currency marks (`￥`, `¥`, `元`, `人民币`) and the units
 * 万元/万 (×10 000) and 亿元/亿 (×100 000 000); a bare number is in `defaultUnit`. Returns
 * `undefined` for a negative, non-numeric, sub-fen (`0.001元`) or unsafe-integer amount.
 *
 * @example
 * ```ts
 * parseAmountFen('1.5万元');      // 1500000 (15 000 元)
 * parseAmountFen('1,234.56');    // 123456
 * parseAmountFen('30', 'wan');   // 30 万元 = 30 000 000 分
 * ```
 */
export function parseAmountFen(text: string, defaultUnit: AmountUnit = 'yuan'): number | undefined {
  let s = toHalfWidth(text).replace(/\s+/g, '');
  s = s.replace(/^(人民币|RMB|CNY|[￥¥])/i, '');
  let exp = defaultUnit === 'wan' ? 4 : 0;
  if (s.endsWith('元')) s = s.slice(0, -1);
  if (s.endsWith('万')) {
    exp = 4;
    s = s.slice(0, -1);
  } else if (s.endsWith('亿')) {
    exp = 8;
    s = s.slice(0, -1);
  }
  const m = AMOUNT.exec(s);
  if (!m) return undefined;
  const intPart = m[1]!.replace(/,/g, '');
  const frac = m[2] ?? '';
  // Shift the decimal point by exp + 2 (to fen) on the digit string: exact.
  const shift = exp + 2;
  const digits = intPart + frac.padEnd(shift, '0');
  const cut = intPart.length + shift;
  const whole = digits.slice(0, cut);
  const rest = digits.slice(cut);
  if (/[1-9]/.test(rest)) return undefined; // less than one fen
  const n = Number(whole.replace(/^0+(?=\d)/, ''));
  return Number.isSafeInteger(n) ? n : undefined;
}

const TRUE = new Set(['1', 'true', 'yes', 'y', 't', '是', '有', '√', 'Y', 'TRUE', 'YES', 'True', 'Yes']);
const FALSE = new Set(['0', 'false', 'no', 'n', 'f', '否', '无', '×', 'N', 'FALSE', 'NO', 'False', 'No']);

/**
 * Parses a yes/no cell (是/否, true/false, 1/0, Y/N). `undefined` when it is neither.
 *
 * @example
 * ```ts
 * parseBoolean('是'); // true
 * ```
 */
export function parseBoolean(text: string): boolean | undefined {
  const s = toHalfWidth(text);
  if (TRUE.has(s) || TRUE.has(s.toLowerCase())) return true;
  if (FALSE.has(s) || FALSE.has(s.toLowerCase())) return false;
  return undefined;
}

/**
 * Parses a whole number (full-width digits and a trailing 年 allowed: `２０２４年`).
 *
 * @example
 * ```ts
 * parseWholeNumber('2024年'); // 2024
 * ```
 */
export function parseWholeNumber(text: string): number | undefined {
  const s = toHalfWidth(text).replace(/年(度)?$/, '');
  if (!/^-?\d+$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * Splits a list cell (`a;b`, `a、b`, `a|b`, `a,b`) into trimmed non-empty items.
 *
 * @example
 * ```ts
 * splitList('food-business；drug-retail'); // ['food-business', 'drug-retail']
 * ```
 */
export function splitList(text: string): string[] {
  return toHalfWidth(text)
    .split(/[;、|,]/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}
