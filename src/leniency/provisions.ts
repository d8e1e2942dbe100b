import type { Provision } from './schema.js';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/**
 * Chinese numeral for 1–9999 as statutes write article numbers (第一百三十六条, 第十条).
 * @example
 * ```ts
 * chineseNumeral(136); // '一百三十六'
 * ```
 */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n <= 0 || n > 9999) return String(n);
  const units = ['', '十', '百', '千'];
  const ds = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  ds.forEach((d, i) => {
    const pos = ds.length - 1 - i;
    if (d === 0) {
      zero = out !== '';
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d]! + units[pos]!;
  });
  return out.startsWith('一十') ? out.slice(1) : out;
}

/**
 * The citation of a provision in statute style, e.g. `食品安全法第一百二十五条第二款` or
 * `消防法第六十条第一款第（三）项`.
 *
 * @example
 * ```ts
 * citeProvision({ law: '行政处罚法', article: 33, paragraph: 1 }); // '行政处罚法第三十三条第一款'
 * ```
 */
export function citeProvision(p: Provision): string {
  let s = `${p.law}第${chineseNumeral(p.article)}条`;
  if (p.paragraph !== undefined) s += `第${chineseNumeral(p.paragraph)}款`;
  if (p.item !== undefined) s += `第（${chineseNumeral(p.item)}）项`;
  return s;
}

/**
 * True when a case's provision falls under an item's: same law and article, and the same paragraph
 * and item where the item names them (an item citing a whole article covers all its paragraphs).
 * @example
 * ```ts
 * provisionCovers({ law: '食品安全法', article: 125 }, { law: '食品安全法', article: 125, paragraph: 2 }); // true
 * ```
 */
export function provisionCovers(itemProvision: Provision, caseProvision: Provision): boolean {
  if (itemProvision.law !== caseProvision.law || itemProvision.article !== caseProvision.article) return false;
  if (itemProvision.paragraph !== undefined && itemProvision.paragraph !== caseProvision.paragraph) return false;
  if (itemProvision.item !== undefined && itemProvision.item !== caseProvision.item) return false;
  return true;
}
