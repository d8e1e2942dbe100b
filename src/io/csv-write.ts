/**
 * CSV output: RFC 4180 quoting and Excel formula-injection neutralisation (OWASP "CSV injection").
 */

/**
 * Makes a cell safe to open in Excel/WPS: a cell starting with `=`, `+`, `-`, `@`, TAB or CR would
 * be evaluated as a formula, so it gets a leading apostrophe `'` (shown as text, not evaluated).
 * xinfeng's own numeric cells (scores, ratios, counts) are never negative, so only free text such
 * as enterprise names and reject values is ever changed.
 *
 * @example
 * ```ts
 * neutralizeCell('=HYPERLINK("http://x")'); // "'=HYPERLINK(\"http://x\")"
 * neutralizeCell('上海某某有限公司');          // unchanged
 * ```
 */
export function neutralizeCell(value: string): string {
  if (value.length === 0) return value;
  const c = value.charCodeAt(0);
  // = + - @ \t \r
  if (c === 0x3d || c === 0x2b || c === 0x2d || c === 0x40 || c === 0x09 || c === 0x0d) return `'${value}`;
  return value;
}

/**
 * Quotes a cell for CSV when it contains a comma, quote, CR or LF (RFC 4180), after neutralising.
 *
 * @example
 * ```ts
 * csvCell('a,"b"'); // '"a,""b"""'
 * ```
 */
export function csvCell(value: string): string {
  const v = neutralizeCell(value);
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0x2c || c === 0x22 || c === 0x0a || c === 0x0d) return `"${v.replace(/"/g, '""')}"`;
  }
  return v;
}

/**
 * One CSV line (LF-terminated) from cells.
 *
 * @example
 * ```ts
 * csvLine(['uscc', 'name']); // 'uscc,name\n'
 * ```
 */
export function csvLine(cells: readonly string[]): string {
  // join builds one flat string; `s +=` would leave a tree of ~2 string pieces per cell, which
  // survives (and is copied by the GC) for as long as the line is held, e.g. a whole partition.
  const out = new Array<string>(cells.length);
  for (let i = 0; i < cells.length; i++) out[i] = csvCell(cells[i]!);
  return `${out.join(',')}\n`;
}

/** Header of the grades CSV. Other systems script against these names: never change them. */
export const GRADES_HEADER = [
  'uscc', 'name', 'score', 'grade', 'risk_level', 'supervision_class', 'inspections_per_year', 'sampling_ratio', 'reasons', 'rulebook_id', 'rulebook_hash', 'as_of',
] as const;

/** Header of the rejects CSV. */
export const REJECTS_HEADER = ['file', 'line', 'column', 'value', 'code', 'message'] as const;
