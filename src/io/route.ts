/**
 * Routing plain CSV bytes to partitions (分区路由): the step between reading a file and grading its
 * partitions. Used on the main thread for the rows it reads itself, and on worker threads for the
 * chunks of plain input the pipeline hands them (see pipeline.ts, "parallel reading").
 */
import { resumedScanner, type CsvItem, type CsvPlainRow, type CsvRow } from './csv.js';
import { encodePartitionLine, Partitioner, QuotedCells, routingKey } from './partition.js';

const NO_CHUNK = Buffer.alloc(0);

/** Size of a partition buffer chunk. */
export const CHUNK = 1 << 16;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const US = 0x1f;
const RS = 0x1e;

/**
 * A growable byte buffer made of chunks (no copying on growth). Chunks come from `free` (chunks
 * already written to a spill file) when it has any, so a spilling run reuses the same memory
 * instead of leaving spilled chunks for the GC to find.
 */
export class ByteChunks {
  chunks: Buffer[] = [];
  /** The chunk being filled (an empty one before the first: the field keeps one type). */
  cur: Buffer = NO_CHUNK;
  pos = 0;
  size = 0;
  constructor(
    private readonly free: Buffer[] = [],
    private readonly chunkSize = CHUNK,
  ) {}
  reserve(n: number): Buffer {
    if (this.cur.length - this.pos < n) {
      if (this.cur !== NO_CHUNK) this.chunks.push(this.cur.subarray(0, this.pos));
      this.cur = n <= this.chunkSize && this.free.length ? this.free.pop()! : Buffer.allocUnsafeSlow(Math.max(this.chunkSize, n));
      this.pos = 0;
    }
    return this.cur;
  }
  /** Adds finished chunks (e.g. routed by a worker); records never straddle two chunks. */
  addParts(parts: readonly Buffer[]): void {
    for (const c of parts) {
      this.chunks.push(c);
      this.size += c.length;
    }
  }
  /**
   * The chunks as they are (each owns its ArrayBuffer, so they move to a worker without a copy).
   * Records never straddle two chunks.
   */
  takeParts(): Buffer[] {
    const parts = this.chunks;
    if (this.pos) parts.push(this.cur.subarray(0, this.pos));
    this.chunks = [];
    this.cur = NO_CHUNK;
    this.pos = 0;
    this.size = 0;
    return parts;
  }
}

/**
 * Appends the partition line `line␟<bytes>\n` of a plain record `src[start, end)` (see
 * encodePartitionLine), or `line␞<bytes>\n` with `sep` = 0x1e for a record with simple quoted cells;
 * returns the bytes written.
 */
export function appendPlainLine(b: ByteChunks, line: number, src: Buffer, start: number, end: number, sep = US): number {
  let digits = 1;
  for (let x = line; x >= 10; x = (x / 10) | 0) digits++;
  const len = end - start;
  const n = digits + 1 + len + 1;
  const cur = b.reserve(n);
  let pos = b.pos + digits;
  for (let x = line, q = pos - 1; q >= b.pos; q--) {
    const t = (x / 10) | 0;
    cur[q] = 48 + x - t * 10;
    x = t;
  }
  cur[pos++] = sep;
  // A native copy beats a byte loop from ~16 bytes (rows are ~100).
  if (len < 16) for (let q = start; q < end; q++) cur[pos++] = src[q]!;
  else pos += src.copy(cur, pos, start, end);
  cur[pos++] = LF;
  b.pos = pos;
  b.size += n;
  return n;
}

/**
 * Appends `count` consecutive plain records of one partition, `src[start, end)` (lines separated by
 * `\n`, the first on line `line`), as one run `␜line␟count␟<bytes>\n`: one copy for the lot (an
 * export that lists an enterprise's records together makes runs of ~6). Returns the bytes written.
 */
export function appendPlainRun(b: ByteChunks, line: number, count: number, src: Buffer, start: number, end: number): number {
  const head = `\x1c${line}\x1f${count}\x1f`;
  const len = end - start;
  const n = head.length + len + 1;
  const cur = b.reserve(n);
  let pos = b.pos;
  for (let k = 0; k < head.length; k++) cur[pos++] = head.charCodeAt(k);
  pos += src.copy(cur, pos, start, end);
  cur[pos++] = LF;
  b.pos = pos;
  b.size += n;
  return n;
}

/**
 * Appends a scanned record to its partition (`part`, by field `usccIdx`) among `chunks`:
 * a plain record as `line␟<bytes>\n`, a record with quoted cells as its JSON line
 * (encodePartitionLine). Returns the bytes written.
 */
export function appendRecord(item: CsvPlainRow | CsvRow, usccIdx: number, chunks: readonly ByteChunks[], part: Partitioner): number {
  if ('buf' in item) return appendPlainLine(chunks[part.ofField(item.buf, item.start, item.end, usccIdx)]!, item.line, item.buf, item.start, item.end);
  const encoded = Buffer.from(encodePartitionLine(item), 'utf8');
  const b = chunks[part.ofKey(routingKey(item.fields[usccIdx] ?? ''))]!;
  const cur = b.reserve(encoded.length);
  encoded.copy(cur, b.pos);
  b.pos += encoded.length;
  b.size += encoded.length;
  return encoded.length;
}

/**
 * A chunk of UTF-8 CSV input for {@link routeChunk}: it starts at a record boundary on `firstLine`
 * and ends with a line break outside quotes (or at the end of the file: `final`).
 */
export interface RouteRequest {
  readonly kind: number;
  readonly bytes: Uint8Array;
  /** Line number of the first byte of `bytes`. */
  readonly firstLine: number;
  /** The record delimiter the header row set. */
  readonly delimiter: '\n' | '\r\n';
  readonly final: boolean;
  /** Field index of the USCC column. */
  readonly usccIdx: number;
  readonly partitions: number;
  /** Range boundaries of the partitions (see Partitioner); absent: by hash. */
  readonly boundaries?: readonly string[];
}

/**
 * Partition lines of one routed chunk: `parts[p]` = partition p's chunks; `routed` = records.
 * `bailedAt` (a byte offset in the chunk, with `bailLine`) marks where the scanner declined the
 * input: the records before it are routed, and the pipeline reads everything from there on with
 * the serial reader (csv-parse behind it), as {@link readCsv} would.
 */
export interface RouteReply {
  readonly kind: number;
  readonly parts: Buffer[][];
  readonly routed: number;
  readonly bytes: number;
  readonly bailedAt?: number;
  readonly bailLine?: number;
  /** The request's bytes, handed back by a worker for the reader to read into again. */
  readonly spent?: Uint8Array;
}

/**
 * Routes a chunk of records to partitions by USCC hash, exactly as the serial reader does: the
 * same scanner reads it, a plain record becomes `line␟content\n` and a quoted one a JSON line
 * (encodePartitionLine) in its partition.
 *
 * @example
 * ```ts
 * const r = routeChunk({ kind: 1, bytes: Buffer.from('a,91310112MA1FL8X00X\n'), firstLine: 2, delimiter: '\n', final: true, usccIdx: 1, partitions: 8 });
 * r.routed; // 1
 * ```
 */
export function routeChunk(req: RouteRequest): RouteReply {
  const router = new ChunkRouter(req);
  router.run();
  router.flushRun();
  return router.reply();
}

/**
 * The state of routing one chunk, with the loop as a method that ends where its loop ends: the
 * optimising compiler replaces the loop in place while it runs (on-stack replacement), and code
 * after a loop, not yet run when that happens, would send it back to the interpreter at the end of
 * every chunk.
 */
class ChunkRouter {
  private readonly buf: Buffer;
  private readonly n: number;
  private readonly P: number;
  private readonly usccIdx: number;
  private readonly crlf: boolean;
  private readonly outs: ByteChunks[];
  private readonly part: Partitioner;
  private readonly scanner: ReturnType<typeof resumedScanner>;
  private readonly items: CsvItem[] = [];
  /** Cell bounds of a record with quoted cells. */
  private readonly quoted = new QuotedCells();
  private bytes = 0;
  private routed = 0;
  /**
   * The run of consecutive plain records of one partition being gathered (see appendPlainRun):
   * partition (-1: none), first byte, end of the last record (its \n follows), first line, count.
   */
  private runP = -1;
  private runStart = 0;
  private runEnd = 0;
  private runLine = 0;
  private runCount = 0;
  /** Where the scanner declined the input (-1: it did not), and the line there. */
  private bailedAt = -1;
  private bailLine = 0;
  constructor(private readonly req: RouteRequest) {
    this.buf = Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength);
    this.n = this.buf.length;
    this.P = req.partitions;
    this.part = new Partitioner(req.partitions, req.boundaries);
    this.usccIdx = req.usccIdx;
    this.crlf = req.delimiter === '\r\n';
    // Each partition gets about 1/P of the chunk: size its buffers so that most need one or two.
    const chunkSize = Math.max(4096, Math.ceil((this.n / this.P) * 1.25));
    this.outs = Array.from({ length: this.P }, () => new ByteChunks([], chunkSize));
    this.scanner = resumedScanner(req.firstLine, req.delimiter, true);
  }

  /** Routes a record the scanner read (it makes no malformed items; csv-parse does, on the serial path). */
  private routeItem(item: CsvItem): void {
    if ('malformed' in item) return;
    this.bytes += appendRecord(item, this.usccIdx, this.outs, this.part);
    this.routed++;
  }

  run(): void {
    const { buf, n, crlf, usccIdx, scanner, items, req } = this;
    let line = req.firstLine;
    let pos = 0;
    let nextQuote = buf.indexOf(QUOTE);
    let nextCr = buf.indexOf(CR);
    while (pos < n) {
      let lf = buf.indexOf(LF, pos);
      if (lf === -1) lf = n;
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = buf.indexOf(QUOTE, pos);
      if (nextCr !== -1 && nextCr < pos) nextCr = buf.indexOf(CR, pos);
      // A plain line (what the scanner's own plain branch accepts): no quote, and no CR but the one of
      // a CRLF line break in a CRLF file. Routed straight from the bytes.
      const end = crlf && lf < n && lf > pos && buf[lf - 1] === CR ? lf - 1 : lf;
      const plainBreak = lf === n || (crlf ? end === lf - 1 : true);
      if ((nextQuote === -1 || nextQuote >= lf) && (nextCr === -1 || nextCr >= end) && plainBreak) {
        if (end > pos) {
          const p = this.part.ofField(buf, pos, end, usccIdx);
          // The next line of the same partition right after the run (LF files): the run grows.
          if (p === this.runP && pos === this.runEnd + 1 && !crlf) {
            this.runEnd = end;
            this.runCount++;
          } else {
            this.flushRun();
            this.runP = p;
            this.runStart = pos;
            this.runEnd = end;
            this.runLine = line;
            this.runCount = 1;
          }
          this.routed++;
        }
        line++;
        pos = lf + 1;
        continue;
      }
      this.flushRun();
      // A one-line record whose quotes only wrap cells ("5,000"): routed from its bytes too, as
      // `line␞content`, and split quote-aware where it is read.
      if ((nextCr === -1 || nextCr >= end) && plainBreak && this.routeQuoted(pos, end, line)) {
        line++;
        pos = lf + 1;
        continue;
      }
      // Anything else (a quoted record, perhaps over several lines; a stray CR or LF): the scanner,
      // one record at a time, on a view that ends at a line break (widened while it needs more).
      let stop = lf;
      for (;;) {
        scanner.line = line;
        items.length = 0;
        const view = buf.subarray(0, stop < n ? stop + 1 : n);
        const consumed = scanner.scan(view, pos, req.final && stop >= n, items);
        if (scanner.bailed) {
          for (const item of items) this.routeItem(item);
          this.bailedAt = consumed;
          this.bailLine = scanner.line;
          return;
        }
        if (consumed > pos || stop >= n) {
          for (const item of items) this.routeItem(item);
          line = scanner.line;
          if (consumed === pos) {
            // Nothing more can be read here (an unfinished record at the end): the serial reader decides.
            this.bailedAt = pos;
            this.bailLine = line;
            return;
          }
          pos = consumed;
          break;
        }
        const more = buf.indexOf(LF, stop + 1);
        stop = more === -1 ? n : more;
      }
    }
  }

  /** Writes the run being gathered (a single record as `line␟content`), if any. */
  flushRun(): void {
    const count = this.runCount;
    if (count === 0) return;
    const out = this.outs[this.runP]!;
    this.bytes +=
      count === 1
        ? appendPlainLine(out, this.runLine, this.buf, this.runStart, this.runEnd)
        : appendPlainRun(out, this.runLine, count, this.buf, this.runStart, this.runEnd);
    this.runCount = 0;
    this.runP = -1;
  }

  /** Routes `buf[pos, end)` if its quoted cells are simple (see cutQuotedFields); false if not. */
  private routeQuoted(pos: number, end: number, line: number): boolean {
    const { buf, usccIdx } = this;
    const q = this.quoted;
    const f = q.cut(buf, pos, end);
    if (f < 0) return false;
    const p = usccIdx < f ? this.part.ofCell(buf, q.starts[usccIdx]!, q.ends[usccIdx]!) : this.part.ofKey('');
    this.bytes += appendPlainLine(this.outs[p]!, line, buf, pos, end, RS);
    this.routed++;
    return true;
  }

  reply(): RouteReply {
    const r = { kind: this.req.kind, parts: this.outs.map((o) => o.takeParts()), routed: this.routed, bytes: this.bytes };
    return this.bailedAt < 0 ? r : { ...r, bailedAt: this.bailedAt, bailLine: this.bailLine };
  }
}
