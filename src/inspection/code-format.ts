/**
 * The readable inspection code (检查码) format. No official format is published
 * (tiers-inspections.md §3.2 item 7: NOT FOUND), so this is xinfeng's own, not Shanghai's:
 *
 *   AGENCY-YYYY-NNNNNN-C      e.g. SCJG-2025-000042-7
 *
 * AGENCY = the lead agency id (2–12 of 0-9A-Z), YYYY = plan year, NNNNNN = sequence within the
 * agency and year (6 digits), C = Luhn mod 36 check character over AGENCY+YYYY+NNNNNN in the
 * alphabet 0-9A-Z (catches every single-character error and most adjacent transpositions when the
 * code is read out or typed).
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CODE_BUF = Buffer.alloc(32);
const CODE_RE = /^([A-Z0-9]{2,12})-(\d{4})-(\d{6})-([0-9A-Z])$/;

/**
 * Luhn mod 36 check character of a string over 0-9A-Z.
 *
 * @example
 * ```ts
 * luhn36('SCJG2025000042'); // one of 0-9A-Z
 * ```
 */
export function luhn36(text: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const v = ALPHABET.indexOf(text[i]!);
    if (v < 0) throw new RangeError(`luhn36: "${text[i]}" is not in 0-9A-Z`);
    let addend = factor * v;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / 36) + (addend % 36);
    sum += addend;
  }
  return ALPHABET[(36 - (sum % 36)) % 36]!;
}

/**
 * Formats xinfeng's readable inspection code (see the module comment; not an official format).
 *
 * @example
 * ```ts
 * formatInspectionCode('SCJG', 2025, 42); // 'SCJG-2025-000042-' + check character
 * ```
 */
export function formatInspectionCode(agency: string, year: number, sequence: number): string {
  if (!/^[A-Z0-9]{2,12}$/.test(agency)) throw new RangeError(`agency "${agency}" must be 2–12 of 0-9A-Z`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year ${year} must have 4 digits`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) throw new RangeError(`sequence ${sequence} must be 1–999999`);
  // Written as bytes into one flat string (a plan formats 300k codes and keeps them all; `+` would
  // leave a tree of cons strings each). Same characters as `${agency}-${year}-${seq6}-${luhn36(body)}`.
  const b = CODE_BUF;
  let p = 0;
  for (let i = 0; i < agency.length; i++) b[p++] = agency.charCodeAt(i);
  b[p++] = 0x2d;
  for (let d = 1000; d >= 1; d = d / 10) b[p++] = 48 + (Math.floor(year / d) % 10);
  b[p++] = 0x2d;
  for (let d = 100000; d >= 1; d = d / 10) b[p++] = 48 + (Math.floor(sequence / d) % 10);
  // luhn36 over the body (agency, year, sequence: every code unit except the dashes), right to left.
  let factor = 2;
  let sum = 0;
  for (let i = p - 1; i >= 0; i--) {
    const c = b[i]!;
    if (c === 0x2d) continue;
    let addend = factor * (c <= 57 ? c - 48 : c - 55);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / 36) + (addend % 36);
    sum += addend;
  }
  b[p++] = 0x2d;
  b[p++] = ALPHABET.charCodeAt((36 - (sum % 36)) % 36);
  return b.toString('latin1', 0, p);
}

/**
 * Parts of a well-formed inspection code.
 *
 * @example
 * ```ts
 * const p: InspectionCodeParts | undefined = parseInspectionCode(code);
 * ```
 */
export interface InspectionCodeParts {
  readonly agency: string;
  readonly year: number;
  readonly sequence: number;
}

/**
 * Parses a readable inspection code; `undefined` when malformed or the check character is wrong.
 *
 * @example
 * ```ts
 * parseInspectionCode(formatInspectionCode('SCJG', 2025, 42)); // { agency: 'SCJG', year: 2025, sequence: 42 }
 * ```
 */
export function parseInspectionCode(code: string): InspectionCodeParts | undefined {
  const m = CODE_RE.exec(code.trim().toUpperCase());
  if (!m) return undefined;
  const [, agency, y, seq, check] = m;
  if (luhn36(`${agency}${y}${seq}`) !== check) return undefined;
  const sequence = Number(seq);
  if (sequence < 1) return undefined;
  return { agency: agency!, year: Number(y), sequence };
}
