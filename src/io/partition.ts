/**
 * Partitioning by 统一社会信用代码: the unit of parallel and distributed work. An enterprise and all
 * its records always land in the same partition, so partitions are graded independently — in
 * worker threads here, or as Hadoop/Spark partitions with `xinfeng grade --stdin`.
 */
import type { CsvItem } from './csv.js';

/**
 * FNV-1a (32-bit) of the normalised USCC, reduced to a partition number. Stable across runs,
 * machines and worker counts (it is part of the sharding contract documented in README).
 *
 * @example
 * ```ts
 * partitionOf('91310112MA1FL8X00X', 16); // a number in 0..15, always the same
 * ```
 */
export function partitionOf(uscc: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < uscc.length; i++) {
    h ^= uscc.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % partitions;
}

/**
 * The routing key of a raw USCC cell: what {@link partitionOf} hashes. Cheap normalisation
 * (trim, full-width → half-width, upper case) so that `９１３１…` and `9131…` go to the same partition;
 * full validation happens later, inside the partition.
 *
 * @example
 * ```ts
 * routingKey(' ９１３１０１１２ma1fl8x00x'); // '91310112MA1FL8X00X'
 * ```
 */
export function routingKey(cell: string): string {
  if (isPlainCode(cell)) return cell;
  let out = '';
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += cell[i];
  }
  return out.trim().toUpperCase();
}

/**
 * Where field `n` of the comma-separated record `buf[start, end)` starts, or -1 when the record has
 * fewer fields. A byte loop: the cells before a USCC are short, and a native `indexOf` per cell costs
 * more than scanning them.
 *
 * @example
 * ```ts
 * fieldStart(Buffer.from('a,bc,d'), 0, 6, 2); // 5
 * ```
 */
export function fieldStart(buf: Uint8Array, start: number, end: number, n: number): number {
  let s = start;
  for (let i = 0; i < n; i++) {
    while (s < end && buf[s] !== 0x2c) s++;
    if (s >= end) return -1;
    s++;
  }
  return s;
}

/**
 * Where the field starting at `s` ends: its comma, or `end`.
 *
 * @example
 * ```ts
 * fieldEnd(Buffer.from('a,bc,d'), 2, 6); // 4
 * ```
 */
export function fieldEnd(buf: Uint8Array, s: number, end: number): number {
  while (s < end && buf[s] !== 0x2c) s++;
  return s;
}

/**
 * The partition of a plain record's USCC cell, read from its bytes `buf[start, end)` (field `n`):
 * an 18-byte `[0-9A-Z]` cell is hashed as is (same FNV-1a as {@link partitionOf}); anything else is
 * decoded and normalised with {@link routingKey} first.
 */
export function partitionOfField(buf: Buffer, start: number, end: number, n: number, partitions: number): number {
  const s = fieldStart(buf, start, end, n);
  if (s < 0) return partitionOf('', partitions);
  return partitionOfCell(buf, s, fieldEnd(buf, s, end), partitions);
}

/**
 * The partition of the USCC cell `buf[s, e)` (its content: no quotes): an 18-byte `[0-9A-Z]` cell is
 * hashed as is (same FNV-1a as {@link partitionOf}); anything else is decoded and normalised with
 * {@link routingKey} first.
 *
 * @example
 * ```ts
 * partitionOfCell(Buffer.from('91310112MA1FL8X00X'), 0, 18, 16) === partitionOf('91310112MA1FL8X00X', 16); // true
 * ```
 */
export function partitionOfCell(buf: Buffer, s: number, e: number, partitions: number): number {
  if (isPlainCodeAt(buf, s, e)) {
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) {
      h ^= buf[i]!;
      h = Math.imul(h, 0x01000193);
    }
    return (h >>> 0) % partitions;
  }
  return partitionOf(routingKey(buf.toString('utf8', s, e)), partitions);
}

/** Whether `s` is 18 characters of `[0-9A-Z]` (a code that needs no normalising). */
function isPlainCode(s: string): boolean {
  if (s.length !== 18) return false;
  for (let i = 0; i < 18; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return false;
  }
  return true;
}

/** Whether `buf[s, e)` is 18 bytes of `[0-9A-Z]`: what {@link isPlainCode} says of the string they spell. */
function isPlainCodeAt(buf: Uint8Array, s: number, e: number): boolean {
  if (e - s !== 18) return false;
  for (let i = s; i < e; i++) {
    const c = buf[i]!;
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return false;
  }
  return true;
}

/**
 * Splits a one-line record with quoted cells, when it is simple: every quote opens a cell and the
 * next quote closes it, right before a comma or the end (no `""` escapes, no quote inside an
 * unquoted cell; the caller has made sure there is no CR or LF in `buf[start, end)`). csv-parse reads
 * such a record as the cells' contents. Fills `starts[i]`/`ends[i]` with the content bounds of cell i
 * (quotes excluded) for the first `starts.length` cells and returns the number of cells, or -1 when
 * the record is not simple (then the full CSV scanner reads it).
 *
 * @example
 * ```ts
 * const s = new Int32Array(8), e = new Int32Array(8);
 * cutQuotedFields(Buffer.from('a,"5,000",b'), 0, 11, s, e); // 3; cell 1 is bytes 3..8: 5,000
 * ```
 */
export function cutQuotedFields(buf: Buffer, start: number, end: number, starts: Int32Array, ends: Int32Array): number {
  const cap = starts.length;
  let p = start;
  let f = 0;
  for (;;) {
    let s: number;
    let e: number;
    if (p < end && buf[p] === QUOTE_BYTE) {
      const q = buf.indexOf(QUOTE_BYTE, p + 1);
      if (q === -1 || q >= end) return -1;
      s = p + 1;
      e = q;
      p = q + 1;
      if (p < end && buf[p] !== COMMA_BYTE) return -1;
    } else {
      s = p;
      while (p < end) {
        const b = buf[p]!;
        if (b === COMMA_BYTE) break;
        if (b === QUOTE_BYTE) return -1;
        p++;
      }
      e = p;
    }
    if (f < cap) {
      starts[f] = s;
      ends[f] = e;
    }
    f++;
    if (p >= end) return f;
    p++;
  }
}

const QUOTE_BYTE = 0x22;
const COMMA_BYTE = 0x2c;

/**
 * The cell bounds of one record with simple quoted cells at a time ({@link cutQuotedFields}), in
 * arrays reused from record to record and grown to the widest.
 *
 * @example
 * ```ts
 * const q = new QuotedCells();
 * q.cut(Buffer.from('a,"5,000",b'), 0, 11); // 3; q.starts[1] = 3, q.ends[1] = 8
 * ```
 */
export class QuotedCells {
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /** Cuts `buf[s, e)`: the number of cells, or -1 when the record is not simple. */
  cut(buf: Buffer, s: number, e: number): number {
    let n = cutQuotedFields(buf, s, e, this.starts, this.ends);
    if (n > this.starts.length) {
      this.starts = new Int32Array(n);
      this.ends = new Int32Array(n);
      n = cutQuotedFields(buf, s, e, this.starts, this.ends);
    }
    return n;
  }
}

/** Bytes of `line␟` for a plain record (see {@link encodePartitionLine}). */
export function plainLinePrefix(line: number): string {
  return `${line}${US}`;
}

const US = '\x1f';
const RS = '\x1e';
const JSON_MARK = '\x1d';

/**
 * Serialises one CSV item as a partition line: `line␟raw` for a plain record (fields joined by
 * commas, none containing a comma); `line␞cells` for a record whose fields contain commas but no
 * quote or line break (those fields quoted: see {@link cutQuotedFields}, which reads the cells
 * back); or `␝[line, ...fields]` (JSON) for anything else, so fields with quotes or newlines
 * survive. One line per record, `\n`-terminated.
 *
 * @example
 * ```ts
 * encodePartitionLine({ fields: ['a', 'b'], line: 2 }); // '2\x1fa,b\n'
 * encodePartitionLine({ fields: ['a', '5,000'], line: 3 }); // '3\x1ea,"5,000"\n'
 * ```
 */
export function encodePartitionLine(item: CsvItem): string {
  if ('buf' in item) return `${item.line}${US}${item.buf.toString('utf8', item.start, item.end)}\n`;
  if ('fields' in item) {
    const f = item.fields;
    let commas = false;
    let other = false;
    for (const x of f) {
      if (x.includes(',')) commas = true;
      if (x.includes('"') || x.includes('\n') || x.includes(US) || x.includes(RS) || x.includes(JSON_MARK) || x.includes('\r')) {
        other = true;
        break;
      }
    }
    if (!other && !commas) return `${item.line}${US}${f.join(',')}\n`;
    if (!other) return `${item.line}${RS}${f.map((x) => (x.includes(',') ? `"${x}"` : x)).join(',')}\n`;
    return `${JSON_MARK}${JSON.stringify([item.line, ...f])}\n`;
  }
  return `${JSON_MARK}${JSON.stringify([item.line, { malformed: item.malformed }])}\n`;
}

/**
 * Decodes the lines written by {@link encodePartitionLine} (and the runs of consecutive plain
 * records `␜line␟count␟…` the parallel router writes), calling `row(fields, line, content)` for
 * each record (`content` = the fields joined by commas: the order-independent sort key of the row) and `malformed(line, code, message)` for a malformed stretch.
 *
 * @example
 * ```ts
 * decodePartitionText('2\x1fa,b\n', (f, l) => console.log(l, f)); // 2 ['a', 'b']
 * ```
 */
export function decodePartitionText(
  text: string,
  row: (fields: string[], line: number, content: string) => void,
  malformed?: (line: number, code: string, message: string) => void,
): void {
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    if (text.charCodeAt(pos) === 0x1c) {
      // A run of plain records of consecutive lines: `␜line␟count␟` then the records.
      const a = text.indexOf(US, pos);
      const b = text.indexOf(US, a + 1);
      const line = Number(text.slice(pos + 1, a));
      const count = Number(text.slice(a + 1, b));
      let p = b + 1;
      for (let k = 0; k < count; k++) {
        let e = text.indexOf('\n', p);
        if (e === -1) e = n;
        const content = text.slice(p, e);
        row(content.split(','), line + k, content);
        p = e + 1;
      }
      pos = p;
      continue;
    }
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = n;
    if (text.charCodeAt(pos) === 0x1d) {
      const arr = JSON.parse(text.slice(pos + 1, nl)) as [number, ...unknown[]];
      const line = arr[0];
      const first = arr[1];
      if (typeof first === 'object' && first !== null && 'malformed' in first) {
        const m = (first as { malformed: { code: string; message: string } }).malformed;
        malformed?.(line, m.code, m.message);
      } else {
        const fields = arr.slice(1) as string[];
        row(fields, line, fields.join(','));
      }
    } else {
      let us = pos;
      while (us < nl && text[us] !== US && text[us] !== RS) us++;
      const raw = text.slice(us + 1, nl);
      if (text[us] === RS) {
        // Simple quoted cells: quotes only around cells (see cutQuotedFields).
        const b = Buffer.from(raw, 'utf8');
        const q = new QuotedCells();
        const fields = Array.from({ length: q.cut(b, 0, b.length) }, (_, i) => b.toString('utf8', q.starts[i]!, q.ends[i]!));
        row(fields, Number(text.slice(pos, us)), fields.join(','));
      } else row(raw.split(','), Number(text.slice(pos, us)), raw);
    }
    pos = nl + 1;
  }
}

/**
 * How records are assigned to partitions (分区方式): by hash ({@link partitionOf}: FNV-1a mod P), or
 * by ranges of the routing key: `boundaries` (P - 1 sorted keys) put a key in partition `i` = how
 * many boundaries are ≤ it, so partitions hold consecutive ranges of codes and their sorted outputs
 * concatenate into sorted output (no k-way merge). Both keep an enterprise and its records together;
 * neither changes any output.
 *
 * @example
 * ```ts
 * const r = new Partitioner(3, ['91310112MA1A000000', '91310112MA1B000000']);
 * r.ofKey('91310112MA1AZZZZZZ'); // 1
 * new Partitioner(16).ofKey('91310112MA1FL8X00X') === partitionOf('91310112MA1FL8X00X', 16); // true
 * ```
 */
export class Partitioner {
  /** Whether partitions are key ranges in order (their outputs concatenate in order). */
  readonly ordered: boolean;
  private readonly bounds: readonly string[];
  /** The boundaries as three 48-bit numbers each (6 bytes big-endian), when all are 18 plain bytes. */
  private readonly n0: Float64Array;
  private readonly n1: Float64Array;
  private readonly n2: Float64Array;
  private readonly plainBounds: boolean;
  constructor(
    readonly count: number,
    /** Range boundaries (P - 1 sorted routing keys); undefined: by hash. */
    readonly boundaries?: readonly string[],
  ) {
    this.bounds = boundaries ?? [];
    this.ordered = boundaries !== undefined;
    const b = this.bounds.length;
    this.n0 = new Float64Array(b);
    this.n1 = new Float64Array(b);
    this.n2 = new Float64Array(b);
    let plain = true;
    for (let i = 0; i < b; i++) {
      const s = this.bounds[i]!;
      if (!isPlainCode(s)) {
        plain = false;
        break;
      }
      this.n0[i] = six(s.charCodeAt(0), s.charCodeAt(1), s.charCodeAt(2), s.charCodeAt(3), s.charCodeAt(4), s.charCodeAt(5));
      this.n1[i] = six(s.charCodeAt(6), s.charCodeAt(7), s.charCodeAt(8), s.charCodeAt(9), s.charCodeAt(10), s.charCodeAt(11));
      this.n2[i] = six(s.charCodeAt(12), s.charCodeAt(13), s.charCodeAt(14), s.charCodeAt(15), s.charCodeAt(16), s.charCodeAt(17));
    }
    this.plainBounds = plain;
  }

  /** The partition of a routing key (see {@link routingKey}). */
  ofKey(key: string): number {
    if (!this.ordered) return partitionOf(key, this.count);
    const bounds = this.bounds;
    let lo = 0;
    let hi = bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (bounds[mid]! <= key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The partition of the USCC cell `buf[s, e)` (its content, no quotes). */
  ofCell(buf: Buffer, s: number, e: number): number {
    if (!this.ordered) return partitionOfCell(buf, s, e, this.count);
    if (this.plainBounds && isPlainCodeAt(buf, s, e)) {
      // Byte order of 18 plain bytes = string order of the key they spell.
      const k0 = sixBytes(buf, s);
      const k1 = sixBytes(buf, s + 6);
      const k2 = sixBytes(buf, s + 12);
      const { n0, n1, n2 } = this;
      let lo = 0;
      let hi = n0.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const b0 = n0[mid]!;
        const le = b0 < k0 || (b0 === k0 && (n1[mid]! < k1 || (n1[mid] === k1 && n2[mid]! <= k2)));
        if (le) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    }
    return this.ofKey(routingKey(buf.toString('utf8', s, e)));
  }

  /** The partition of field `n` of the plain record `buf[start, end)` (no such field: the empty key's). */
  ofField(buf: Buffer, start: number, end: number, n: number): number {
    if (!this.ordered) return partitionOfField(buf, start, end, n, this.count);
    const s = fieldStart(buf, start, end, n);
    if (s < 0) return this.ofKey('');
    return this.ofCell(buf, s, fieldEnd(buf, s, end));
  }
}

/** Six bytes (or char codes < 256) as one big-endian number (exact: < 2^48). */
function six(a: number, b: number, c: number, d: number, e: number, f: number): number {
  return ((((a * 256 + b) * 256 + c) * 256 + d) * 256 + e) * 256 + f;
}

/**
 * The six bytes `buf[o, o + 6)` as one big-endian number: comparing such numbers compares the bytes.
 *
 * @example
 * ```ts
 * sixBytes(Buffer.from('913101'), 0) < sixBytes(Buffer.from('913102'), 0); // true
 * ```
 */
export function sixBytes(buf: Uint8Array, o: number): number {
  return six(buf[o]!, buf[o + 1]!, buf[o + 2]!, buf[o + 3]!, buf[o + 4]!, buf[o + 5]!);
}

/**
 * Range boundaries for `count` partitions from a sample of routing keys: the keys at even quantiles
 * (undefined when the sample is too small to say anything: fewer than two keys a partition).
 *
 * @example
 * ```ts
 * rangeBoundaries(['A', 'B', 'C', 'D'], 2); // ['C']
 * ```
 */
export function rangeBoundaries(keys: readonly string[], count: number): string[] | undefined {
  if (count < 2 || keys.length < count * 2) return undefined;
  const sorted = [...keys].sort();
  const out: string[] = [];
  for (let i = 1; i < count; i++) out.push(sorted[Math.floor((i * sorted.length) / count)]!);
  return out;
}
