/**
 * The grades CSV rows of a partition, written straight as UTF-8 bytes: the cells that repeat
 * (scores, grades, risk levels, classes, ratios, reason lists) are quoted and encoded once and
 * copied from then on; codes are ASCII written as they are; only names are encoded per row. The
 * bytes are exactly those of the rows joined as strings (see {@link gradeRowText}) and encoded.
 */
import { csvCell, csvLine } from './csv-write.js';
import type { GradeLine } from './engine.js';

/** One grade row's cells but the name (before quoting): a grade line without its warnings. */
export type GradeRowCells = Omit<GradeLine, 'warnings'>;

/**
 * The reference form of one grade row: every cell through {@link csvCell}, then the run's tail
 * cells (rulebook id, hash, as-of) and `\n`.
 *
 * @example
 * ```ts
 * gradeRowText({ uscc: '91310112MA1FL8X00X', score: '92.50', grade: 'A', riskLevel: 'low', supervisionClass: 'class1', inspectionsPerYear: 0, samplingRatio: '0.03', reasons: [] }, '上海某某', ['cn-sh-minhang', 'abc', '2025-06-30']);
 * // '91310112MA1FL8X00X,上海某某,92.50,A,low,class1,0,0.03,,cn-sh-minhang,abc,2025-06-30\n'
 * ```
 */
export function gradeRowText(r: GradeRowCells, name: string, tail: readonly string[]): string {
  return `${csvCell(r.uscc)},${csvCell(name)},${csvCell(r.score)},${csvCell(r.grade)},${csvCell(r.riskLevel)},${csvCell(r.supervisionClass)},${csvCell(String(r.inspectionsPerYear))},${csvCell(r.samplingRatio)},${csvCell(r.reasons.join(';'))},${csvLine(tail)}`;
}

const COMMA = 0x2c;
/** Repeated cells kept at most (scores, reason lists): a bound, not a tuning knob. */
const MAX_CACHED = 1 << 14;

/**
 * A growing buffer of grade rows (its bytes own their ArrayBuffer: transferable between threads).
 *
 * @example
 * ```ts
 * const w = new GradeRowWriter(['cn-sh-minhang', 'abc', '2025-06-30']);
 * w.row(cells, '上海某某');
 * w.take(); // the UTF-8 bytes of gradeRowText(cells, '上海某某', tail)
 * ```
 */
export class GradeRowWriter {
  private buf: Buffer;
  private len = 0;
  /** Cell text → its quoted UTF-8 bytes. */
  private readonly cells = new Map<string, Buffer>();
  /** A frozen reason list (the grader hands out one per combination) → its cell's bytes. */
  private readonly reasonLists = new WeakMap<readonly string[], Buffer>();
  private readonly tail: Buffer;
  /** `rows`: how many rows are coming, if known (the buffer is sized for them once: no regrowth). */
  constructor(tail: readonly string[], rows = 0) {
    this.tail = Buffer.from(`,${csvLine(tail)}`, 'utf8');
    // ~160 bytes a row (a CJK name, a few short cells, the tail), with room to spare.
    this.buf = Buffer.allocUnsafeSlow(Math.max(1 << 16, rows * (this.tail.length + 160)));
  }

  /** Appends the row of `r` and the enterprise name `name`. */
  row(r: GradeRowCells, enterpriseName: string): void {
    // Every write below makes room for itself and the comma after it (a typed array would drop a
    // byte written past its end without a word).
    this.code(r.uscc);
    this.buf[this.len++] = COMMA;
    this.text(csvCell(enterpriseName));
    this.buf[this.len++] = COMMA;
    this.cell(r.score);
    this.buf[this.len++] = COMMA;
    this.cell(r.grade);
    this.buf[this.len++] = COMMA;
    this.cell(r.riskLevel);
    this.buf[this.len++] = COMMA;
    this.cell(r.supervisionClass);
    this.buf[this.len++] = COMMA;
    this.count(r.inspectionsPerYear);
    this.buf[this.len++] = COMMA;
    this.cell(r.samplingRatio);
    this.buf[this.len++] = COMMA;
    const reasons = r.reasons;
    if (reasons.length === 1) this.cell(reasons[0]!);
    else if (reasons.length > 1 && Object.isFrozen(reasons)) {
      let b = this.reasonLists.get(reasons);
      if (b === undefined) this.reasonLists.set(reasons, (b = Buffer.from(csvCell(reasons.join(';')), 'utf8')));
      this.copy(b);
    } else if (reasons.length > 1) this.cell(reasons.join(';'));
    this.copy(this.tail);
  }

  /** The rows written so far. */
  take(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  private copy(b: Buffer): void {
    this.reserve(b.length + 1);
    const buf = this.buf;
    let p = this.len;
    if (b.length <= 32) for (let k = 0; k < b.length; k++) buf[p++] = b[k]!;
    else p += b.copy(buf, p);
    this.len = p;
  }

  /** A repeated cell: quoted and encoded once. */
  private cell(s: string): void {
    let b = this.cells.get(s);
    if (b === undefined) {
      b = Buffer.from(csvCell(s), 'utf8');
      if (this.cells.size >= MAX_CACHED) this.cells.clear();
      this.cells.set(s, b);
    }
    this.copy(b);
  }

  /** Quoted text, encoded here (at most 3 bytes per UTF-16 unit). */
  private text(quoted: string): void {
    this.reserve(quoted.length * 3 + 1);
    this.len += this.buf.write(quoted, this.len, 'utf8');
  }

  /** A code of `[0-9A-Z]` (what a USCC is) needs no quoting: written as it is; anything else as text. */
  private code(s: string): void {
    this.reserve(s.length + 1);
    const buf = this.buf;
    const start = this.len;
    let p = start;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) {
        this.text(csvCell(s));
        return;
      }
      buf[p++] = c;
    }
    this.len = p;
  }

  /** A count: a non-negative integer's digits (what csvCell(String(n)) gives); anything else as a cell. */
  private count(n: number): void {
    if (!(Number.isInteger(n) && n >= 0 && n < 1e15)) {
      this.cell(String(n));
      return;
    }
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    this.reserve(digits + 1);
    const buf = this.buf;
    let q = this.len + digits - 1;
    for (let x = n; q >= this.len; q--) {
      const t = Math.floor(x / 10);
      buf[q] = 48 + x - t * 10;
      x = t;
    }
    this.len += digits;
  }
}
