import { existsSync, readFileSync } from 'node:fs';
import type { CreditEvent, Enterprise } from '../grading/index.js';
import type { ColumnLayout } from './columns.js';
import { convertEnterprise, convertEvent, decisionKey, FastEnterpriseConverter, FastEventConverter, makeReject, type ConvertOptions, type RejectRow } from './records.js';
import { csvCell, csvLine } from './csv-write.js';
import { emptyStats, type GradeStats, type PartitionGrader } from './engine.js';

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
  plain(which: number, start: number, end: number, line: number): void;
  json(which: number, fields: string[], line: number, content: string): void;
  malformed(which: number, line: number, code: string, message: string): void;
}

/**
 * Walks the partition lines written by encodePartitionLine, straight from their bytes: `plain(which,
 * start, end, line)` for a plain record (its content is `buf[start, end)`), `json(which, fields,
 * line, content)` for a JSON-encoded record, `malformed(which, line, code, message)` for a malformed
 * stretch; `which` says which file the lines come from.
 */
function walkPartition(buf: Buffer, to: PartitionLines, which: number): void {
  let pos = 0;
  const n = buf.length;
  while (pos < n) {
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
      // `line␟content`: the line number in ASCII digits.
      let line = 0;
      let p = pos;
      for (; p < nl; p++) {
        const c = buf[p]!;
        if (c === US) break;
        line = line * 10 + (c - 48);
      }
      to.plain(which, p + 1, nl, line);
    }
    pos = nl + 1;
  }
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
  size = 0;
  push(part: number, start: number, end: number, line: number, ent: number): void {
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
    }
    const i = this.size++;
    this.part[i] = part;
    this.start[i] = start;
    this.end[i] = end;
    this.line[i] = line;
    this.ent[i] = ent;
  }
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

/** A growing UTF-8 byte buffer of output rows; its bytes own their ArrayBuffer (transferable). */
class Utf8Out {
  private buf = Buffer.allocUnsafeSlow(1 << 20);
  private len = 0;
  write(s: string): void {
    // At most 3 bytes per UTF-16 unit.
    if (this.len + s.length * 3 > this.buf.length) {
      const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.len + s.length * 3));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    this.len += this.buf.write(s, this.len);
  }
  take(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
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
  readonly byDateThenContent = (a: Held<CreditEvent>, b: Held<CreditEvent>): number => this.compareHeld(a, b);

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

  /** A plain line of the partition (see walkPartition). */
  plain(which: number, s: number, e: number, line: number): void {
    if (which === ENTERPRISES) {
      const v = this.fastEnterprise.convert(this.eBuf, s, e);
      if (v === undefined) this.addEnterprise(this.reader.fields(this.eBuf, s, e, this.eUnique), line, undefined, s, e);
      else {
        this.counts.enterprisesRead++;
        this.keep(v, line, undefined, s, e);
      }
      return;
    }
    this.counts.eventsRead++;
    const vBuf = this.vBuf;
    const usccField = this.usccField;
    // The USCC cell's bytes: field `usccField` of the comma-separated content.
    let fs = s;
    for (let k = 0; k < usccField && fs !== -1; k++) {
      const c = vBuf.indexOf(COMMA, fs);
      fs = c === -1 || c >= e ? -1 : c + 1;
    }
    if (fs !== -1 && usccField >= 0) {
      let fe = vBuf.indexOf(COMMA, fs);
      if (fe === -1 || fe > e) fe = e;
      if (fe - fs === 18) {
        const i = this.table!.find(vBuf, fs);
        if (i >= 0) {
          this.deferred.push(this.vPart, s, e, line, i);
          return;
        }
      }
    }
    this.addEvent(this.reader.fields(vBuf, s, e, this.vUnique), line, vBuf.toString('utf8', s, e));
  }

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

  private entIndex(u: string): number {
    if (!this.indexOf) this.indexOf = new Map(this.usccs.map((x, i) => [x, i]));
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

  private keyOf(h: Held<CreditEvent>): string {
    return (h.key ??= h.src!.toString('utf8', h.start!, h.end!));
  }

  private compareHeld(a: Held<CreditEvent>, b: Held<CreditEvent>): number {
    if (a.value.date !== b.value.date) return a.value.date < b.value.date ? -1 : 1;
    const ka = this.keyOf(a);
    const kb = this.keyOf(b);
    return ka < kb ? -1 : ka > kb ? 1 : a.line - b.line;
  }

  /** Per-partition grading state (fields, so that the per-enterprise step is a method of its own). */
  private firstOf = new Int32Array(0);
  private order = new Int32Array(0);
  private gradeBytes: Utf8Out | undefined;
  private readonly grades: string[] = [];
  private readonly explains: string[] = [];
  private readonly stats = emptyStats();
  private tail = '';

  private gradeAll(): PartitionOutput {
    const { rejects, deferred, usccs, grader } = this;
    // Group the deferred records by enterprise number (counting sort).
    const nEnt = usccs.length;
    const firstOf = new Int32Array(nEnt + 1);
    for (let j = 0; j < deferred.size; j++) firstOf[deferred.ent[j]! + 1] = firstOf[deferred.ent[j]! + 1]! + 1;
    for (let i = 0; i < nEnt; i++) firstOf[i + 1] = firstOf[i + 1]! + firstOf[i]!;
    const order = new Int32Array(deferred.size);
    {
      const fill = firstOf.slice(0, nEnt);
      for (let j = 0; j < deferred.size; j++) {
        const i = deferred.ent[j]!;
        order[fill[i]!] = j;
        fill[i] = fill[i]! + 1;
      }
    }
    this.firstOf = firstOf;
    this.order = order;
    this.gradeBytes = this.bytes ? new Utf8Out() : undefined;
    // The cells every row ends with, quoted once.
    this.tail = `,${csvLine([grader.rulebookId, grader.rulebookHash, grader.asOf])}`;
    this.gradeEnterprises(nEnt);
    rejects.sort(compareRejects);
    const explainText = this.explains.join('');
    const id = this.input.id;
    const stats = this.stats.toJSON();
    if (this.gradeBytes) return { id, gradesText: '', gradesBytes: this.gradeBytes.take(), explainText, rejects, counts: this.counts, stats };
    return { id, gradesText: this.grades.join(''), explainText, rejects, counts: this.counts, stats };
  }

  /**
   * The loop over the enterprises, alone in its method: the per-enterprise step is optimised as a
   * function of its own, and a loop optimised in place (on-stack replacement) has no code after it
   * that could send it back to the interpreter at the end of every partition.
   */
  private gradeEnterprises(n: number): void {
    for (let i = 0; i < n; i++) this.gradeEnterprise(i);
  }

  /** Converts, orders, de-duplicates and grades enterprise `i`'s records; appends its grade row. */
  private gradeEnterprise(i: number): void {
    const { counts, rejects, vLayout, deferred, firstOf, order, grader, explain, vParts } = this;
    const u = this.usccs[i]!;
    this.current = u;
    const ent = this.ents[i]!.value;
    const held: Held<CreditEvent>[] = this.early.get(i) ?? [];
    for (let k = firstOf[i]!; k < firstOf[i + 1]!; k++) {
      const j = order[k]!;
      const line = deferred.line[j]!;
      const start = deferred.start[j]!;
      const end = deferred.end[j]!;
      const src = vParts[deferred.part[j]!]!;
      const v = this.fast.convert(src, start, end, u);
      if (v !== undefined) {
        held.push({ value: v, line, key: undefined, src, start, end });
        continue;
      }
      const r = convertEvent(vLayout, this.reader.fields(src, start, end, this.vUnique, this.usccField, u), line, this.opts, this.isCurrent);
      if (!r.ok) {
        counts.eventsRejected++;
        rejects.push(...r.rejects);
        continue;
      }
      held.push({ value: r.value, line, key: undefined, src, start, end });
    }
    // Canonical order: date, then the row's content (so equal rows compare by content, not position).
    // The comparator is a total order (lines are unique), so any sort gives the same result; a few
    // records: insertion sort, cheaper than Array#sort's set-up.
    if (held.length > 12) held.sort(this.byDateThenContent);
    else {
      for (let a = 1; a < held.length; a++) {
        const h = held[a]!;
        let b = a - 1;
        while (b >= 0 && this.compareHeld(held[b]!, h) > 0) {
          held[b + 1] = held[b]!;
          b--;
        }
        held[b + 1] = h;
      }
    }
    const events = this.dedupe(u, held);
    counts.eventsAccepted += events.length;
    const g = grader.grade(ent, events, explain);
    this.stats.add(ent, g.line);
    const row = `${csvCell(g.line.uscc)},${csvCell(ent.name)},${csvCell(g.line.score)},${csvCell(g.line.grade)},${csvCell(g.line.riskLevel)},${csvCell(g.line.supervisionClass)},${csvCell(String(g.line.inspectionsPerYear))},${csvCell(g.line.samplingRatio)},${csvCell(g.line.reasons.join(';'))}${this.tail}`;
    if (this.gradeBytes) this.gradeBytes.write(row);
    else this.grades.push(row);
    if (explain) this.explains.push(`${JSON.stringify(g.explanation ?? null)}\n`);
  }

  /**
   * Drops duplicates (same id, or same type and decision/case number) from an enterprise's records
   * in canonical order: the first is kept. A handful of records per enterprise: a linear search
   * beats building two maps.
   */
  private dedupe(u: string, held: readonly Held<CreditEvent>[]): CreditEvent[] {
    const { counts, rejects, vLayout } = this;
    const small = held.length <= 16;
    const ids = small ? undefined : new Map<string, Held<CreditEvent>>();
    const decisions = small ? undefined : new Map<string, Held<CreditEvent>>();
    const kept: Held<CreditEvent>[] = [];
    const keptKeys: (string | undefined)[] = [];
    const events: CreditEvent[] = [];
    for (const h of held) {
      const dk = decisionKey(h.value);
      const dkey = dk === undefined ? undefined : `${h.value.type}\u0000${dk}`;
      let first: Held<CreditEvent> | undefined;
      if (small) {
        for (let k = 0; k < kept.length; k++) {
          if (kept[k]!.value.id === h.value.id) {
            first = kept[k];
            break;
          }
        }
        if (!first && dkey !== undefined) {
          for (let k = 0; k < kept.length; k++) {
            if (keptKeys[k] === dkey) {
              first = kept[k];
              break;
            }
          }
        }
      } else first = ids!.get(h.value.id) ?? (dkey === undefined ? undefined : decisions!.get(dkey));
      if (first) {
        counts.eventsRejected++;
        counts.duplicateEvents++;
        rejects.push(
          makeReject(vLayout.file, h.line, vLayout.sourceName[dk === undefined ? 'id' : 'decision_number'] ?? 'id', dk ?? h.value.id, 'IO_DUPLICATE_RECORD', {
            uscc: u, type: h.value.type, decisionNo: dk ?? h.value.id, keptLine: first.line,
          }),
        );
        continue;
      }
      if (small) {
        kept.push(h);
        keptKeys.push(dkey);
      } else {
        ids!.set(h.value.id, h);
        if (dkey !== undefined) decisions!.set(dkey, h);
      }
      events.push(h.value);
    }
    return events;
  }
}

/** Rejects order: file, line, column. */
export function compareRejects(a: RejectRow, b: RejectRow): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return a.column < b.column ? -1 : a.column > b.column ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}
