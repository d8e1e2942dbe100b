import { appendFileSync, closeSync, createReadStream, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fail, makeIssue, XinfengError } from '../_lib/issues/index.js';
import type { Rulebook } from '../rulebook/index.js';
import { isCalendarDate } from '../calendar/index.js';
import { readCsv, type CsvItem } from './csv.js';
import { resolveColumns, type ColumnLayout, type ColumnMapping, type TableKind } from './columns.js';
import { fileEncoding, type InputEncoding } from './encoding.js';
import { encodePartitionLine, partitionOf, partitionOfField, routingKey } from './partition.js';
import { compareRejects, processPartition, type PartitionCounts, type PartitionInput, type PartitionOutput } from './process-partition.js';
import { makeReject, type ConvertOptions, type RejectRow } from './records.js';
import { csvLine, GRADES_HEADER, REJECTS_HEADER } from './csv-write.js';
import { emptyStats, mergeStats, type GradeStats } from './engine.js';
import { createPartitionGrader } from './grader.js';

/**
 * Options of {@link gradeFiles}.
 *
 * @example
 * ```ts
 * const opts: GradeFilesOptions = {
 *   enterprisesFile: 'enterprises.csv', eventsFile: 'events.csv', asOf: '2025-06-30',
 *   rulebook: defaultRulebook(), outFile: 'out/grades.csv', rejectsFile: 'out/rejects.csv', workers: 2,
 *   workerScript: require.resolve('xinfeng/dist/worker.cjs'),
 * };
 * ```
 */
export interface GradeFilesOptions {
  readonly enterprisesFile: string;
  readonly eventsFile: string;
  readonly asOf: string;
  readonly rulebook: Rulebook;
  readonly outFile: string;
  readonly rejectsFile?: string;
  /** Explanations, one JSON line per enterprise, sorted by uscc. */
  readonly explainFile?: string;
  /** Worker threads (default 0 = grade in this thread). Needs `workerScript` when > 0. */
  readonly workers?: number;
  /** Path of the built worker (dist/worker.cjs). */
  readonly workerScript?: string;
  /** Input encoding of both files; undefined = detect per file. */
  readonly encoding?: InputEncoding;
  readonly mapping?: ColumnMapping;
  readonly lenientUscc?: boolean;
  /** Directory for spilled partitions (default: os.tmpdir()). */
  readonly tempDir?: string;
  /** Partition text held in memory before spilling to temp files (default 256 MiB). */
  readonly memoryBudgetBytes?: number;
  /** Number of partitions (default: from input size; never changes the output). */
  readonly partitions?: number;
  /** Use the byte-level scanner for UTF-8 (default true). */
  readonly fastPath?: boolean;
  readonly onProgress?: (p: GradeProgress) => void;
}

/** Progress of a run (for the CLI's progress line). */
export interface GradeProgress {
  readonly phase: 'read' | 'grade' | 'write';
  readonly done: number;
  readonly total: number;
}

/**
 * Reconciliation of one input file: rows read = accepted + rejected.
 *
 * @example
 * ```ts
 * summary.files[0].read === summary.files[0].accepted + summary.files[0].rejected; // true
 * ```
 */
export interface FileReconciliation {
  readonly file: string;
  readonly kind: TableKind;
  readonly encoding: InputEncoding;
  readonly bytes: number;
  readonly read: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly orphans: number;
  readonly malformed: number;
  /** Header cells that matched no known column. */
  readonly ignoredColumns: readonly string[];
  /** Columns found: canonical name → header as written. */
  readonly columns: Readonly<Record<string, string>>;
}

/**
 * Summary of a grading run: reconciliation per file, aggregates, rejects by code, timings.
 *
 * @example
 * ```ts
 * const s = await gradeFiles(opts);
 * console.log(s.stats.byGrade, s.files.map((f) => `${f.file}: ${f.read} = ${f.accepted} + ${f.rejected}`));
 * ```
 */
export interface GradeRunSummary {
  readonly asOf: string;
  readonly rulebookId: string;
  readonly files: readonly FileReconciliation[];
  readonly graded: number;
  readonly stats: GradeStats;
  readonly rejectsByCode: Readonly<Record<string, number>>;
  readonly rejectRows: number;
  readonly partitions: number;
  readonly workers: number;
  /** Bytes of partition text spilled to temp files (0 = everything fit in the memory budget). */
  readonly spilledBytes: number;
  readonly timingsMs: Readonly<Record<string, number>>;
  readonly outputs: { readonly grades: string; readonly rejects?: string; readonly explain?: string };
}

const KINDS: readonly TableKind[] = ['enterprises', 'events'];

const CHUNK = 1 << 16;

/**
 * A growable byte buffer made of chunks (no copying on growth). Chunks come from `free` (chunks
 * already written to a spill file) when it has any, so a spilling run reuses the same memory
 * instead of leaving spilled chunks for the GC to find.
 */
class ByteChunks {
  chunks: Buffer[] = [];
  cur: Buffer | undefined;
  pos = 0;
  size = 0;
  constructor(private readonly free: Buffer[]) {}
  reserve(n: number): Buffer {
    if (!this.cur || this.cur.length - this.pos < n) {
      if (this.cur) this.chunks.push(this.cur.subarray(0, this.pos));
      this.cur = n <= CHUNK && this.free.length ? this.free.pop()! : Buffer.allocUnsafeSlow(Math.max(CHUNK, n));
      this.pos = 0;
    }
    return this.cur;
  }
  /**
   * The chunks as they are (each owns its ArrayBuffer, so they move to a worker without a copy).
   * Records never straddle two chunks.
   */
  takeParts(): Buffer[] {
    const parts = this.chunks;
    if (this.cur && this.pos) parts.push(this.cur.subarray(0, this.pos));
    this.chunks = [];
    this.cur = undefined;
    this.pos = 0;
    this.size = 0;
    return parts;
  }
}

/**
 * Collects partition lines as bytes (off the JS heap, exactly accounted) and spills them to temp
 * files once the memory budget is used up. Plain records are copied byte for byte, never decoded
 * here: decoding happens in the worker that grades the partition.
 */
class PartitionSink {
  private readonly bufs: ByteChunks[][];
  /** Chunks already spilled, for reuse. */
  private readonly free: Buffer[] = [];
  private held = 0;
  spilled = 0;
  private dir: string | undefined;
  constructor(
    readonly partitions: number,
    private readonly budgetBytes: number,
    private readonly tempRoot: string,
  ) {
    this.bufs = KINDS.map(() => Array.from({ length: partitions }, () => new ByteChunks(this.free)));
  }
  /** Appends `line␟<bytes>\n` for a plain record. */
  appendRange(kind: number, p: number, line: number, src: Buffer, start: number, end: number): void {
    // `line␟` (see plainLinePrefix), written as bytes.
    let digits = 1;
    for (let x = line; x >= 10; x = Math.floor(x / 10)) digits++;
    const len = end - start;
    const n = digits + 1 + len + 1;
    const b = this.bufs[kind]![p]!;
    const cur = b.reserve(n);
    let pos = b.pos + digits;
    for (let x = line, q = pos - 1; q >= b.pos; q--, x = Math.floor(x / 10)) cur[q] = 48 + (x % 10);
    cur[pos++] = 0x1f;
    // Short rows: a plain loop beats a native copy call.
    if (len < 256) for (let q = start; q < end; q++) cur[pos++] = src[q]!;
    else pos += src.copy(cur, pos, start, end);
    cur[pos++] = 0x0a;
    b.pos = pos;
    b.size += n;
    this.held += n;
    if (this.held > this.budgetBytes) this.spill();
  }
  appendLine(kind: number, p: number, line: string): void {
    const bytes = Buffer.from(line, 'utf8');
    const b = this.bufs[kind]![p]!;
    const cur = b.reserve(bytes.length);
    bytes.copy(cur, b.pos);
    b.pos += bytes.length;
    b.size += bytes.length;
    this.held += bytes.length;
    if (this.held > this.budgetBytes) this.spill();
  }
  /** Drops the reusable chunks (reading is over). */
  releaseFree(): void {
    this.free.length = 0;
  }
  file(kind: number, p: number): string | undefined {
    return this.dir ? join(this.dir, `p${p}.${KINDS[kind]}`) : undefined;
  }
  get tempDir(): string | undefined {
    return this.dir;
  }
  spill(): void {
    if (!this.dir) this.dir = mkdtempSync(join(this.tempRoot, 'xinfeng-'));
    for (let k = 0; k < KINDS.length; k++) {
      for (let p = 0; p < this.partitions; p++) {
        const b = this.bufs[k]![p]!;
        if (!b.size) continue;
        const size = b.size;
        const parts = b.takeParts();
        // Chunk by chunk, in order (the file gets the same bytes as one concatenated write).
        const fd = openSync(this.file(k, p)!, 'a');
        try {
          for (const c of parts) for (let o = 0; o < c.length; ) o += writeSync(fd, c, o, c.length - o);
        } finally {
          closeSync(fd);
        }
        this.spilled += size;
        for (const c of parts) if (c.buffer.byteLength === CHUNK && c.byteOffset === 0) this.free.push(Buffer.from(c.buffer, 0, CHUNK));
      }
    }
    this.held = 0;
  }
  /** Takes partition p's bytes (memory, as chunks; or the file when spilled). */
  take(kind: number, p: number): { parts: Buffer[] } | { file: string } {
    if (this.dir) return { file: this.file(kind, p)! };
    return { parts: this.bufs[kind]![p]!.takeParts() };
  }
  cleanup(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

async function routeFile(
  file: string,
  kind: TableKind,
  sink: PartitionSink,
  opts: GradeFilesOptions,
  mainRejects: RejectRow[],
  progress: (bytes: number) => void,
): Promise<{ layout: ColumnLayout; encoding: InputEncoding; malformed: number; routed: number; bytes: number }> {
  const encoding = fileEncoding(file, opts.encoding);
  const bytes = statSync(file).size;
  const name = basename(file);
  const k = kind === 'enterprises' ? 0 : 1;
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  let readBytes = 0;
  stream.on('data', (c) => {
    readBytes += c.length;
    progress(c.length);
  });
  let layout: ColumnLayout | undefined;
  let usccIdx = -1;
  let malformed = 0;
  let routed = 0;
  const P = sink.partitions;
  for await (const batch of readCsv(stream, { encoding, plainRaw: true, fastPath: opts.fastPath ?? true })) {
    for (const item of batch as CsvItem[]) {
      if (!layout) {
        if ('malformed' in item) fail('IO_EMPTY_FILE', { file: name });
        const header = 'buf' in item ? item.buf.toString('utf8', item.start, item.end).split(',') : (item as { fields: string[] }).fields;
        layout = resolveColumns(header, kind, name, opts.mapping);
        usccIdx = layout.index['uscc']!;
        continue;
      }
      if ('malformed' in item) {
        malformed++;
        mainRejects.push(makeReject(name, item.line, '', '', 'IO_CSV_MALFORMED', { reason: `${item.malformed.code}: ${item.malformed.message}` }));
        continue;
      }
      if ('buf' in item) sink.appendRange(k, partitionOfField(item.buf, item.start, item.end, usccIdx, P), item.line, item.buf, item.start, item.end);
      else sink.appendLine(k, partitionOf(routingKey(item.fields[usccIdx] ?? ''), P), encodePartitionLine(item));
      routed++;
    }
  }
  void readBytes;
  if (!layout) fail('IO_EMPTY_FILE', { file: name });
  return { layout, encoding, malformed, routed, bytes };
}

/**
 * Worker threads started before the input is read, so that loading the worker bundle and compiling
 * the grader overlap with reading and routing. One partition at a time per worker.
 */
class WorkerPool {
  readonly workers: Worker[] = [];
  private readonly failures: (Error | undefined)[] = [];
  constructor(script: string, count: number, data: { rulebook: Rulebook; asOf: string; convert: ConvertOptions; explain: boolean }) {
    for (let i = 0; i < count; i++) {
      const w = new Worker(script, { workerData: data });
      this.failures.push(undefined);
      // Keep an error that happens while the worker is idle (e.g. at start-up) for its next run.
      w.on('error', (e) => {
        this.failures[i] = e;
      });
      this.workers.push(w);
    }
  }
  run(i: number, input: PartitionInput): Promise<PartitionOutput> {
    const w = this.workers[i]!;
    return new Promise<PartitionOutput>((resolve, reject) => {
      const early = this.failures[i];
      if (early) {
        reject(new XinfengError(makeIssue('IO_WORKER_FAILED', { reason: early.message })));
        return;
      }
      const onMsg = (m: { ok: true; out: PartitionOutput } | { ok: false; error: string }) => {
        w.off('error', onErr);
        if (m.ok) resolve(m.out);
        else reject(new XinfengError(makeIssue('IO_WORKER_FAILED', { reason: m.error })));
      };
      const onErr = (e: Error) => {
        w.off('message', onMsg);
        reject(new XinfengError(makeIssue('IO_WORKER_FAILED', { reason: e.message })));
      };
      w.once('message', onMsg);
      w.once('error', onErr);
      // Partition bytes own their ArrayBuffers: move them to the worker instead of copying.
      const transfer = [input.enterprisesBytes, input.eventsBytes, ...(input.enterprisesParts ?? []), ...(input.eventsParts ?? [])]
        .filter((b): b is Uint8Array => b !== undefined)
        .map((b) => b.buffer as ArrayBuffer);
      w.postMessage(input, transfer);
    });
  }
  private closed = false;
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Runs partitions on the pool's worker threads (or in this thread when there is no pool). */
async function runPartitions(
  inputs: (() => PartitionInput)[],
  opts: GradeFilesOptions,
  convert: ConvertOptions,
  pool: WorkerPool | undefined,
  onDone: (out: PartitionOutput) => void,
): Promise<void> {
  const explain = opts.explainFile !== undefined;
  if (!pool) {
    const grader = createPartitionGrader(opts.rulebook, opts.asOf);
    for (const make of inputs) onDone(processPartition(make(), grader, convert, explain));
    return;
  }
  let next = 0;
  await Promise.all(
    pool.workers.map(async (_, w) => {
      while (next < inputs.length) {
        const i = next++;
        onDone(await pool.run(w, inputs[i]!()));
      }
    }),
  );
}

/** Reads a text file line by line with bounded memory (for merging spilled partition outputs). */
class LineSource {
  private buf = '';
  private pos = 0;
  private fd: number | undefined;
  private eof = false;
  // 64 KiB per source: a city run merges a few hundred partitions at once.
  private readonly chunk = Buffer.allocUnsafe(1 << 16);
  private carry = Buffer.alloc(0);
  constructor(src: { text: string } | { file: string }) {
    if ('text' in src) {
      this.buf = src.text;
      this.eof = true;
    } else this.fd = openSync(src.file, 'r');
  }
  next(): string | undefined {
    for (;;) {
      const nl = this.buf.indexOf('\n', this.pos);
      if (nl !== -1) {
        const line = this.buf.slice(this.pos, nl + 1);
        this.pos = nl + 1;
        return line;
      }
      if (this.eof) {
        if (this.pos < this.buf.length) {
          const rest = this.buf.slice(this.pos);
          this.pos = this.buf.length;
          return rest;
        }
        return undefined;
      }
      const n = readSync(this.fd!, this.chunk, 0, this.chunk.length, null);
      if (n === 0) {
        this.eof = true;
        closeSync(this.fd!);
        this.buf = this.buf.slice(this.pos) + this.carry.toString('utf8');
        this.pos = 0;
        continue;
      }
      // Decode only up to the last complete line so that no UTF-8 character is cut.
      const bytes = Buffer.concat([this.carry, this.chunk.subarray(0, n)]);
      const lastNl = bytes.lastIndexOf(0x0a);
      if (lastNl === -1) {
        this.carry = bytes;
        continue;
      }
      this.buf = this.buf.slice(this.pos) + bytes.toString('utf8', 0, lastNl + 1);
      this.pos = 0;
      this.carry = Buffer.from(bytes.subarray(lastNl + 1));
    }
  }
}

/**
 * K-way merge of sorted partition outputs into one sorted stream (a binary heap on the head lines).
 * `pair`, when given, is advanced in tandem with `main` (explanations follow their grade rows).
 */
function mergeSorted(
  main: LineSource[],
  pair: LineSource[] | undefined,
  write: (line: string, paired: string | undefined) => void,
): void {
  const heads: (string | undefined)[] = main.map((s) => s.next());
  const heap: number[] = [];
  const less = (a: number, b: number) => heads[a]! < heads[b]! || (heads[a] === heads[b] && a < b);
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  heads.forEach((h, i) => {
    if (h !== undefined) {
      heap.push(i);
      up(heap.length - 1);
    }
  });
  while (heap.length) {
    const i = heap[0]!;
    write(heads[i]!, pair ? pair[i]!.next() : undefined);
    heads[i] = main[i]!.next();
    if (heads[i] === undefined) {
      const last = heap.pop()!;
      if (heap.length) {
        heap[0] = last;
        down(0);
      }
    } else down(0);
  }
}

/** Buffered synchronous file writer (one syscall per ~1 MiB). */
class FileWriter {
  private fd: number;
  private parts: string[] = [];
  private size = 0;
  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'w');
    } catch (e) {
      throw new XinfengError(makeIssue('CLI_OUTPUT_WRITE_FAILED', { file: path, reason: (e as Error).message }));
    }
  }
  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length) writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

function defaultPartitions(totalBytes: number): number {
  // ~8 MiB of input per partition: small enough to grade in bounded memory, large enough that the
  // per-partition overhead stays negligible. The count never changes the output.
  return Math.min(4096, Math.max(8, Math.ceil(totalBytes / (8 << 20))));
}

/**
 * Grades a district export end to end (读取 → 校验 → 分区 → 评级 → 合并): streams both CSV files,
 * routes every row by USCC hash into partitions (spilled to temp files past the memory budget),
 * grades partitions on worker threads, and merges the sorted partition outputs into the grades CSV
 * (header {@link GRADES_HEADER}, sorted by uscc), the rejects CSV and the explanations JSONL. Every
 * row is accepted or rejected with a reason; the summary reconciles each file. The output bytes do
 * not depend on the worker count, the partition count or the order of the input rows.
 *
 * @example
 * ```ts
 * const summary = await gradeFiles({
 *   enterprisesFile: 'data/sample/enterprises.csv', eventsFile: 'data/sample/events.csv',
 *   asOf: '2025-06-30', rulebook: defaultRulebook(), outFile: 'out/grades.csv', rejectsFile: 'out/rejects.csv',
 * });
 * summary.files.every((f) => f.read === f.accepted + f.rejected); // true
 * ```
 */
export async function gradeFiles(opts: GradeFilesOptions): Promise<GradeRunSummary> {
  if (!isCalendarDate(opts.asOf)) fail('INVALID_CALENDAR_DATE', { value: String(opts.asOf) });
  const t0 = performance.now();
  const sizes = [opts.enterprisesFile, opts.eventsFile].map((f) => {
    try {
      return statSync(f).size;
    } catch (e) {
      throw new XinfengError(makeIssue('FILE_READ_FAILED', { file: f, reason: (e as Error).message }));
    }
  });
  const totalBytes = sizes[0]! + sizes[1]!;
  const P = opts.partitions ?? defaultPartitions(totalBytes);
  const sink = new PartitionSink(P, opts.memoryBudgetBytes ?? 256 << 20, opts.tempDir ?? tmpdir());
  const mainRejects: RejectRow[] = [];
  const convert: ConvertOptions = { defaultDistrict: opts.rulebook.jurisdiction.name, lenientUscc: opts.lenientUscc ?? false };
  const workers = Math.max(0, Math.min(opts.workers ?? 0, P));
  if (workers > 0 && !opts.workerScript) fail('INVALID_ARGUMENT', { name: 'workerScript', reason: 'required when workers > 0' });
  const pool = workers > 0 ? new WorkerPool(opts.workerScript!, workers, { rulebook: opts.rulebook, asOf: opts.asOf, convert, explain: opts.explainFile !== undefined }) : undefined;
  let readSoFar = 0;
  const progress = (b: number) => {
    readSoFar += b;
    opts.onProgress?.({ phase: 'read', done: readSoFar, total: totalBytes });
  };
  try {
    const ent = await routeFile(opts.enterprisesFile, 'enterprises', sink, opts, mainRejects, progress);
    const evt = await routeFile(opts.eventsFile, 'events', sink, opts, mainRejects, progress);
    if (sink.tempDir) sink.spill();
    sink.releaseFree();
    const t1 = performance.now();
    const inputs = Array.from({ length: P }, (_, p) => () => {
      const e = sink.take(0, p);
      const v = sink.take(1, p);
      // Workers read spilled files themselves; in memory, the text travels with the message.
      const input: PartitionInput = {
        id: p,
        ...('parts' in e ? { enterprisesParts: e.parts } : { enterprisesFile: e.file }),
        ...('parts' in v ? { eventsParts: v.parts } : { eventsFile: v.file }),
        enterpriseLayout: ent.layout,
        eventLayout: evt.layout,
      };
      return input;
    });
    const outDir = sink.tempDir;
    const gradeSrc: ({ text: string } | { file: string })[] = new Array(P);
    const explainSrc: ({ text: string } | { file: string })[] = new Array(P);
    let done = 0;
    let counts: PartitionCounts = {
      enterprisesRead: 0, enterprisesAccepted: 0, enterprisesRejected: 0, duplicateEnterprises: 0,
      eventsRead: 0, eventsAccepted: 0, eventsRejected: 0, duplicateEvents: 0, orphanEvents: 0,
    };
    let stats = emptyStats().toJSON();
    const rejects: RejectRow[] = [...mainRejects];
    await runPartitions(inputs, opts, convert, pool, (out) => {
      if (outDir) {
        const g = join(outDir, `g${out.id}.csv`);
        appendFileSync(g, out.gradesText);
        gradeSrc[out.id] = { file: g };
        const x = join(outDir, `x${out.id}.jsonl`);
        appendFileSync(x, out.explainText);
        explainSrc[out.id] = { file: x };
      } else {
        gradeSrc[out.id] = { text: out.gradesText };
        explainSrc[out.id] = { text: out.explainText };
      }
      for (const k of Object.keys(counts) as (keyof PartitionCounts)[]) counts = { ...counts, [k]: counts[k] + out.counts[k] };
      stats = mergeStats(stats, out.stats);
      for (const r of out.rejects) rejects.push(r);
      done++;
      opts.onProgress?.({ phase: 'grade', done, total: P });
    });
    // Workers are done: give their memory back before the merge.
    await pool?.close();
    const t2 = performance.now();
    opts.onProgress?.({ phase: 'write', done: 0, total: 1 });
    const grades = new FileWriter(opts.outFile);
    grades.write(csvLine(GRADES_HEADER));
    const explain = opts.explainFile ? new FileWriter(opts.explainFile) : undefined;
    mergeSorted(
      gradeSrc.map((s) => new LineSource(s ?? { text: '' })),
      explain ? explainSrc.map((s) => new LineSource(s ?? { text: '' })) : undefined,
      (line, x) => {
        grades.write(line);
        if (explain && x !== undefined) explain.write(x);
      },
    );
    grades.close();
    explain?.close();
    rejects.sort(compareRejects);
    const rejectsByCode: Record<string, number> = {};
    for (const r of rejects) rejectsByCode[r.code] = (rejectsByCode[r.code] ?? 0) + 1;
    if (opts.rejectsFile) {
      const w = new FileWriter(opts.rejectsFile);
      w.write(csvLine(REJECTS_HEADER));
      for (const r of rejects) w.write(csvLine([r.file, String(r.line), r.column, r.value, r.code, r.message]));
      w.close();
    }
    const t3 = performance.now();
    const files: FileReconciliation[] = [
      {
        file: ent.layout.file, kind: 'enterprises', encoding: ent.encoding, bytes: ent.bytes,
        read: counts.enterprisesRead + ent.malformed, accepted: counts.enterprisesAccepted,
        rejected: counts.enterprisesRejected + ent.malformed, duplicates: counts.duplicateEnterprises, orphans: 0,
        malformed: ent.malformed, ignoredColumns: ent.layout.ignored, columns: ent.layout.sourceName,
      },
      {
        file: evt.layout.file, kind: 'events', encoding: evt.encoding, bytes: evt.bytes,
        read: counts.eventsRead + evt.malformed, accepted: counts.eventsAccepted,
        rejected: counts.eventsRejected + evt.malformed, duplicates: counts.duplicateEvents, orphans: counts.orphanEvents,
        malformed: evt.malformed, ignoredColumns: evt.layout.ignored, columns: evt.layout.sourceName,
      },
    ];
    for (const f of files) {
      if (f.read !== f.accepted + f.rejected) {
        fail('IO_RECONCILIATION_FAILED', { file: f.file, read: f.read, accepted: f.accepted, rejected: f.rejected });
      }
    }
    const summary: GradeRunSummary = {
      asOf: opts.asOf,
      rulebookId: opts.rulebook.id,
      files,
      graded: stats.enterprises,
      stats,
      rejectsByCode,
      rejectRows: rejects.length,
      partitions: P,
      workers: opts.workers ?? 0,
      spilledBytes: sink.spilled,
      timingsMs: { read: Math.round(t1 - t0), grade: Math.round(t2 - t1), write: Math.round(t3 - t2), total: Math.round(t3 - t0) },
      outputs: {
        grades: opts.outFile,
        ...(opts.rejectsFile ? { rejects: opts.rejectsFile } : {}),
        ...(opts.explainFile ? { explain: opts.explainFile } : {}),
      },
    };
    return summary;
  } finally {
    await pool?.close();
    sink.cleanup();
  }
}
