import { Readable } from 'node:stream';
import { parse, type Options as CsvParseOptions } from 'csv-parse';
import iconv from 'iconv-lite';

/**
 * One CSV record (行) as csv-parse returns it, with the 1-based physical line it starts on.
 *
 * @example
 * ```ts
 * const row: CsvRow = { fields: ['91310112MA1FL8X00X', '上海某某有限公司'], line: 2 };
 * ```
 */
export interface CsvRow {
  readonly fields: string[];
  readonly line: number;
}

/**
 * A stretch of input csv-parse could not read as a record (unclosed quote, stray quote…), reported
 * with the line where it was detected. It becomes a reject; nothing is dropped silently.
 *
 * @example
 * ```ts
 * const bad: CsvMalformed = { malformed: { code: 'INVALID_OPENING_QUOTE', message: '…' }, line: 7 };
 * ```
 */
export interface CsvMalformed {
  readonly malformed: { readonly code: string; readonly message: string };
  readonly line: number;
}

/**
 * A plain record (no quotes, no CR) kept as undecoded bytes `buf[start, end)`: its fields are that
 * text split on commas. Only yielded with `plainRaw: true`, so the pipeline can route a row by one
 * field without decoding the rest (decoding then happens in the worker that grades it).
 *
 * @example
 * ```ts
 * const row: CsvPlainRow = { buf: Buffer.from('91310112MA1FL8X00X,上海某某有限公司'), start: 0, end: 48, line: 2 };
 * row.buf.toString('utf8', row.start, row.end).split(',');
 * ```
 */
export interface CsvPlainRow {
  readonly buf: Buffer;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  /** The record's text (decoded on access). */
  readonly raw: string;
}

class PlainRow implements CsvPlainRow {
  constructor(
    readonly buf: Buffer,
    readonly start: number,
    readonly end: number,
    readonly line: number,
  ) {}
  get raw(): string {
    return this.buf.toString('utf8', this.start, this.end);
  }
}

/** What {@link readCsv} yields: records and malformed stretches, in input order. */
export type CsvItem = CsvRow | CsvMalformed | CsvPlainRow;

/**
 * Options of {@link readCsv}.
 *
 * @example
 * ```ts
 * const opts: ReadCsvOptions = { encoding: 'gb18030' };
 * ```
 */
export interface ReadCsvOptions {
  /** Text encoding of the bytes. Default `utf8` (a UTF-8 BOM is skipped). */
  readonly encoding?: 'utf8' | 'gb18030' | 'gbk' | 'utf16le';
  /** Use the byte-level scanner for UTF-8 input (default true). False = csv-parse only (the reference). */
  readonly fastPath?: boolean;
  /** Records per yielded batch (default 4096). */
  readonly batchSize?: number;
  /** Yield plain UTF-8 records as {@link CsvPlainRow} (undecoded byte ranges) instead of split fields. */
  readonly plainRaw?: boolean;
}

/**
 * The csv-parse options that define xinfeng's CSV dialect: RFC 4180, `,` delimiter, `"` quote,
 * record delimiter auto-detected, BOM skipped, empty lines skipped, ragged rows kept (so a short
 * row becomes a reject instead of stopping the run), records with errors skipped and reported.
 * The fast scanner is tested to agree with csv-parse under exactly these options.
 */
export const REFERENCE_CSV_OPTIONS: Readonly<CsvParseOptions> = Object.freeze({
  bom: true,
  relax_column_count: true,
  skip_empty_lines: true,
  info: true,
  skip_records_with_error: true,
});

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** Count of LF inside fields: csv-parse's line counter sees them, the record started that many lines earlier. */
function embeddedLines(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) {
    for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) n++;
  }
  return n;
}

/**
 * Byte-level scanner for plain RFC 4180 UTF-8 (the fast path). It emits records only while it is
 * sure csv-parse (under {@link REFERENCE_CSV_OPTIONS}) would emit the same ones; on anything else
 * — a stray quote, a bare CR, an unclosed quote — it stops at the start of that record and the
 * caller hands the rest of the input to csv-parse.
 *
 * @example
 * ```ts
 * const s = new FastCsvScanner();
 * const out: CsvItem[] = [];
 * const next = s.scan(Buffer.from('a,b\n"x,y",2\n'), 0, true, out);
 * s.bailed; // false: out holds ['a','b'] and ['x,y','2']; otherwise hand buf.subarray(next) to csv-parse
 * ```
 */
export class FastCsvScanner {
  /** Detected record delimiter: undefined until the first line break. */
  delimiter: '\n' | '\r\n' | undefined;
  /** 1-based line of the next record. */
  line = 1;
  /** True once the scanner gave up; `offset` then points at the first byte it did not consume. */
  bailed = false;
  private started = false;
  constructor(private readonly plainRaw = false) {}

  /**
   * Scans `buf` from `start`; pushes records into `out`. Returns the offset of the first byte not
   * consumed (the start of an incomplete record, or of the record it bailed on).
   */
  scan(buf: Buffer, start: number, final: boolean, out: CsvItem[]): number {
    let pos = start;
    const len = buf.length;
    if (!this.started) {
      if (len - pos < 3 && !final) return pos;
      if (buf[pos] === 0xef && buf[pos + 1] === 0xbb && buf[pos + 2] === 0xbf) pos += 3;
      this.started = true;
    }
    let nextQuote = -2;
    let nextCr = -2;
    while (pos < len) {
      const c = buf[pos]!;
      // Empty line (skip_empty_lines).
      if (c === LF) {
        if (this.delimiter === '\r\n') return this.bail(pos);
        this.delimiter = '\n';
        this.line++;
        pos++;
        continue;
      }
      if (c === CR) {
        if (pos + 1 >= len) return final ? this.bail(pos) : pos;
        if (buf[pos + 1] === LF && this.delimiter !== '\n') {
          this.delimiter = '\r\n';
          this.line++;
          pos += 2;
          continue;
        }
        return this.bail(pos);
      }
      let lf = buf.indexOf(LF, pos);
      if (lf === -1) {
        if (!final) return pos;
        lf = len;
      }
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = buf.indexOf(QUOTE, pos);
      if (nextQuote === -1 || nextQuote >= lf) {
        // Plain record: no quote before the line break.
        const crlf = lf < len && buf[lf - 1] === CR;
        const end = crlf ? lf - 1 : lf;
        if (nextCr !== -1 && nextCr < pos) nextCr = buf.indexOf(CR, pos);
        // A bare CR before the line end: csv-parse may take CR as the record delimiter.
        if (nextCr !== -1 && nextCr < end) return this.bail(pos);
        if (nextCr !== -1 && nextCr < lf) nextCr = -2; // it was the CR of CRLF: look again next time
        if (lf < len) {
          if (crlf) {
            if (this.delimiter === '\n') return this.bail(pos);
            this.delimiter = '\r\n';
          } else {
            if (this.delimiter === '\r\n') return this.bail(pos);
            this.delimiter = '\n';
          }
        }
        out.push(this.plainRaw ? new PlainRow(buf, pos, end, this.line) : { fields: buf.toString('utf8', pos, end).split(','), line: this.line });
        this.line++;
        pos = lf + 1;
        continue;
      }
      // A quote on this line: the careful byte loop.
      const r = this.scanQuoted(buf, pos, final, out);
      if (r < 0) return this.bailed ? this.bail(pos) : pos; // need more data
      pos = r;
      nextQuote = -2;
      nextCr = -2;
    }
    return pos;
  }

  private bail(pos: number): number {
    this.bailed = true;
    return pos;
  }

  /** Returns the next record start, -1 for "need more data", or -1 with `bailed` set. */
  private scanQuoted(buf: Buffer, start: number, final: boolean, out: CsvItem[]): number {
    const len = buf.length;
    const fields: string[] = [];
    let p = start;
    let lines = 0;
    for (;;) {
      // One field starting at p.
      if (p < len && buf[p] === QUOTE) {
        let q = p + 1;
        const parts: Buffer[] = [];
        let segStart = q;
        for (;;) {
          const qi = buf.indexOf(QUOTE, q);
          if (qi === -1) {
            if (final) this.bailed = true; // unclosed quote: csv-parse reports it
            return -1;
          }
          for (let k = q; k < qi; k++) {
            const b = buf[k]!;
            if (b === CR) {
              // csv-parse's line counting around CR inside quotes depends on its detection state.
              this.bailed = true;
              return -1;
            }
            if (b === LF) {
              if (this.delimiter === '\r\n') {
                this.bailed = true;
                return -1;
              }
              lines++;
            }
          }
          if (qi + 1 >= len) {
            if (!final) return -1;
            parts.push(buf.subarray(segStart, qi));
            p = qi + 1;
            break;
          }
          const nb = buf[qi + 1];
          if (nb === QUOTE) {
            parts.push(buf.subarray(segStart, qi + 1));
            q = qi + 2;
            segStart = q;
            continue;
          }
          parts.push(buf.subarray(segStart, qi));
          p = qi + 1;
          break;
        }
        fields.push(parts.length === 1 ? parts[0]!.toString('utf8') : Buffer.concat(parts).toString('utf8'));
      } else {
        let q = p;
        while (q < len) {
          const b = buf[q]!;
          if (b === COMMA || b === LF || b === CR) break;
          if (b === QUOTE) {
            this.bailed = true;
            return -1;
          }
          q++;
        }
        if (q >= len && !final) return -1;
        fields.push(buf.toString('utf8', p, q));
        p = q;
      }
      // After a field: delimiter, record end, or EOF.
      if (p >= len) {
        if (!final) return -1;
        break;
      }
      const d = buf[p];
      if (d === COMMA) {
        p++;
        if (p >= len && !final) return -1;
        if (p >= len) {
          fields.push('');
          break;
        }
        continue;
      }
      if (d === LF) {
        if (this.delimiter === '\r\n') {
          this.bailed = true;
          return -1;
        }
        this.delimiter = '\n';
        p++;
        break;
      }
      if (d === CR) {
        if (p + 1 >= len) {
          if (!final) return -1;
          this.bailed = true;
          return -1;
        }
        if (buf[p + 1] === LF && this.delimiter !== '\n') {
          this.delimiter = '\r\n';
          p += 2;
          break;
        }
        this.bailed = true;
        return -1;
      }
      // Anything else after a closing quote is an error csv-parse reports.
      this.bailed = true;
      return -1;
    }
    out.push({ fields, line: this.line });
    this.line += 1 + lines;
    return p;
  }
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), 'utf8');
}

async function* csvParseItems(
  input: AsyncIterable<Buffer | string>,
  options: CsvParseOptions,
  lineOffset: number,
  batchSize: number,
): AsyncGenerator<CsvItem[]> {
  const skipped: CsvMalformed[] = [];
  const parser = parse({
    ...REFERENCE_CSV_OPTIONS,
    ...options,
    on_skip: (err: { code?: string; message: string; lines?: number } | undefined) => {
      if (!err) return;
      skipped.push({ malformed: { code: err.code ?? 'CSV_ERROR', message: err.message }, line: (err.lines ?? 1) + lineOffset });
    },
  });
  Readable.from(input, { objectMode: false }).pipe(parser);
  let batch: CsvItem[] = [];
  const flush = (): CsvItem[] => {
    if (skipped.length) {
      batch.push(...skipped.splice(0));
      batch.sort((a, b) => a.line - b.line);
    }
    const b = batch;
    batch = [];
    return b;
  };
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const fields = rec.record;
    const endLine = rec.info.lines + lineOffset;
    batch.push({ fields, line: endLine - embeddedLines(fields) });
    if (batch.length >= batchSize) yield flush();
  }
  const last = flush();
  if (last.length) yield last;
}

/**
 * Reads CSV records from a byte stream, in batches, each with the line it starts on.
 * UTF-8 input goes through the byte-level {@link FastCsvScanner}; the first record the scanner
 * does not handle, and everything after it, goes through csv-parse, the reference parser. Other
 * encodings are decoded with iconv-lite and parsed by csv-parse. Either way the records equal
 * what csv-parse alone returns under {@link REFERENCE_CSV_OPTIONS}.
 *
 * @example
 * ```ts
 * for await (const batch of readCsv(createReadStream('enterprises.csv'))) {
 *   for (const item of batch) if ('fields' in item) console.log(item.line, item.fields);
 * }
 * ```
 */
export async function* readCsv(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  options: ReadCsvOptions = {},
): AsyncGenerator<CsvItem[]> {
  const batchSize = options.batchSize ?? 4096;
  const encoding = options.encoding ?? 'utf8';
  if (encoding !== 'utf8') {
    async function* decoded(): AsyncGenerator<string> {
      const dec = iconv.getDecoder(encoding === 'gbk' ? 'gbk' : encoding);
      for await (const chunk of source as AsyncIterable<Uint8Array | string>) {
        const s = dec.write(toBuffer(chunk));
        if (s) yield s;
      }
      const tail = dec.end();
      if (tail) yield tail;
    }
    yield* csvParseItems(decoded(), { bom: true }, 0, batchSize);
    return;
  }
  if (options.fastPath === false) {
    async function* raw(): AsyncGenerator<Buffer> {
      for await (const chunk of source as AsyncIterable<Uint8Array | string>) yield toBuffer(chunk);
    }
    yield* csvParseItems(raw(), {}, 0, batchSize);
    return;
  }
  yield* scanItems(source, new FastCsvScanner(options.plainRaw ?? false), batchSize);
}

/**
 * Resumes reading UTF-8 CSV in the middle of a file, at a record boundary: `line` is the line the
 * next record starts on, `delimiter` the record delimiter already seen (the BOM is behind us). The
 * pipeline's parallel reader hands the rest of a file here when it meets bytes it does not split
 * itself (quotes, bare CRs). Same records as {@link readCsv} would give from that point.
 *
 * @example
 * ```ts
 * for await (const batch of readCsvFrom([rest], { line: 1001, delimiter: '\n', plainRaw: true })) route(batch);
 * ```
 */
export async function* readCsvFrom(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  at: { readonly line: number; readonly delimiter: '\n' | '\r\n' | undefined; readonly plainRaw?: boolean; readonly batchSize?: number },
): AsyncGenerator<CsvItem[]> {
  yield* scanItems(source, resumedScanner(at.line, at.delimiter, at.plainRaw ?? false), at.batchSize ?? 4096);
}

/**
 * A {@link FastCsvScanner} that starts in the middle of a file, at a record boundary on `line`,
 * with the record delimiter already seen.
 *
 * @example
 * ```ts
 * const s = resumedScanner(1001, '\n', true);
 * ```
 */
export function resumedScanner(line: number, delimiter: '\n' | '\r\n' | undefined, plainRaw: boolean): FastCsvScanner {
  const scanner = new FastCsvScanner(plainRaw);
  scanner.line = line;
  scanner.delimiter = delimiter;
  // Past the start of the file: no BOM to look for (started is the scanner's own flag).
  (scanner as unknown as { started: boolean }).started = true;
  return scanner;
}

async function* scanItems(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
  scanner: FastCsvScanner,
  batchSize: number,
): AsyncGenerator<CsvItem[]> {
  const it = (Symbol.asyncIterator in source
    ? (source as AsyncIterable<Uint8Array | string>)[Symbol.asyncIterator]()
    : (source as Iterable<Uint8Array | string>)[Symbol.iterator]()) as AsyncIterator<Uint8Array | string> | Iterator<Uint8Array | string>;
  let pending: Buffer = Buffer.alloc(0);
  let done = false;
  while (!done) {
    const n = await it.next();
    let buf: Buffer;
    if (n.done) {
      done = true;
      buf = pending;
    } else {
      const chunk = toBuffer(n.value);
      buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    }
    const out: CsvItem[] = [];
    const consumed = scanner.scan(buf, 0, done, out);
    if (out.length) yield out;
    if (scanner.bailed) {
      // Hand the rest — from the start of the record the scanner declined — to csv-parse.
      const rest = buf.subarray(consumed);
      const startedAtBeginning = consumed === 0 && scanner.line === 1;
      async function* remaining(): AsyncGenerator<Buffer> {
        if (rest.length) yield rest;
        if (done) return;
        for (;;) {
          const m = await it.next();
          if (m.done) return;
          yield toBuffer(m.value);
        }
      }
      const opts: CsvParseOptions = { bom: startedAtBeginning };
      if (scanner.delimiter) opts.record_delimiter = scanner.delimiter;
      yield* csvParseItems(remaining(), opts, scanner.line - 1, batchSize);
      return;
    }
    pending = buf.subarray(consumed);
    if (done && pending.length) {
      // Cannot happen: a final scan consumes everything or bails.
      throw new Error('csv scanner left unconsumed input');
    }
  }
}

/**
 * Reads all records of an in-memory CSV (convenience for tests and small files).
 *
 * @example
 * ```ts
 * const items = await readCsvAll(Buffer.from('a,b\n1,2\n'));
 * // [{ fields: ['a','b'], line: 1 }, { fields: ['1','2'], line: 2 }]
 * ```
 */
export async function readCsvAll(input: Uint8Array, options: ReadCsvOptions & { chunkSize?: number } = {}): Promise<CsvItem[]> {
  const size = options.chunkSize ?? 65536;
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < input.length; i += size) chunks.push(input.subarray(i, i + size));
  const out: CsvItem[] = [];
  for await (const b of readCsv(chunks, options)) out.push(...b);
  return out;
}
