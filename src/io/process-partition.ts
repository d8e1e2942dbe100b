import { existsSync, readFileSync } from 'node:fs';
import type { CreditEvent, Enterprise } from '../grading/index.js';
import type { ColumnLayout } from './columns.js';
import { convertEnterprise, convertEvent, decisionKey, FastEnterpriseConverter, FastEventConverter, makeReject, type ConvertOptions, type RejectRow } from './records.js';
import { GradeRowWriter } from './grade-rows.js';
import { fieldEnd, fieldStart, QuotedCells } from './partition.js';
import { emptyStats, type GradeStats, type PartitionGrader } from './engine.js';
import { emptyLike } from '../_lib/shaped.js';

/**
 * The input of one partition: the encoded enterprise and record lines (see encodePartitionLine)
 * with the layouts of the files they come from.
 */
export interface PartitionInput {
  readonly id: number;
  /** Encoded enterprise lines, or the temp file holding them (spilled runs). */
  readonly enterprisesText?: string;
  readonly enterprisesBytes?: Uint8Array;
  /** The same as consecutive byte chunks (each ends with a whole line). */
  readonly enterprisesParts?: readonly Uint8Array[];
  readonly enterprisesFile?: string;
  readonly eventsText?: string;
  readonly eventsBytes?: Uint8Array;
  readonly eventsParts?: readonly Uint8Array[];
  readonly eventsFile?: string;
  readonly enterpriseLayout: ColumnLayout;
  readonly eventLayout: ColumnLayout;
}

/** Per-file counts of a partition (summed by the pipeline into the reconciliation). */
export interface PartitionCounts {
  enterprisesRead: number;
  enterprisesAccepted: number;
  enterprisesRejected: number;
  duplicateEnterprises: number;
  eventsRead: number;
  eventsAccepted: number;
  eventsRejected: number;
  duplicateEvents: number;
  orphanEvents: number;
}

/** The output of one partition: CSV lines sorted by USCC, rejects sorted by file and line, stats. */
export interface PartitionOutput {
  readonly id: number;
  /** Grade rows (no header), `\n`-terminated, sorted by uscc ('' when `gradesBytes` carries them). */
  readonly gradesText: string;
  /** The same rows as UTF-8 bytes, when asked for (`{ bytes: true }`): they move between threads without a copy. */
  readonly gradesBytes?: Uint8Array;
  /** Explanation JSON lines sorted by uscc ('' unless requested). */
  readonly explainText: string;
  readonly rejects: readonly RejectRow[];
  readonly counts: PartitionCounts;
  readonly stats: GradeStats;
}

interface Held<T> {
  value: T;
  line: number;
  /** The row's content (its cells joined): duplicates and record order resolve by it, never by position. */
  key: string | undefined;
  /** For a record read from bytes: its content is `src[start, end)`, decoded only if a tie needs it. */
  src?: Buffer;
  start?: number;
  end?: number;
}

const LF = 0x0a;
const COMMA = 0x2c;
const US = 0x1f;
const RS = 0x1e;
const RUN_MARK = 0x1c;
const JSON_MARK = 0x1d;

/**
 * A partition's lines as byte chunks, each ending with a whole line: never concatenated (copying a
 * district's partitions into one buffer each cost ~5% of a run, page faults included).
 */
function partitionChunks(t: string | undefined, b: Uint8Array | undefined, f: string | undefined, parts?: readonly Uint8Array[]): Buffer[] {
  if (f !== undefined) return existsSync(f) ? [readFileSync(f)] : [];
  if (parts !== undefined) return parts.map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength));
  if (b !== undefined) return [Buffer.from(b.buffer, b.byteOffset, b.byteLength)];
  return [Buffer.from(t ?? '', 'utf8')];
}

const ENTERPRISES = 0;
const EVENTS = 1;

/** What {@link walkPartition} calls for each line (methods: the same call targets for every partition). */
interface PartitionLines {
  plain(which: number, start: number, end: number, line: number, quoted: boolean): void;
  json(which: number, fields: string[], line: number, content: string): void;
  malformed(which: number, line: number, code: string, message: string): void;
}

/**
 * Walks the partition lines written by encodePartitionLine (and the runs of appendPlainRun: one
 * `plain` per record), straight from their bytes: `plain(which,
 * start, end, line, quoted)` for a plain record (its content is `buf[start, end)`; `quoted`: its
 * cells may be wrapped in quotes, see cutQuotedFields), `json(which, fields,
 * line, content)` for a JSON-encoded record, `malformed(which, line, code, message)` for a malformed
 * stretch; `which` says which file the lines come from.
 */
function walkPartition(buf: Buffer, to: PartitionLines, which: number): void {
  let pos = 0;
  const n = buf.length;
  while (pos < n) {
    if (buf[pos] === RUN_MARK) {
      pos = walkRun(buf, pos, to, which);
      continue;
    }
    let nl = buf.indexOf(LF, pos);
    if (nl === -1) nl = n;
    if (buf[pos] === JSON_MARK) {
      const arr = JSON.parse(buf.toString('utf8', pos + 1, nl)) as [number, ...unknown[]];
      const line = arr[0];
      const first = arr[1];
      if (typeof first === 'object' && first !== null && 'malformed' in first) {
        const m = (first as { malformed: { code: string; message: string } }).malformed;
        to.malformed(which, line, m.code, m.message);
      } else {
        const fields = arr.slice(1) as string[];
        to.json(which, fields, line, fields.join(','));
      }
    } else {
      // `line␟content` (or `line␞content`, quoted cells): the line number in ASCII digits.
      let line = 0;
      let p = pos;
      for (; p < nl; p++) {
        const c = buf[p]!;
        if (c === US || c === RS) break;
        line = line * 10 + (c - 48);
      }
      to.plain(which, p + 1, nl, line, buf[p] === RS);
    }
    pos = nl + 1;
  }
}

/** Reads the run `␜line␟count␟` + count lines at `pos` (see appendPlainRun); returns where it ends. */
function walkRun(buf: Buffer, pos: number, to: PartitionLines, which: number): number {
  const n = buf.length;
  let p = pos + 1;
  let line = 0;
  for (; p < n && buf[p] !== US; p++) line = line * 10 + (buf[p]! - 48);
  let count = 0;
  for (p++; p < n && buf[p] !== US; p++) count = count * 10 + (buf[p]! - 48);
  p++;
  for (let k = 0; k < count && p < n; k++) {
    let nl = buf.indexOf(LF, p);
    if (nl === -1) nl = n;
    to.plain(which, p, nl, line + k, false);
    p = nl + 1;
  }
  return p;
}

/**
 * Open-addressing table of the accepted enterprises' codes (18 ASCII bytes each), looked up with the
 * bytes of a record's USCC cell: no string is made for a record whose cell is exactly a known code.
 */
class CodeTable {
  private readonly keys: Uint8Array;
  private readonly slots: Int32Array;
  private readonly mask: number;
  constructor(codes: readonly string[]) {
    let cap = 16;
    while (cap < codes.length * 2) cap <<= 1;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap);
    this.keys = new Uint8Array(codes.length * 18);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      if (c.length !== 18) continue;
      let ascii = true;
      for (let k = 0; k < 18; k++) {
        const ch = c.charCodeAt(k);
        if (ch > 0x7f) ascii = false;
        this.keys[i * 18 + k] = ch;
      }
      // A code that is not 18 ASCII bytes is never found here (its records take the full path).
      if (!ascii) continue;
      let h = this.hash(this.keys, i * 18) & this.mask;
      while (this.slots[h] !== 0) h = (h + 1) & this.mask;
      this.slots[h] = i + 1;
    }
  }
  private hash(b: Uint8Array, s: number): number {
    let h = 0x811c9dc5;
    for (let k = s; k < s + 18; k++) {
      h ^= b[k]!;
      h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
  }
  /** The index of the code equal to the string `code`, or -1 (a code that is not 18 ASCII characters: -1). */
  findString(code: string): number {
    if (code.length !== 18) return -1;
    const b = this.scratch;
    for (let k = 0; k < 18; k++) {
      const c = code.charCodeAt(k);
      if (c > 0x7f) return -1;
      b[k] = c;
    }
    return this.find(b, 0);
  }
  /** The bytes of a code looked up as a string. */
  private readonly scratch = new Uint8Array(18);

  /** The index of the code equal to `buf[s, s + 18)`, or -1. */
  find(buf: Uint8Array, s: number): number {
    let h = this.hash(buf, s) & this.mask;
    for (;;) {
      const v = this.slots[h]!;
      if (v === 0) return -1;
      const o = (v - 1) * 18;
      let k = 0;
      while (k < 18 && this.keys[o + k] === buf[s + k]) k++;
      if (k === 18) return v - 1;
      h = (h + 1) & this.mask;
    }
  }
}

/** Growable Int32 columns of the records held back until their enterprise is graded. */
class Deferred {
  /** Which chunk of the partition holds the record. */
  part = new Int32Array(1024);
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  line = new Int32Array(1024);
  ent = new Int32Array(1024);
  /** 1: the record's cells may be quoted (see cutQuotedFields). */
  quoted = new Uint8Array(1024);
  size = 0;
  push(part: number, start: number, end: number, line: number, ent: number, quoted: boolean): void {
    if (this.size === this.start.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.part = grow(this.part);
      this.start = grow(this.start);
      this.end = grow(this.end);
      this.line = grow(this.line);
      this.ent = grow(this.ent);
      const q = new Uint8Array(this.quoted.length * 2);
      q.set(this.quoted);
      this.quoted = q;
    }
    const i = this.size++;
    this.part[i] = part;
    this.start[i] = start;
    this.end[i] = end;
    this.line[i] = line;
    this.ent[i] = ent;
    this.quoted[i] = quoted ? 1 : 0;
  }
  // The counting sort by enterprise, one loop per method with nothing after it: a loop optimised
  // in place (on-stack replacement) would otherwise meet not-yet-run code after it and be
  // deoptimised, at every partition.
  /** Adds each record to `firstOf[ent + 1]`. */
  countInto(firstOf: Int32Array): void {
    const ent = this.ent;
    for (let j = 0; j < this.size; j++) firstOf[ent[j]! + 1]!++;
  }
  /** Record numbers grouped by enterprise: `fill[i]` starts as enterprise i's first slot. */
  orderInto(order: Int32Array, fill: Int32Array): void {
    const ent = this.ent;
    for (let j = 0; j < this.size; j++) order[fill[ent[j]!]!++] = j;
  }
}

/** Running sums: `a[i + 1] += a[i]` for i < n. */
function prefixSums(a: Int32Array, n: number): void {
  for (let i = 0; i < n; i++) a[i + 1] = a[i + 1]! + a[i]!;
}

/**
 * Splits a plain record's bytes into its fields (what `content.split(',')` gives for the decoded
 * content: commas are ASCII, so decoding field by field yields the same strings) and interns short
 * repeated cells (record types, authorities, dates, levels) so that most cells cost a hash and a
 * byte comparison instead of a decode and an allocation. The cache is per worker and bounded.
 */
export class FieldReader {
  private static readonly CAP = 1 << 15;
  private static readonly MAX_LEN = 64;
  private readonly slots = new Int32Array(FieldReader.CAP);
  private readonly hashes = new Int32Array(FieldReader.CAP);
  private readonly strs: string[] = [];
  private readonly starts: number[] = [];
  private readonly lens: number[] = [];
  private arena = new Uint8Array(1 << 20);
  private arenaUsed = 0;
  private used = 0;

  private clear(): void {
    this.slots.fill(0);
    this.strs.length = 0;
    this.starts.length = 0;
    this.lens.length = 0;
    this.arenaUsed = 0;
    this.used = 0;
  }

  /** The string of `buf[s, e)` (UTF-8), from the cache when these bytes were seen before. */
  cell(buf: Buffer, s: number, e: number): string {
    const len = e - s;
    if (len === 0) return '';
    if (len > FieldReader.MAX_LEN) return buf.toString('utf8', s, e);
    let h = 0x811c9dc5;
    for (let k = s; k < e; k++) h = Math.imul(h ^ buf[k]!, 0x01000193);
    const mask = FieldReader.CAP - 1;
    let slot = (h >>> 0) & mask;
    for (;;) {
      const v = this.slots[slot]!;
      if (v === 0) break;
      if (this.hashes[slot] === h && this.lens[v - 1] === len) {
        const o = this.starts[v - 1]!;
        let k = 0;
        while (k < len && this.arena[o + k] === buf[s + k]) k++;
        if (k === len) return this.strs[v - 1]!;
      }
      slot = (slot + 1) & mask;
    }
    const str = buf.toString('utf8', s, e);
    if (this.used >= FieldReader.CAP >> 1 || this.arenaUsed + len > this.arena.length) {
      this.clear();
      return str;
    }
    this.arena.set(buf.subarray(s, e), this.arenaUsed);
    this.strs.push(str);
    this.starts.push(this.arenaUsed);
    this.lens.push(len);
    this.arenaUsed += len;
    this.used++;
    this.slots[slot] = this.strs.length;
    this.hashes[slot] = h;
    return str;
  }

  private readonly quoted = new QuotedCells();

  /**
   * The cells of the record `buf[s, e)` whose quotes only wrap cells (see cutQuotedFields): what
   * csv-parse reads from it.
   */
  quotedFields(buf: Buffer, s: number, e: number): string[] {
    const q = this.quoted;
    const n = q.cut(buf, s, e);
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(buf.toString('utf8', q.starts[i]!, q.ends[i]!));
    return out;
  }

  /** Bounds of cell `i` of such a record in `[start, end]` of the result (false: fewer cells). */
  quotedCell(buf: Buffer, s: number, e: number, i: number, bounds: Int32Array): boolean {
    const q = this.quoted;
    const n = q.cut(buf, s, e);
    if (i < 0 || i >= n) return false;
    bounds[0] = q.starts[i]!;
    bounds[1] = q.ends[i]!;
    return true;
  }

  /**
   * The fields of `buf[s, e)` split on commas; `unique[i] === 1` marks a column whose cells are
   * (nearly) all different, never cached. Field `skip` (>= 0) is not decoded: `skipValue` is
   * used instead (the caller knows those bytes already, e.g. the record's known USCC).
   */
  fields(buf: Buffer, s: number, e: number, unique: Uint8Array, skip = -1, skipValue = ''): string[] {
    const out: string[] = [];
    let a = s;
    for (let i = 0; ; i++) {
      let c = a;
      while (c < e && buf[c] !== COMMA) c++;
      // Cells that are unique per row (ids, names, document numbers) are decoded, not cached.
      out.push(i === skip ? skipValue : c === a ? '' : unique[i] === 1 ? buf.toString('utf8', a, c) : this.cell(buf, a, c));
      if (c >= e) return out;
      a = c + 1;
    }
  }
}

/**
 * The content of a record with simple quoted cells as the full path sees it (its cells joined by
 * commas): its quotes only wrap cells, so dropping them gives exactly that.
 */
function quotedContent(buf: Buffer, s: number, e: number): string {
  return buf.toString('utf8', s, e).replaceAll('"', '');
}

/** Field indices of a layout whose cells are (nearly) unique per row: 1 = do not intern. */
function uniqueColumns(layout: ColumnLayout, names: readonly string[]): Uint8Array {
  const u = new Uint8Array(layout.header.length + 1);
  for (const n of names) {
    const i = layout.index[n] ?? -1;
    if (i >= 0 && i < u.length) u[i] = 1;
  }
  return u;
}

/** One per thread: the interned cells are shared by the partitions a worker grades. */
const fieldReader = new FieldReader();

/**
 * The byte-level converters of this thread, per layout and options (their cell memos then serve
 * every partition of a run instead of being learnt again for each).
 */
const converters = new Map<string, { events: FastEventConverter; enterprises: FastEnterpriseConverter }>();
function convertersFor(eLayout: ColumnLayout, vLayout: ColumnLayout, opts: ConvertOptions) {
  const key = JSON.stringify([eLayout.header, eLayout.index, eLayout.unit, vLayout.header, vLayout.index, vLayout.unit, opts.defaultDistrict, opts.lenientUscc ?? false]);
  let c = converters.get(key);
  if (!c) {
    if (converters.size >= 8) converters.clear();
    converters.set(key, (c = { events: new FastEventConverter(vLayout), enterprises: new FastEnterpriseConverter(eLayout, opts) }));
  }
  return c;
}

/**
 * Validates, de-duplicates, joins and grades one partition. Pure given its inputs: the result does
 * not depend on the order of the lines (duplicates resolve to the canonically smallest row; events
 * reach the grader in canonical order; output is sorted by USCC), which is what makes the whole run
 * independent of worker count, partition count and input row order.
 *
 * Column-oriented: a record whose USCC cell is exactly an accepted enterprise's code is not decoded
 * when it is read; only its byte range, line and enterprise number are kept (typed arrays), and it is
 * converted and checked just before its enterprise is graded, so its objects live briefly. Anything
 * else (JSON-encoded rows, cells that need normalising, orphans) takes the full path at once.
 * With `{ bytes: true }` the grade rows come back as UTF-8 bytes (`gradesBytes`, transferable
 * between threads) instead of `gradesText`.
 *
 * @example
 * ```ts
 * const out = processPartition(input, grader, { defaultDistrict: '闵行区' }, false);
 * out.gradesText.split('\n')[0]; // '91310112…,上海…,…'
 * ```
 */
export function processPartition(
  input: PartitionInput,
  grader: PartitionGrader,
  opts: ConvertOptions,
  explain: boolean,
  output: { readonly bytes?: boolean } = {},
): PartitionOutput {
  return new PartitionRun(input, grader, opts, explain, output.bytes ?? false).run();
}

/**
 * One partition's state, with the steps as methods: the same functions serve every partition, so
 * the optimised code survives from one partition to the next (closures made per call would be new
 * call targets each time, and the whole step would be deoptimised and compiled again).
 */
class PartitionRun {
  readonly rejects: RejectRow[] = [];
  readonly counts: PartitionCounts = {
    enterprisesRead: 0, enterprisesAccepted: 0, enterprisesRejected: 0, duplicateEnterprises: 0,
    eventsRead: 0, eventsAccepted: 0, eventsRejected: 0, duplicateEvents: 0, orphanEvents: 0,
  };
  readonly eLayout: ColumnLayout;
  readonly vLayout: ColumnLayout;
  readonly enterprises = new Map<string, Held<Enterprise>>();
  readonly dupEnterprises: Held<Enterprise>[] = [];
  readonly reader = fieldReader;
  /** The enterprise chunk being read. */
  eBuf: Buffer = Buffer.alloc(0);
  readonly eUnique: Uint8Array;
  readonly fast: FastEventConverter;
  readonly fastEnterprise: FastEnterpriseConverter;
  usccs: string[] = [];
  ents: Held<Enterprise>[] = [];
  table: CodeTable | undefined;
  private indexOf: Map<string, number> | undefined;
  /** Records that took the full path and belong to an accepted enterprise, by enterprise number. */
  readonly early = new Map<number, Held<CreditEvent>[]>();
  /** The partition's record chunks, and the one being read. */
  vParts: Buffer[] = [];
  vBuf: Buffer = Buffer.alloc(0);
  vPart = 0;
  readonly deferred = new Deferred();
  readonly usccField: number;
  readonly vUnique: Uint8Array;
  /** The enterprise being graded: a deferred record's USCC cell is exactly its code. */
  current = '';
  readonly known = (code: string): boolean => this.enterprises.has(code);
  readonly isCurrent = (code: string): boolean => code === this.current;

  constructor(
    private readonly input: PartitionInput,
    private readonly grader: PartitionGrader,
    private readonly opts: ConvertOptions,
    private readonly explain: boolean,
    private readonly bytes: boolean,
  ) {
    this.eLayout = input.enterpriseLayout;
    this.vLayout = input.eventLayout;
    this.eUnique = uniqueColumns(this.eLayout, ['uscc', 'name']);
    const c = convertersFor(this.eLayout, this.vLayout, opts);
    this.fast = c.events;
    this.fastEnterprise = c.enterprises;
    this.usccField = this.vLayout.index['uscc'] ?? -1;
    this.vUnique = uniqueColumns(this.vLayout, ['id', 'uscc', 'decision_number', 'case_number', 'of_record']);
  }

  run(): PartitionOutput {
    this.readEnterprises();
    const { input } = this;
    this.vParts = partitionChunks(input.eventsText, input.eventsBytes, input.eventsFile, input.eventsParts);
    for (let k = 0; k < this.vParts.length; k++) {
      this.vPart = k;
      this.vBuf = this.vParts[k]!;
      walkPartition(this.vBuf, this, EVENTS);
    }
    return this.gradeAll();
  }

  private readEnterprises(): void {
    const { counts, enterprises, eLayout, rejects } = this;
    const { input } = this;
    for (const chunk of partitionChunks(input.enterprisesText, input.enterprisesBytes, input.enterprisesFile, input.enterprisesParts)) {
      this.eBuf = chunk;
      walkPartition(chunk, this, ENTERPRISES);
    }
    for (const d of this.dupEnterprises) {
      counts.enterprisesRejected++;
      counts.duplicateEnterprises++;
      const kept = enterprises.get(d.value.uscc)!;
      rejects.push(makeReject(eLayout.file, d.line, eLayout.sourceName['uscc'] ?? 'uscc', d.value.uscc, 'IO_DUPLICATE_ENTERPRISE', { uscc: d.value.uscc, keptLine: kept.line }));
    }
    counts.enterprisesAccepted = enterprises.size;
    // Enterprises in output order; a record joins its enterprise by number.
    this.usccs = [...enterprises.keys()].sort();
    this.ents = this.usccs.map((u) => enterprises.get(u)!);
    this.table = new CodeTable(this.usccs);
  }

  /** A plain line of the partition (see walkPartition); `quoted`: its cells may be wrapped in quotes. */
  plain(which: number, s: number, e: number, line: number, quoted: boolean): void {
    if (which === ENTERPRISES) {
      const eBuf = this.eBuf;
      const v = this.fastEnterprise.convert(eBuf, s, e, quoted);
      const content = quoted ? quotedContent(eBuf, s, e) : undefined;
      if (v === undefined) this.addEnterprise(quoted ? this.reader.quotedFields(eBuf, s, e) : this.reader.fields(eBuf, s, e, this.eUnique), line, content, s, e);
      else {
        this.counts.enterprisesRead++;
        this.keep(v, line, content, s, e);
      }
      return;
    }
    this.counts.eventsRead++;
    const vBuf = this.vBuf;
    const usccField = this.usccField;
    // The USCC cell's bytes: field `usccField` of the comma-separated content.
    let fs = -1;
    let fe = -1;
    if (quoted) {
      if (this.reader.quotedCell(vBuf, s, e, usccField, this.bounds)) {
        fs = this.bounds[0]!;
        fe = this.bounds[1]!;
      }
    } else if (usccField >= 0) {
      fs = fieldStart(vBuf, s, e, usccField);
      if (fs !== -1) fe = fieldEnd(vBuf, fs, e);
    }
    if (fs !== -1 && fe - fs === 18) {
      const i = this.table!.find(vBuf, fs);
      if (i >= 0) {
        this.deferred.push(this.vPart, s, e, line, i, quoted);
        return;
      }
    }
    if (quoted) this.addEvent(this.reader.quotedFields(vBuf, s, e), line, quotedContent(vBuf, s, e));
    else this.addEvent(this.reader.fields(vBuf, s, e, this.vUnique), line, vBuf.toString('utf8', s, e));
  }

  /** Scratch of plain(): a quoted record's USCC cell bounds. */
  private readonly bounds = new Int32Array(2);

  /** A JSON-encoded line (a row with quoted cells). */
  json(which: number, fields: string[], line: number, content: string): void {
    if (which === ENTERPRISES) this.addEnterprise(fields, line, content);
    else {
      this.counts.eventsRead++;
      this.addEvent(fields, line, content);
    }
  }

  /** A malformed stretch the reader reported. */
  malformed(which: number, line: number, code: string, message: string): void {
    const { counts } = this;
    if (which === ENTERPRISES) {
      counts.enterprisesRead++;
      counts.enterprisesRejected++;
    } else {
      counts.eventsRead++;
      counts.eventsRejected++;
    }
    const file = which === ENTERPRISES ? this.eLayout.file : this.vLayout.file;
    this.rejects.push(makeReject(file, line, '', '', 'IO_CSV_MALFORMED', { reason: `${code}: ${message}` }));
  }

  private entKey(h: Held<Enterprise>): string {
    return (h.key ??= h.src!.toString('utf8', h.start!, h.end!));
  }

  private addEnterprise(fields: string[], line: number, content: string | undefined, start?: number, end?: number): void {
    this.counts.enterprisesRead++;
    const r = convertEnterprise(this.eLayout, fields, line, this.opts);
    if (!r.ok) {
      this.counts.enterprisesRejected++;
      this.rejects.push(...r.rejects);
      return;
    }
    this.keep(r.value, line, content, start, end);
  }

  private keep(value: Enterprise, line: number, content: string | undefined, start?: number, end?: number): void {
    const { enterprises } = this;
    const held: Held<Enterprise> = content === undefined ? { value, line, key: undefined, src: this.eBuf, start, end } : { value, line, key: content };
    const prev = enterprises.get(value.uscc);
    if (!prev) {
      enterprises.set(value.uscc, held);
      return;
    }
    // Keep the canonically smaller row, so the choice does not depend on input order.
    const hk = this.entKey(held);
    const pk = this.entKey(prev);
    if (hk < pk || (hk === pk && held.line < prev.line)) {
      enterprises.set(value.uscc, held);
      this.dupEnterprises.push(prev);
    } else this.dupEnterprises.push(held);
  }

  /** Enterprise number of an accepted code (the code table; a map only for codes it cannot hold). */
  private entIndex(u: string): number {
    const i = this.table!.findString(u);
    if (i >= 0) return i;
    if (!this.indexOf) this.indexOf = new Map(this.usccs.map((x, k) => [x, k]));
    return this.indexOf.get(u) ?? -1;
  }

  private addEvent(fields: string[], line: number, content: string): void {
    const { counts, rejects, vLayout } = this;
    const r = convertEvent(vLayout, fields, line, this.opts, this.known);
    if (!r.ok) {
      counts.eventsRejected++;
      rejects.push(...r.rejects);
      return;
    }
    const u = r.value.uscc;
    const i = this.enterprises.has(u) ? this.entIndex(u) : -1;
    if (i < 0) {
      counts.eventsRejected++;
      counts.orphanEvents++;
      rejects.push(makeReject(vLayout.file, line, vLayout.sourceName['uscc'] ?? 'uscc', u, 'IO_ORPHAN_RECORD', { uscc: u }));
      return;
    }
    let list = this.early.get(i);
    if (!list) this.early.set(i, (list = []));
    list.push({ value: r.value, line, key: content });
  }

  /** Per-partition grading state (fields, so that the per-enterprise step is a method of its own). */
  private firstOf = new Int32Array(0);
  private order = new Int32Array(0);
  private rows = new GradeRowWriter([]);
  private readonly explains: string[] = [];
  private readonly stats = emptyStats();

  private gradeAll(): PartitionOutput {
    const { rejects, deferred, usccs, grader } = this;
    // Group the deferred records by enterprise number (counting sort).
    const nEnt = usccs.length;
    const firstOf = new Int32Array(nEnt + 1);
    deferred.countInto(firstOf);
    prefixSums(firstOf, nEnt);
    const order = new Int32Array(deferred.size);
    deferred.orderInto(order, firstOf.slice(0, nEnt));
    this.firstOf = firstOf;
    this.order = order;
    // The cells every row ends with.
    this.rows = new GradeRowWriter([grader.rulebookId, grader.rulebookHash, grader.asOf], nEnt);
    this.gradeEnterprises(nEnt);
    this.recs.release();
    rejects.sort(compareRejects);
    const explainText = this.explains.join('');
    const id = this.input.id;
    const stats = this.stats.toJSON();
    const grades = this.rows.take();
    if (this.bytes) return { id, gradesText: '', gradesBytes: grades, explainText, rejects, counts: this.counts, stats };
    return { id, gradesText: Buffer.from(grades.buffer, grades.byteOffset, grades.byteLength).toString('utf8'), explainText, rejects, counts: this.counts, stats };
  }

  /**
   * The loop over the enterprises, alone in its method: the per-enterprise step is optimised as a
   * function of its own, and a loop optimised in place (on-stack replacement) has no code after it
   * that could send it back to the interpreter at the end of every partition.
   */
  private gradeEnterprises(n: number): void {
    for (let i = 0; i < n; i++) this.gradeEnterprise(i);
  }

  /** The records of the enterprise being graded (one per thread, reused from one enterprise and partition to the next). */
  private readonly recs = enterpriseRecords;

  /** Converts, orders, de-duplicates and grades enterprise `i`'s records; appends its grade row. */
  private gradeEnterprise(i: number): void {
    const { counts, rejects, vLayout, deferred, firstOf, order, grader, explain, vParts, recs } = this;
    const u = this.usccs[i]!;
    this.current = u;
    const ent = this.ents[i]!.value;
    recs.n = 0;
    const early = this.early.get(i);
    if (early) for (const h of early) recs.push(h.value, h.line, h.key, undefined, 0, 0);
    for (let k = firstOf[i]!; k < firstOf[i + 1]!; k++) {
      const j = order[k]!;
      const line = deferred.line[j]!;
      const start = deferred.start[j]!;
      const end = deferred.end[j]!;
      const src = vParts[deferred.part[j]!]!;
      const quoted = deferred.quoted[j] === 1;
      // A quoted record's content (its sort key) is its bytes without the quotes: made here, eagerly.
      const key = quoted ? quotedContent(src, start, end) : undefined;
      const v = this.fast.convert(src, start, end, u, quoted);
      if (v !== undefined) {
        recs.push(v, line, key, src, start, end);
        continue;
      }
      const fields = quoted ? this.reader.quotedFields(src, start, end) : this.reader.fields(src, start, end, this.vUnique, this.usccField, u);
      const r = convertEvent(vLayout, fields, line, this.opts, this.isCurrent);
      if (!r.ok) {
        counts.eventsRejected++;
        rejects.push(...r.rejects);
        continue;
      }
      recs.push(r.value, line, key, src, start, end);
    }
    // Canonical order: date, then the row's content (so equal rows compare by content, not position).
    recs.sort();
    const events = this.dedupe(u, recs);
    counts.eventsAccepted += events.length;
    const g = grader.grade(ent, events, explain);
    this.stats.add(ent, g.line);
    this.rows.row(g.line, ent.name);
    if (explain) this.explains.push(`${JSON.stringify(g.explanation ?? null)}\n`);
  }

  /**
   * Drops duplicates (same id, or same type and decision/case number) from an enterprise's records
   * in canonical order: the first is kept. A handful of records per enterprise: a linear search
   * beats building two maps.
   */
  private dedupe(u: string, recs: EnterpriseRecords): CreditEvent[] {
    const { counts, rejects, vLayout } = this;
    const n = recs.n;
    const small = n <= 16;
    const ids = small ? undefined : new Map<string, number>();
    const decisions = small ? undefined : new Map<string, number>();
    // Kept records (positions in recs) and their decision keys.
    const kept = recs.kept;
    const keptKeys = recs.keptKeys;
    let nKept = 0;
    // One array per thread when nothing keeps it (the grader reads it and lets go; explanations may keep it).
    const events = this.explain ? [] : recs.events;
    events.length = 0;
    for (let o = 0; o < n; o++) {
      const r = recs.ord[o]!;
      const value = recs.value[r]!;
      const dk = decisionKey(value);
      const dkey = dk === undefined ? undefined : `${value.type}\u0000${dk}`;
      let first = -1;
      if (small) {
        for (let k = 0; k < nKept; k++) {
          if (recs.value[kept[k]!]!.id === value.id) {
            first = kept[k]!;
            break;
          }
        }
        if (first < 0 && dkey !== undefined) {
          for (let k = 0; k < nKept; k++) {
            if (keptKeys[k] === dkey) {
              first = kept[k]!;
              break;
            }
          }
        }
      } else first = ids!.get(value.id) ?? (dkey === undefined ? undefined : decisions!.get(dkey)) ?? -1;
      if (first >= 0) {
        counts.eventsRejected++;
        counts.duplicateEvents++;
        rejects.push(
          makeReject(vLayout.file, recs.line[r]!, vLayout.sourceName[dk === undefined ? 'id' : 'decision_number'] ?? 'id', dk ?? value.id, 'IO_DUPLICATE_RECORD', {
            uscc: u, type: value.type, decisionNo: dk ?? value.id, keptLine: recs.line[first]!,
          }),
        );
        continue;
      }
      if (small) {
        kept[nKept] = r;
        keptKeys[nKept] = dkey;
        nKept++;
      } else {
        ids!.set(value.id, r);
        if (dkey !== undefined) decisions!.set(dkey, r);
      }
      events.push(value);
    }
    return events;
  }
}

/**
 * One enterprise's records as columns (value, line, content or its bytes), reused from one
 * enterprise to the next: no object per record besides the record itself. `ord` is their canonical
 * order once sorted.
 */
class EnterpriseRecords {
  n = 0;
  readonly value: CreditEvent[] = [];
  readonly line: number[] = [];
  /** The row's content (cells joined), decoded from `src[start, end)` only when a tie needs it. */
  readonly key: (string | undefined)[] = [];
  readonly src: (Buffer | undefined)[] = [];
  readonly start: number[] = [];
  readonly end: number[] = [];
  ord: number[] = [];
  /** Scratch of dedupe: the kept records, and their positions and decision keys. */
  readonly events: CreditEvent[] = [];
  readonly kept: number[] = [];
  readonly keptKeys: (string | undefined)[] = [];
  push(value: CreditEvent, line: number, key: string | undefined, src: Buffer | undefined, start: number, end: number): void {
    const i = this.n++;
    this.value[i] = value;
    this.line[i] = line;
    this.key[i] = key;
    this.src[i] = src;
    this.start[i] = start;
    this.end[i] = end;
    this.ord[i] = i;
  }
  /** Drops the references to the last enterprise's records and their partition's bytes. */
  release(): void {
    this.value.fill(undefined as unknown as CreditEvent);
    this.src.fill(undefined);
    this.key.fill(undefined);
    this.events.length = 0;
    this.n = 0;
  }
  private keyOf(i: number): string {
    let k = this.key[i];
    if (k === undefined) this.key[i] = k = this.src[i]!.toString('utf8', this.start[i]!, this.end[i]!);
    return k;
  }
  /** Date, then content, then line: a total order (lines are unique), so any sort gives the same result. */
  compare(a: number, b: number): number {
    const da = this.value[a]!.date;
    const db = this.value[b]!.date;
    if (da !== db) return da < db ? -1 : 1;
    const ka = this.keyOf(a);
    const kb = this.keyOf(b);
    return ka < kb ? -1 : ka > kb ? 1 : this.line[a]! - this.line[b]!;
  }
  private readonly cmp = (a: number, b: number): number => this.compare(a, b);
  /** Sorts `ord[0, n)`: a few records by insertion (cheaper than Array#sort's set-up), more by Array#sort. */
  sort(): void {
    const n = this.n;
    const ord = this.ord;
    if (n > 12) {
      const sorted = ord.slice(0, n).sort(this.cmp);
      for (let k = 0; k < n; k++) ord[k] = sorted[k]!;
      return;
    }
    for (let a = 1; a < n; a++) {
      const x = ord[a]!;
      let b = a - 1;
      while (b >= 0 && this.compare(ord[b]!, x) > 0) {
        ord[b + 1] = ord[b]!;
        b--;
      }
      ord[b + 1] = x;
    }
  }
}

/** One per thread (see PartitionRun.recs): its arrays keep their shapes from one partition to the next. */
const enterpriseRecords = new EnterpriseRecords();

/** Rejects order: file, line, column. */
export function compareRejects(a: RejectRow, b: RejectRow): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return a.column < b.column ? -1 : a.column > b.column ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}
