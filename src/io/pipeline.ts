import { appendFileSync, closeSync, createReadStream, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { fail, makeIssue, XinfengError } from '../_lib/issues/index.js';
import { rulebookHash, type Rulebook } from '../rulebook/index.js';
import { isCalendarDate } from '../calendar/index.js';
import { readCsv, readCsvFrom, type CsvItem, type CsvPlainRow, type CsvRow } from './csv.js';
import { resolveColumns, type ColumnLayout, type ColumnMapping, type TableKind } from './columns.js';
import { fileEncoding, type InputEncoding } from './encoding.js';
import { compareRejects, processPartition, type PartitionCounts, type PartitionInput, type PartitionOutput } from './process-partition.js';
import { makeReject, type ConvertOptions, type RejectRow } from './records.js';
import { csvLine, GRADES_HEADER, REJECTS_HEADER } from './csv-write.js';
import { emptyStats, mergeStats, type GradeStats } from './engine.js';
import { createPartitionGrader } from './grader.js';
import { appendRecord, ByteChunks, CHUNK, routeChunk, type RouteReply, type RouteRequest } from './route.js';
import { synchronousJitFor, withSynchronousJit, type JitMode } from './jit.js';
import { fieldEnd, fieldStart, Partitioner, rangeBoundaries, routingKey, sixBytes } from './partition.js';

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
  /** Bytes read at a time when workers read in parallel (default 4 MiB; never changes the output). */
  readonly readChunkBytes?: number;
  /**
   * How rows are assigned to partitions: `'range'` (default; key ranges from a sample of the
   * enterprise file, so that the sorted partition outputs are concatenated instead of merged; by hash
   * when the sample cannot be read cheaply) or `'hash'` (FNV-1a of the USCC). Never changes the output.
   */
  readonly partitioning?: 'range' | 'hash';
  /**
   * How the workers' JavaScript is optimised (see jit.ts): `'concurrent'` (V8's default, compiles on
   * background threads), `'synchronous'`, or `'auto'` (default): synchronous when the workers and
   * this thread would fill every core. Never changes the output.
   */
  readonly jit?: JitMode;
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
  /** How rows were assigned to partitions (see GradeFilesOptions.partitioning). */
  readonly partitioning: 'range' | 'hash';
  readonly workers: number;
  /** Bytes of partition text spilled to temp files (0 = everything fit in the memory budget). */
  readonly spilledBytes: number;
  readonly timingsMs: Readonly<Record<string, number>>;
  readonly outputs: { readonly grades: string; readonly rejects?: string; readonly explain?: string };
}

const KINDS: readonly TableKind[] = ['enterprises', 'events'];

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
    readonly partitioner: Partitioner = new Partitioner(partitions),
  ) {
    this.bufs = KINDS.map(() => Array.from({ length: partitions }, () => new ByteChunks(this.free)));
  }
  /** Appends a record scanned on this thread to its partition (see appendRecord). */
  append(kind: number, item: CsvPlainRow | CsvRow, usccIdx: number): void {
    this.held += appendRecord(item, usccIdx, this.bufs[kind]!, this.partitioner);
    if (this.held > this.budgetBytes) this.spill();
  }
  /** Adds partition chunks routed elsewhere (a worker), `size` bytes in all. */
  addParts(kind: number, parts: readonly (readonly Buffer[])[], size: number): void {
    for (let p = 0; p < parts.length; p++) if (parts[p]!.length) this.bufs[kind]![p]!.addParts(parts[p]!);
    this.held += size;
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
  /** Bytes routed to partition p, both files (before `take`). */
  sizeOf(p: number): number {
    let n = 0;
    for (let k = 0; k < KINDS.length; k++) {
      n += this.bufs[k]![p]!.size;
      if (this.dir) {
        try {
          n += statSync(this.file(k, p)!).size;
        } catch {
          // No records of this kind in partition p.
        }
      }
    }
    return n;
  }
  /** Takes partition p's bytes (memory, as chunks; or the file when spilled). */
  take(kind: number, p: number): { parts: Buffer[] } | { file: string } {
    if (this.dir) return { file: this.file(kind, p)! };
    return { parts: this.bufs[kind]![p]!.takeParts() };
  }
  /** Deletes partition p's spill files (once graded). */
  release(p: number): void {
    if (!this.dir) return;
    for (let k = 0; k < KINDS.length; k++) rmSync(this.file(k, p)!, { force: true });
  }
  cleanup(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Routes one item of the serial reader on this thread: a record to its partition (true), a malformed
 * stretch to the rejects (false).
 */
function routeItem(item: CsvItem, sink: PartitionSink, k: number, usccIdx: number, name: string, mainRejects: RejectRow[]): boolean {
  if ('malformed' in item) {
    mainRejects.push(makeReject(name, item.line, '', '', 'IO_CSV_MALFORMED', { reason: `${item.malformed.code}: ${item.malformed.message}` }));
    return false;
  }
  sink.append(k, item, usccIdx);
  return true;
}

/** What routing a file needs: where partitions go, the options, the main thread's rejects, progress. */
interface RouteContext {
  readonly sink: PartitionSink;
  readonly opts: GradeFilesOptions;
  readonly mainRejects: RejectRow[];
  readonly progress: (bytes: number) => void;
}

/** A routed file: its layout and encoding, and its counts. */
interface RoutedFile {
  readonly layout: ColumnLayout;
  readonly encoding: InputEncoding;
  readonly malformed: number;
  readonly routed: number;
  readonly bytes: number;
}

async function routeFile(file: string, kind: TableKind, ctx: RouteContext): Promise<RoutedFile> {
  const { sink, opts, mainRejects, progress } = ctx;
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
      if (routeItem(item, sink, k, usccIdx, name, mainRejects)) routed++;
      else malformed++;
    }
  }
  void readBytes;
  if (!layout) fail('IO_EMPTY_FILE', { file: name });
  return { layout, encoding, malformed, routed, bytes };
}

/** Chunk of input the parallel reader hands a worker at a time (default). */
const READ_CHUNK = 4 << 20;
/** Room past a read chunk for the unconsumed tail of the previous one (a partial record), so that read buffers can be reused. */
const READ_SLACK = 64 << 10;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * End of the whole records of `buf[pos…]`: after its last line break outside quotes (an even number
 * of quote bytes before it), or the end at the end of the file; `pos` when that break is inside a
 * quoted field (wait for more input), -1 when that is still so past 64 MiB (read serially).
 */
function wholeRecordsEnd(buf: Buffer, pos: number, eof: boolean): number {
  if (eof) return buf.length;
  const cut = buf.lastIndexOf(LF) + 1;
  if (cut <= pos) return cut;
  let quotes = 0;
  for (let i = buf.indexOf(QUOTE, pos); i !== -1 && i < cut; i = buf.indexOf(QUOTE, i + 1)) quotes++;
  if (quotes % 2 === 0) return cut;
  return buf.length - pos > 64 << 20 ? -1 : pos;
}

/**
 * The header line at `buf[pos…]` when it is plain (no quote, no CR but that of a CRLF break, not
 * empty, ended by a line break in `buf`): its cells, its line break and where the records start;
 * undefined for anything else (the serial reader, csv-parse behind it, reads such a file).
 */
function plainHeaderAt(buf: Buffer, pos: number): { cells: string[]; delimiter: '\n' | '\r\n'; next: number } | undefined {
  const lf = buf.indexOf(LF, pos);
  if (lf === -1 || lf === pos) return undefined;
  const q = buf.indexOf(QUOTE, pos);
  const cr = buf.indexOf(CR, pos);
  if ((q !== -1 && q < lf) || (cr !== -1 && cr < lf - 1)) return undefined;
  const crlf = buf[lf - 1] === CR;
  return { cells: buf.toString('utf8', pos, crlf ? lf - 1 : lf).split(','), delimiter: crlf ? '\r\n' : '\n', next: lf + 1 };
}

/** Line breaks in `buf[from, to)`. */
function countLines(buf: Buffer, from: number, to: number): number {
  let lines = 0;
  for (let i = buf.indexOf(LF, from); i !== -1 && i < to; i = buf.indexOf(LF, i + 1)) lines++;
  return lines;
}

/**
 * Parallel reading (并行读取): the main thread reads the file in 4 MiB chunks and cuts each at its
 * last line break outside quotes (an even number of quote bytes before it), counting lines on the
 * way so that every record keeps its exact line number; a worker scans the chunk with the same
 * scanner as the serial reader and routes its records to partitions (routeChunk). Results are
 * applied in chunk order. Where a worker's scanner declines the input (what makes the serial reader
 * hand over to csv-parse), the chunks after it are dropped and the rest of the file, from that
 * record on, is read on this thread by the serial reader. The partitions get the same lines as with
 * routeFile (in another order, which grading never depends on).
 */
async function routeFileParallel(file: string, kind: TableKind, ctx: RouteContext, pool: WorkerPool): Promise<RoutedFile> {
  const { sink, opts, mainRejects, progress } = ctx;
  const encoding = fileEncoding(file, opts.encoding);
  if (encoding !== 'utf8' || opts.fastPath === false) return routeFile(file, kind, ctx);
  const bytes = statSync(file).size;
  const name = basename(file);
  const k = kind === 'enterprises' ? 0 : 1;
  const P = sink.partitions;
  const chunkBytes = opts.readChunkBytes ?? READ_CHUNK;
  const fd = openSync(file, 'r');
  let fdOpen = true;
  // Read buffers the workers gave back after routing them: read into again (a fresh buffer costs a
  // page fault per 4 KiB on first write, ~45,000 for a district's files).
  const spare: ArrayBuffer[] = [];
  const giveBack = (u: Uint8Array | undefined) => {
    if (u && spare.length < 8 && u.buffer.byteLength >= chunkBytes && !(u.buffer instanceof SharedArrayBuffer)) spare.push(u.buffer);
  };
  /** The unconsumed bytes `carry`, then up to one chunk more of the file; undefined at its end. */
  const readAfter = (carry: Buffer): Buffer | undefined => {
    // Its own ArrayBuffer (never the shared pool): it is transferred to a worker.
    const want = carry.length + chunkBytes;
    const reuse = spare.length && spare[spare.length - 1]!.byteLength >= want ? spare.pop()! : undefined;
    const b = reuse ? Buffer.from(reuse, 0, want) : Buffer.allocUnsafeSlow(want + READ_SLACK);
    carry.copy(b, 0);
    let n = carry.length;
    while (n < b.length) {
      const r = readSync(fd, b, n, b.length - n, null);
      if (r === 0) break;
      n += r;
    }
    if (n === carry.length) return undefined;
    progress(n - carry.length);
    return b.subarray(0, n);
  };
  let layout: ColumnLayout | undefined;
  let usccIdx = -1;
  let delimiter: '\n' | '\r\n' = '\n';
  let line = 1;
  let routed = 0;
  let malformed = 0;
  // Chunks in flight, applied in order; the first bail stops everything after it.
  const replies = new Map<number, RouteReply & { startAt: number }>();
  const inflight = new Set<Promise<void>>();
  let sent = 0;
  let applied = 0;
  let bail: { at: number; line: number } | undefined;
  const applyReady = () => {
    for (let r = replies.get(applied); r && !bail; r = replies.get(applied)) {
      replies.delete(applied++);
      const parts = r.parts.map((list) => list.map((u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength)));
      sink.addParts(k, parts, r.bytes);
      routed += r.routed;
      if (r.bailedAt !== undefined) bail = { at: r.startAt + r.bailedAt, line: r.bailLine! };
    }
  };
  const limit = 4 * pool.workers.length;
  const serialFrom = async (at: number, fromLine: number) => {
    const stream = createReadStream(file, { start: at, highWaterMark: 1 << 20 });
    for await (const batch of readCsvFrom(stream, { line: fromLine, delimiter, plainRaw: true })) {
      for (const item of batch as CsvItem[]) {
        if (routeItem(item, sink, k, usccIdx, name, mainRejects)) routed++;
        else malformed++;
      }
    }
  };
  try {
    let carry: Buffer = Buffer.alloc(0);
    let bufAt = 0; // file offset of buf[0]
    let eof = false;
    let atStart = true;
    while (!bail) {
      const next = eof ? undefined : readAfter(carry);
      if (!next) eof = true;
      const buf: Buffer = next ?? carry;
      let pos = 0;
      if (atStart) {
        if (!eof && buf.length < 3) {
          carry = Buffer.from(buf);
          continue;
        }
        if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
        atStart = false;
      }
      if (!layout) {
        if (buf.indexOf(LF, pos) === -1 && !eof) {
          carry = Buffer.from(buf.subarray(pos));
          bufAt += pos;
          continue;
        }
        const header = plainHeaderAt(buf, pos);
        // A quoted, empty-first-line or oddly broken header: the serial reader, from the start.
        if (!header) {
          closeSync(fd);
          fdOpen = false;
          return await routeFile(file, kind, { ...ctx, progress: () => {} });
        }
        delimiter = header.delimiter;
        layout = resolveColumns(header.cells, kind, name, opts.mapping);
        usccIdx = layout.index['uscc']!;
        line = 2;
        pos = header.next;
      }
      // Whole records: up to the last line break outside quotes (everything, at the end of the file).
      const cut = wholeRecordsEnd(buf, pos, eof);
      if (cut < 0) {
        // That line break is inside a quoted field; wait for more (up to 64 MiB, then serially).
        bail = { at: bufAt + pos, line };
        break;
      }
      if (cut <= pos) {
        if (eof) break;
        carry = Buffer.from(buf.subarray(pos));
        bufAt += pos;
        continue;
      }
      const lines = countLines(buf, pos, cut);
      // The bytes after the cut stay here; the chunk itself moves to the worker.
      carry = Buffer.from(buf.subarray(cut));
      const req: RouteRequest = {
        kind: k, bytes: buf.subarray(pos, cut), firstLine: line, delimiter, final: eof, usccIdx, partitions: P,
        ...(sink.partitioner.boundaries ? { boundaries: sink.partitioner.boundaries } : {}),
      };
      const seq = sent++;
      const startAt = bufAt + pos;
      line += lines;
      bufAt += cut;
      // A ready worker with room takes the chunk; while no worker has started yet, this thread
      // routes it itself. When all are busy it waits: it has reading and spilling to do.
      let target = -1;
      for (;;) {
        let anyReady = false;
        for (let w = 0; w < pool.workers.length; w++) {
          if (!pool.ready[w]) continue;
          anyReady = true;
          if (pool.inFlight(w) < 2 && (target < 0 || pool.inFlight(w) < pool.inFlight(target))) target = w;
        }
        if (target >= 0 || (anyReady && !inflight.size)) break;
        // No worker has started yet: wait for the first (routing here meanwhile would compete with
        // their start-up for the same cores, and compile the router a third time).
        if (!anyReady) await pool.firstReady;
        else await Promise.race(inflight);
      }
      if (target < 0) {
        replies.set(seq, { ...routeChunk(req), startAt });
        giveBack(req.bytes);
        applyReady();
      } else {
        const job: Promise<void> = pool.route(target, req).then((reply) => {
          inflight.delete(job);
          giveBack(reply.spent);
          replies.set(seq, { ...reply, startAt });
          applyReady();
        });
        // Handled here so that a failure never goes unobserved; it surfaces at the next await.
        job.catch(() => {});
        inflight.add(job);
      }
      if (inflight.size >= limit) await Promise.race(inflight);
      // Let replies and ready messages in before the next chunk.
      else await new Promise<void>((r) => setImmediate(r));
      if (eof) break;
    }
    await Promise.all(inflight);
    applyReady();
    if (fdOpen) {
      closeSync(fd);
      fdOpen = false;
    }
    if (bail) await serialFrom(bail.at, bail.line);
  } finally {
    if (fdOpen) closeSync(fd);
  }
  if (!layout) fail('IO_EMPTY_FILE', { file: name });
  return { layout, encoding, malformed, routed, bytes };
}

/**
 * Worker threads started before the input is read, so that loading the worker bundle overlaps with
 * reading (each compiles its grader when its first partition arrives). Requests carry an id: a
 * worker may hold several route requests (chunks of plain input) at once, and grades one partition
 * at a time.
 */
class WorkerPool {
  readonly workers: Worker[] = [];
  private readonly failures: (Error | undefined)[] = [];
  private readonly pending: Map<number, { resolve: (out: unknown) => void; reject: (e: Error) => void }>[] = [];
  private nextId = 1;
  /** Worker i has loaded and takes requests. */
  readonly ready: boolean[] = [];
  /** Settles when a worker is ready; rejects when every worker failed before that. */
  readonly firstReady: Promise<void>;
  private settleReady!: (e?: Error) => void;
  /** Requests worker i has not answered yet. */
  inFlight(i: number): number {
    return this.pending[i]!.size;
  }
  constructor(script: string, count: number, data: { rulebook: Rulebook; rulebookHash: string; asOf: string; convert: ConvertOptions; explain: boolean }, synchronousJit = false) {
    this.firstReady = new Promise<void>((resolve, reject) => {
      this.settleReady = (e) => (e ? reject(e) : resolve());
    });
    // Observed here; whoever awaits it still sees the rejection.
    this.firstReady.catch(() => {});
    const spawn = () => Array.from({ length: count }, () => new Worker(script, { workerData: data }));
    const workers = synchronousJit ? withSynchronousJit(spawn) : spawn();
    for (let i = 0; i < count; i++) {
      const w = workers[i]!;
      const pending = new Map<number, { resolve: (out: unknown) => void; reject: (e: Error) => void }>();
      this.failures.push(undefined);
      this.ready.push(false);
      this.pending.push(pending);
      w.on('message', (m: { id: number; ok: true; out: unknown } | { id: number; ok: false; error: string } | { ready: true }) => {
        if ('ready' in m) {
          this.ready[i] = true;
          this.settleReady();
          return;
        }
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if (m.ok) p.resolve(m.out);
        else p.reject(new XinfengError(makeIssue('IO_WORKER_FAILED', { reason: m.error })));
      });
      w.on('error', (e) => this.failed(i, e));
      // A worker that stops before it is ready (without an error event) fails like one that throws.
      w.on('exit', (code) => {
        if (!this.ready[i] && !this.failures[i] && !this.closed) this.failed(i, new Error(`worker exited with code ${code} before it was ready`));
      });
      this.workers.push(w);
    }
  }
  /**
   * Worker i failed: every request it holds fails, and any later one (the error is kept for its
   * next run); when no worker is left, waiting for a ready one fails too.
   */
  private failed(i: number, e: Error): void {
    this.failures[i] = e;
    const issue = () => new XinfengError(makeIssue('IO_WORKER_FAILED', { reason: e.message }));
    for (const p of this.pending[i]!.values()) p.reject(issue());
    this.pending[i]!.clear();
    if (this.failures.every((f) => f !== undefined)) this.settleReady(issue());
  }
  private request<T>(i: number, msg: object, transfer: ArrayBuffer[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const early = this.failures[i];
      if (early) {
        reject(new XinfengError(makeIssue('IO_WORKER_FAILED', { reason: early.message })));
        return;
      }
      const id = this.nextId++;
      this.pending[i]!.set(id, { resolve: resolve as (out: unknown) => void, reject });
      this.workers[i]!.postMessage({ id, ...msg }, transfer);
    });
  }
  run(i: number, input: PartitionInput): Promise<PartitionOutput> {
    // Partition bytes own their ArrayBuffers: move them to the worker instead of copying.
    const transfer = [input.enterprisesBytes, input.eventsBytes, ...(input.enterprisesParts ?? []), ...(input.eventsParts ?? [])]
      .filter((b): b is Uint8Array => b !== undefined)
      .map((b) => b.buffer as ArrayBuffer);
    return this.request<PartitionOutput>(i, { op: 'grade', input }, [...new Set(transfer)]);
  }
  route(i: number, req: RouteRequest): Promise<RouteReply> {
    return this.request<RouteReply>(i, { op: 'route', req }, [req.bytes.buffer as ArrayBuffer]);
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
    for (const make of inputs) onDone(processPartition(make(), grader, convert, explain, { bytes: true }));
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
 * Reads the grade rows of one partition output line by line as bytes: in memory, or from its spill
 * file in 64 KiB reads (a city run merges a few hundred partitions at once). The current line is
 * `buf[start, end)`, its `\n` included.
 */
class ByteLineSource {
  buf: Buffer;
  start = 0;
  end = 0;
  private pos = 0;
  private len: number;
  private fd: number | undefined;
  private eof: boolean;
  constructor(src: { bytes: Uint8Array } | { file: string }) {
    if ('bytes' in src) {
      this.buf = Buffer.from(src.bytes.buffer, src.bytes.byteOffset, src.bytes.byteLength);
      this.len = this.buf.length;
      this.eof = true;
    } else {
      this.buf = Buffer.allocUnsafe(1 << 16);
      this.len = 0;
      this.eof = false;
      this.fd = openSync(src.file, 'r');
    }
  }
  /**
   * The line's first 18 bytes (the USCC) as three 48-bit numbers, big-endian: comparing them is
   * comparing those bytes. -1 when the line is shorter (then the bytes are compared one by one).
   */
  k0 = -1;
  k1 = -1;
  k2 = -1;
  private keys(): void {
    const b = this.buf;
    const s = this.start;
    if (this.end - s < 19) {
      this.k0 = this.k1 = this.k2 = -1;
      return;
    }
    this.k0 = sixBytes(b, s);
    this.k1 = sixBytes(b, s + 6);
    this.k2 = sixBytes(b, s + 12);
  }
  next(): boolean {
    for (;;) {
      const nl = this.buf.indexOf(LF, this.pos);
      if (nl !== -1 && nl < this.len) {
        this.start = this.pos;
        this.end = nl + 1;
        this.pos = nl + 1;
        this.keys();
        return true;
      }
      if (this.eof) {
        if (this.pos >= this.len) return false;
        this.start = this.pos;
        this.end = this.len;
        this.pos = this.len;
        this.keys();
        return true;
      }
      // Keep the unfinished line, then read more after it (a longer line grows the buffer).
      const rest = this.len - this.pos;
      const target = rest > this.buf.length >> 1 ? Buffer.allocUnsafe(this.buf.length * 2) : this.buf;
      this.buf.copy(target, 0, this.pos, this.len);
      this.buf = target;
      this.pos = 0;
      this.len = rest;
      const n = readSync(this.fd!, this.buf, this.len, this.buf.length - this.len, null);
      if (n === 0) {
        this.eof = true;
        closeSync(this.fd!);
      } else this.len += n;
    }
  }
}

/** Byte order of two lines (their USCCs differ within the ASCII prefix, where it is the string order). */
function compareLines(a: ByteLineSource, b: ByteLineSource): number {
  if (a.k0 >= 0 && b.k0 >= 0) {
    if (a.k0 !== b.k0) return a.k0 - b.k0;
    if (a.k1 !== b.k1) return a.k1 - b.k1;
    if (a.k2 !== b.k2) return a.k2 - b.k2;
  }
  return compareRanges(a.buf, a.start, a.end, b.buf, b.start, b.end);
}

/**
 * K-way merge of sorted partition outputs into one sorted stream (a binary heap on the head lines).
 * `pair`, when given, is advanced in tandem with `main` (explanations follow their grade rows).
 */
function mergeSorted(
  main: ByteLineSource[],
  pair: LineSource[] | undefined,
  write: (src: ByteLineSource, paired: string | undefined) => void,
): void {
  const heap: number[] = [];
  const less = (a: number, b: number) => {
    const c = compareLines(main[a]!, main[b]!);
    return c < 0 || (c === 0 && a < b);
  };
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
  main.forEach((s, i) => {
    if (s.next()) {
      heap.push(i);
      up(heap.length - 1);
    }
  });
  while (heap.length) {
    const i = heap[0]!;
    write(main[i]!, pair ? pair[i]!.next() : undefined);
    if (!main[i]!.next()) {
      const last = heap.pop()!;
      if (heap.length) {
        heap[0] = last;
        down(0);
      }
    } else down(0);
  }
}

/** Buffered synchronous writer of bytes (one syscall per ~1 MiB). */
class ByteFileWriter {
  private fd: number;
  private readonly out = Buffer.allocUnsafe(1 << 20);
  private pos = 0;
  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'w');
    } catch (e) {
      throw new XinfengError(makeIssue('CLI_OUTPUT_WRITE_FAILED', { file: path, reason: (e as Error).message }));
    }
  }
  write(src: Buffer, start: number, end: number): void {
    const n = end - start;
    if (this.pos + n > this.out.length) this.flush();
    if (n > this.out.length) {
      for (let o = start; o < end; ) o += writeSync(this.fd, src, o, end - o);
      return;
    }
    src.copy(this.out, this.pos, start, end);
    this.pos += n;
  }
  flush(): void {
    for (let o = 0; o < this.pos; ) o += writeSync(this.fd, this.out, o, this.pos - o);
    this.pos = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
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
  /** Appends bytes as they are (after what was written before). */
  writeBytes(b: Buffer, n: number): void {
    this.flush();
    for (let o = 0; o < n; ) o += writeSync(this.fd, b, o, n - o);
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

/**
 * Routing keys of a sample of the enterprise file's rows, for range partitions (see Partitioner):
 * every row of a small file, else the whole rows of 256 blocks of 16 KiB spread over it. Undefined
 * for what this cheap reader does not take (not UTF-8, a header with quotes, no USCC column): the
 * partitions are then by hash. The sample decides only how evenly the partitions are filled.
 */
function sampleRoutingKeys(file: string, opts: GradeFilesOptions): string[] | undefined {
  let fd: number | undefined;
  try {
    if (opts.fastPath === false || fileEncoding(file, opts.encoding) !== 'utf8') return undefined;
    const size = statSync(file).size;
    fd = openSync(file, 'r');
    const BLOCK = 1 << 14;
    const BLOCKS = 256;
    const whole = size <= BLOCK * BLOCKS;
    const buf = Buffer.allocUnsafe(whole ? size : Math.max(BLOCK, 1 << 16));
    // The header: from the first block, read as the parallel reader reads it.
    const got = readSync(fd, buf, 0, buf.length, 0);
    const header = plainHeaderAt(buf.subarray(0, got), buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0);
    if (!header) return undefined;
    const idx = resolveColumns(header.cells, 'enterprises', basename(file), opts.mapping).index['uscc'];
    if (idx === undefined) return undefined;
    const keys: string[] = [];
    const take = (n: number, from: number) => {
      for (let p = from; p < n; ) {
        const e = buf.indexOf(LF, p);
        if (e === -1 || e >= n) return;
        const end = e > p && buf[e - 1] === CR ? e - 1 : e;
        const qq = buf.indexOf(QUOTE, p);
        if (end > p && (qq === -1 || qq >= end)) {
          const s = fieldStart(buf, p, end, idx);
          if (s >= 0) keys.push(routingKey(buf.toString('utf8', s, fieldEnd(buf, s, end))));
        }
        p = e + 1;
      }
    };
    if (whole) take(got, header.next);
    else {
      for (let i = 0; i < BLOCKS; i++) {
        const at = Math.floor((i * size) / BLOCKS);
        const n = readSync(fd, buf, 0, BLOCK, at);
        // A block starts inside a row: from the row after it (the first block, after the header).
        take(n, at === 0 ? header.next : buf.indexOf(LF) + 1);
      }
    }
    return keys;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Byte order of the lines `a[as, ae)` and `b[bs, be)` (what the k-way merge sorts by). */
function compareRanges(a: Buffer, as: number, ae: number, b: Buffer, bs: number, be: number): number {
  const n = Math.min(ae - as, be - bs);
  for (let i = 0; i < n; i++) {
    const d = a[as + i]! - b[bs + i]!;
    if (d !== 0) return d;
  }
  return ae - as - (be - bs);
}

/** The first and the last line of a partition output (in memory, or the ends of its spill file), or undefined if empty; null when a line is too long to find this way. */
function endLines(s: { bytes: Uint8Array } | { file: string }): { first: Buffer; last: Buffer } | undefined | null {
  let head: Buffer;
  let tail: Buffer;
  if ('bytes' in s) {
    head = tail = Buffer.from(s.bytes.buffer, s.bytes.byteOffset, s.bytes.byteLength);
  } else {
    if (!existsSync(s.file)) return undefined;
    const size = statSync(s.file).size;
    const fd = openSync(s.file, 'r');
    try {
      const n = Math.min(size, 1 << 16);
      head = Buffer.allocUnsafe(n);
      readSync(fd, head, 0, n, 0);
      tail = Buffer.allocUnsafe(n);
      readSync(fd, tail, 0, n, size - n);
    } finally {
      closeSync(fd);
    }
  }
  if (head.length === 0) return undefined;
  const firstEnd = head.indexOf(LF);
  const lastStart = tail.lastIndexOf(LF, tail.length - 2) + 1;
  if (firstEnd === -1 || (lastStart === 0 && tail !== head && tail.length >= 1 << 16)) return null;
  return { first: head.subarray(0, firstEnd + 1), last: tail.subarray(lastStart) };
}

/**
 * Whether the partition outputs, in partition order, already are one sorted sequence (range
 * partitions: each partition's last line before the next one's first); then they are concatenated
 * instead of merged.
 */
function concatenatesInOrder(srcs: readonly ({ bytes: Uint8Array } | { file: string } | undefined)[]): boolean {
  let prev: Buffer | undefined;
  for (const s of srcs) {
    if (s === undefined) continue;
    const ends = endLines(s);
    if (ends === null) return false;
    if (ends === undefined) continue;
    if (prev && compareRanges(prev, 0, prev.length, ends.first, 0, ends.first.length) >= 0) return false;
    prev = ends.last;
  }
  return true;
}

/** Appends a spill file to an output, 1 MiB at a time. */
function copyFileInto(file: string, write: (b: Buffer, n: number) => void): void {
  if (!existsSync(file)) return;
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, b, 0, b.length, null); n > 0; n = readSync(fd, b, 0, b.length, null)) write(b, n);
  } finally {
    closeSync(fd);
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
  if (opts.partitioning !== undefined && opts.partitioning !== 'range' && opts.partitioning !== 'hash') {
    fail('INVALID_ARGUMENT', { name: 'partitioning', reason: `expected range or hash, got ${String(opts.partitioning)}` });
  }
  // Range partitions from a sample of the enterprise file (their outputs concatenate), else by hash.
  const keys = opts.partitioning === 'hash' ? undefined : sampleRoutingKeys(opts.enterprisesFile, opts);
  const partitioner = new Partitioner(P, keys ? rangeBoundaries(keys, P) : undefined);
  const sink = new PartitionSink(P, opts.memoryBudgetBytes ?? 256 << 20, opts.tempDir ?? tmpdir(), partitioner);
  const mainRejects: RejectRow[] = [];
  const convert: ConvertOptions = { defaultDistrict: opts.rulebook.jurisdiction.name, lenientUscc: opts.lenientUscc ?? false };
  const workers = Math.max(0, Math.min(opts.workers ?? 0, P));
  if (workers > 0 && !opts.workerScript) fail('INVALID_ARGUMENT', { name: 'workerScript', reason: 'required when workers > 0' });
  if (opts.jit !== undefined && opts.jit !== 'auto' && opts.jit !== 'concurrent' && opts.jit !== 'synchronous') {
    fail('INVALID_ARGUMENT', { name: 'jit', reason: `expected auto, concurrent or synchronous, got ${String(opts.jit)}` });
  }
  const pool = workers > 0 ? new WorkerPool(opts.workerScript!, workers, { rulebook: opts.rulebook, rulebookHash: rulebookHash(opts.rulebook), asOf: opts.asOf, convert, explain: opts.explainFile !== undefined }, synchronousJitFor(opts.jit ?? 'auto', workers)) : undefined;
  let readSoFar = 0;
  const progress = (b: number) => {
    readSoFar += b;
    opts.onProgress?.({ phase: 'read', done: readSoFar, total: totalBytes });
  };
  try {
    const ctx: RouteContext = { sink, opts, mainRejects, progress };
    const route = (file: string, kind: TableKind) => (pool ? routeFileParallel(file, kind, ctx, pool) : routeFile(file, kind, ctx));
    const ent = await route(opts.enterprisesFile, 'enterprises');
    const evt = await route(opts.eventsFile, 'events');
    if (sink.tempDir) sink.spill();
    sink.releaseFree();
    const t1 = performance.now();
    // Largest partitions first, so that the last ones to finish are small and the workers end
    // together (the order never changes the output: partitions are merged by number).
    const sizes = Array.from({ length: P }, (_, p) => sink.sizeOf(p));
    const order = Array.from({ length: P }, (_, p) => p).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
    const inputs = order.map((p) => () => {
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
    const gradeSrc: ({ bytes: Uint8Array } | { file: string })[] = new Array(P);
    const explainSrc: ({ text: string } | { file: string })[] = new Array(P);
    let done = 0;
    let counts: PartitionCounts = {
      enterprisesRead: 0, enterprisesAccepted: 0, enterprisesRejected: 0, duplicateEnterprises: 0,
      eventsRead: 0, eventsAccepted: 0, eventsRejected: 0, duplicateEvents: 0, orphanEvents: 0,
    };
    let stats = emptyStats().toJSON();
    const rejects: RejectRow[] = [...mainRejects];
    await runPartitions(inputs, opts, convert, pool, (out) => {
      // The partition's spilled input is read: free it now, while this thread waits anyway.
      sink.release(out.id);
      if (outDir) {
        const g = join(outDir, `g${out.id}.csv`);
        appendFileSync(g, out.gradesBytes ?? out.gradesText);
        gradeSrc[out.id] = { file: g };
        const x = join(outDir, `x${out.id}.jsonl`);
        appendFileSync(x, out.explainText);
        explainSrc[out.id] = { file: x };
      } else {
        gradeSrc[out.id] = { bytes: out.gradesBytes ?? Buffer.from(out.gradesText, 'utf8') };
        explainSrc[out.id] = { text: out.explainText };
      }
      for (const k of Object.keys(counts) as (keyof PartitionCounts)[]) counts = { ...counts, [k]: counts[k] + out.counts[k] };
      stats = mergeStats(stats, out.stats);
      for (const r of out.rejects) rejects.push(r);
      done++;
      opts.onProgress?.({ phase: 'grade', done, total: P });
    });
    // Workers are done: they give their memory back while the merge runs (stopping them takes ~35 ms).
    const closing = pool?.close();
    // Observed here too, so that a failing merge never leaves it unhandled.
    closing?.catch(() => {});
    const t2 = performance.now();
    opts.onProgress?.({ phase: 'write', done: 0, total: 1 });
    const grades = new ByteFileWriter(opts.outFile);
    const header = Buffer.from(csvLine(GRADES_HEADER), 'utf8');
    grades.write(header, 0, header.length);
    const explain = opts.explainFile ? new FileWriter(opts.explainFile) : undefined;
    if (partitioner.ordered && concatenatesInOrder(gradeSrc)) {
      for (let p = 0; p < P; p++) {
        const g = gradeSrc[p];
        if (g && 'bytes' in g) grades.write(Buffer.from(g.bytes.buffer, g.bytes.byteOffset, g.bytes.byteLength), 0, g.bytes.byteLength);
        else if (g) copyFileInto(g.file, (b, n) => grades.write(b, 0, n));
        const x = explainSrc[p];
        if (explain && x && 'text' in x) explain.write(x.text);
        else if (explain && x && 'file' in x) copyFileInto(x.file, (b, n) => explain.writeBytes(b, n));
      }
    } else mergeSorted(
      gradeSrc.map((s) => new ByteLineSource(s ?? { bytes: new Uint8Array(0) })),
      explain ? explainSrc.map((s) => new LineSource(s ?? { text: '' })) : undefined,
      (src, x) => {
        grades.write(src.buf, src.start, src.end);
        if (explain && x !== undefined) explain.write(x);
      },
    );
    grades.close();
    explain?.close();
    await closing;
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
      partitioning: partitioner.ordered ? 'range' : 'hash',
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
