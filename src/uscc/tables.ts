/**
 * The 31 characters of a unified social credit code (GB 32100-2015): digits and capital letters
 * except I, O, Z, S, V. A character's value is its index in this string.
 *
 * @example
 * ```ts
 * USCC_CHARSET.indexOf('Y'); // 30
 * ```
 */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * Registration departments (登记管理部门, position 1), GB 32100-2015 code table.
 *
 * @example
 * ```ts
 * USCC_REGISTRATION_DEPARTMENTS['9']; // '工商（市场监管）'
 * ```
 */
export const USCC_REGISTRATION_DEPARTMENTS: Readonly<Record<string, string>> = Object.freeze({
  '1': '机构编制',
  '2': '外交',
  '3': '司法行政',
  '4': '文化',
  '5': '民政',
  '6': '旅游',
  '7': '宗教',
  '8': '工会',
  '9': '工商（市场监管）',
  A: '中央军委改革和编制办公室',
  N: '农业',
  Y: '其他',
});

/**
 * Organisation categories (机构类别, position 2) per registration department, where GB 32100-2015
 * names them. Departments or categories not listed have no known name (the code is still valid).
 *
 * @example
 * ```ts
 * USCC_CATEGORIES['9']?.['2']; // '个体工商户'
 * ```
 */
export const USCC_CATEGORIES: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.freeze({
  '9': Object.freeze({ '1': '企业', '2': '个体工商户', '3': '农民专业合作社' }),
  '1': Object.freeze({ '1': '机关', '2': '事业单位', '3': '群众团体', '9': '其他' }),
  '5': Object.freeze({ '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' }),
  N: Object.freeze({ '1': '组级集体经济组织', '2': '村级集体经济组织', '3': '乡镇级集体经济组织', '9': '其他' }),
});

/** @internal Value of an ASCII code in the USCC charset, or -1. */
export const USCC_VALUE: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let i = 0; i < USCC_CHARSET.length; i++) t[USCC_CHARSET.charCodeAt(i)] = i;
  return t;
})();

/** @internal GB 11714 value of an ASCII code (0–9 → 0–9, A–Z → 10–35), or -1. */
export const ORG_VALUE: Int8Array = (() => {
  const t = new Int8Array(128).fill(-1);
  for (let c = 48; c <= 57; c++) t[c] = c - 48;
  for (let c = 65; c <= 90; c++) t[c] = c - 55;
  return t;
})();

/** @internal Weights 3^(i−1) mod 31 for positions 1–17. */
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** @internal GB 11714-1997 weights for positions 9–16. */
export const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
