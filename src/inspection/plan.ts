/**
 * The annual inspection plan (年度抽查计划) built from a draw: off-site first, merging (合并) one
 * agency's items per enterprise, the yearly cap, joint inspections (联合检查) across agencies,
 * triggered inspections (触发式), inspector assignment with recusal (回避) and load caps, and the
 * readable inspection codes (检查码). Plan 三(二)1–5.
 *
 * Month scheduling (documented so a plan can be re-derived): the planned month of agency A's visit
 * to an enterprise is 1 + (SipHash-2-4(K_month(A), USCC) mod 12), with
 * K_month(A) = HMAC-SHA-256(seed, "xinfeng/month/v1|" + planId + "|" + A)[0..16).
 * Inspector draw: for inspection id I and agency A, attempt j picks roster[SipHash(K_insp(A),
 * I + "|" + j) mod R] (roster sorted by inspector id, K_insp(A) from "xinfeng/inspectors/v1|…");
 * conflicted, already-picked or full inspectors are skipped; after 8·R attempts the remaining
 * roster is scanned in SipHash(K_insp(A), I + "|" + inspectorId) order. Inspections are staffed in
 * (month, inspection id) order, which fixes how load caps bind.
 */
import { fail, makeIssue, XinfengError, type Issue } from '../_lib/issues/index.js';
import { createRulebookReader } from '../rulebook/index.js';
import { isCalendarDate } from '../calendar/index.js';
import { deriveKey, drawPopulation, prepareDraw, type DrawOptions, type DrawPopulationOptions, type DrawResult, type DrawSetup, type Stratum } from './draw.js';
import { compactOf, radixSortPairs, rankHexAt, type CompactDraw, type CompactStratum } from './compact.js';
import { sipBlocks, sipBlockCount, sipHashBlocks, sipInit, sipRun, type SipKey } from './siphash.js';
import { formatInspectionCode } from './code-format.js';
import { inspectorSchema, triggeredTaskSchema, type GradedEnterprise, type Inspector, type TriggerReason, type TriggeredTask } from './inputs.js';
import { buildManifest, type PlanManifest } from './manifest.js';

/**
 * Inputs of the plan beyond the draw.
 *
 * @example
 * ```ts
 * const o: AssembleOptions = { rosters, triggered, enterprises: new Map(population.map((e) => [e.uscc, e])) };
 * ```
 */
export interface AssembleOptions {
  /** Inspector rosters of all agencies (执法检查人员名录库). */
  readonly rosters: readonly Inspector[];
  /** Triggered tasks (触发式检查任务). */
  readonly triggered?: readonly TriggeredTask[];
  /** Class and name per USCC, for triggered tasks and names in the plan (the population, or any lookup). */
  readonly enterprises?: ReadonlyMap<string, { readonly supervisionClass: string; readonly name?: string | undefined }>;
}

/**
 * Full inputs of {@link planInspections}.
 *
 * @example
 * ```ts
 * const o: PlanOptions = { ...drawOptions, rosters };
 * ```
 */
export interface PlanOptions extends DrawOptions, AssembleOptions {
  /**
   * Worker thread for the draw (see {@link DrawPopulationOptions.worker}): by default a population
   * of 50,000 or more is drawn on two threads when dist/inspection-worker.cjs is found, else on the
   * calling thread. The plan is the same either way.
   */
  readonly drawWorker?: boolean | string;
}

/**
 * One item line of an inspection or task: a plain object. The drawn lines (`source: 'draw'`) of
 * planned inspections and off-site tasks are built when their `items` is first read (see
 * {@link PlannedInspection}), each with its `rankHex` as an own field.
 *
 * @example
 * ```ts
 * for (const line of plan.inspections[0].items) line.source; // 'draw' | 'triggered'
 * ```
 */
export interface PlanItemLine {
  readonly agency: string;
  readonly itemId: string;
  /** `draw` = drawn by 双随机; `triggered` = from a triggered task. */
  readonly source: 'draw' | 'triggered';
  /** Stratum key `agency|itemId|classId` for drawn lines. */
  readonly stratum?: string;
  readonly rankHex?: string;
  readonly taskId?: string;
  readonly reason?: TriggerReason;
}

/**
 * An inspector assigned to an inspection.
 *
 * @example
 * ```ts
 * plan.inspections[0].inspectors.map((i: AssignedInspector) => i.certificateNo);
 * ```
 */
export interface AssignedInspector {
  readonly inspectorId: string;
  readonly agency: string;
  readonly certificateNo: string;
}

/**
 * An on-site inspection of the plan (after merging).
 *
 * Planned inspections made by {@link planInspections} / {@link assemblePlan} keep their drawn
 * lines as indices into the draw (a Minhang plan has 1.4M of them): `items` is a getter on the
 * prototype that builds the lines on first read and then returns the same array. `JSON.stringify`
 * (and the CLI) see the plain inspection with the same keys in the same order, but an object spread
 * or `Object.keys` sees own fields only, without `items`: copy with `{ ...i, items: i.items }` or
 * `JSON.parse(JSON.stringify(i))`. Triggered inspections are plain objects.
 *
 * @example
 * ```ts
 * const i: PlannedInspection = plan.inspections[0]; i.code; i.joint; i.inspectors;
 * ```
 */
export interface PlannedInspection {
  readonly inspectionId: string;
  /** xinfeng's readable inspection code (not an official format). */
  readonly code: string;
  readonly kind: 'planned' | 'triggered';
  /** 1–12, month of the plan year. */
  readonly month: number;
  /** Triggered inspections: the earliest task date. */
  readonly date?: string;
  readonly uscc: string;
  readonly name?: string;
  readonly classId?: string;
  /** Agencies taking part, sorted; more than one = joint inspection (联合检查). */
  readonly agencies: readonly string[];
  readonly leadAgency: string;
  readonly joint: boolean;
  readonly items: readonly PlanItemLine[];
  readonly triggerReasons: readonly TriggerReason[];
  readonly inspectors: readonly AssignedInspector[];
}

/**
 * An off-site task (非现场检查) for off-site-capable items. As for {@link PlannedInspection},
 * `items` is a prototype getter built on first read: JSON is unchanged, a spread omits `items`
 * (copy with `{ ...t, items: t.items }`).
 *
 * @example
 * ```ts
 * const t: OffsiteTask = plan.offsiteTasks[0];
 * ```
 */
export interface OffsiteTask {
  readonly taskId: string;
  readonly agency: string;
  readonly uscc: string;
  readonly name?: string;
  readonly classId: string;
  readonly month: number;
  readonly items: readonly PlanItemLine[];
}

/**
 * A planned visit deferred because it would break the yearly cap.
 *
 * @example
 * ```ts
 * for (const d of plan.deferred) console.log(d.uscc, d.agency, d.cap);
 * ```
 */
export interface DeferredVisit {
  readonly agency: string;
  readonly uscc: string;
  readonly classId: string;
  readonly month: number;
  readonly items: readonly PlanItemLine[];
  readonly cap: number;
  readonly counted: number;
}

/**
 * An inspection that could not be staffed.
 *
 * @example
 * ```ts
 * for (const u of plan.unstaffed) console.log(u.agency, u.need - u.found);
 * ```
 */
export interface UnstaffedInspection {
  readonly inspection: Omit<PlannedInspection, 'inspectors'>;
  readonly agency: string;
  readonly need: number;
  readonly found: number;
}

/**
 * Visit counts before and after merging (合并/联合), in total and by month (index 0 = January).
 *
 * @example
 * ```ts
 * const { beforeMerging, afterMerging } = plan.visits;
 * ```
 */
export interface VisitCounts {
  readonly beforeMerging: number;
  readonly afterMerging: number;
  readonly beforeByMonth: readonly number[];
  readonly afterByMonth: readonly number[];
  readonly jointInspections: number;
  readonly mergedIntoTriggered: number;
  readonly deferred: number;
}

/**
 * The annual plan.
 *
 * @example
 * ```ts
 * const plan: InspectionPlan = planInspections({ ...options, population, rosters });
 * ```
 */
export interface InspectionPlan {
  readonly manifest: PlanManifest;
  readonly draw: DrawResult;
  /** Staffed on-site inspections in (month, inspection id) order. */
  readonly inspections: readonly PlannedInspection[];
  readonly offsiteTasks: readonly OffsiteTask[];
  readonly deferred: readonly DeferredVisit[];
  readonly unstaffed: readonly UnstaffedInspection[];
  /** Triggered tasks not planned (unknown reason, outside the year), each with a warning. */
  readonly rejectedTasks: readonly TriggeredTask[];
  readonly visits: VisitCounts;
  /** Warnings and (for unstaffable strata) errors. */
  readonly issues: readonly Issue[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const ASCII_BUF = new Uint8Array(512);
const ASCII_WORDS = new Uint32Array(2 * (512 / 8 + 1));

/** Keyed hash of a string's UTF-8 bytes under a SipHash key, as [hi, lo] in `out`. */
function sipString(key: SipKey, text: string, out: Uint32Array): void {
  let ascii = text.length < 512;
  for (let i = 0; ascii && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) ascii = false;
    else ASCII_BUF[i] = c;
  }
  const bytes = ascii ? ASCII_BUF.subarray(0, text.length) : Buffer.from(text, 'utf8');
  const n = sipBlockCount(bytes.length);
  const words = ascii ? ASCII_WORDS : new Uint32Array(2 * n);
  sipBlocks(bytes, words, 0);
  sipHashBlocks(key, words, 0, n, out);
}

/** Exact (hi·2^32 + lo) mod m for m < 2^21. */
function mod64(hi: number, lo: number, m: number): number {
  // Float division instead of `%` (a slow fmod call on doubles). Every product and sum below is an
  // integer < 2^53, so exact; the quotients are exact too, and the corrections only guard that.
  let q = Math.floor(hi / m);
  let r = hi - q * m;
  if (r < 0) r += m;
  else if (r >= m) r -= m;
  const x = r * 4294967296 + lo; // < m·2^32 < 2^53
  q = Math.floor(x / m);
  r = x - q * m;
  if (r < 0) r += m;
  else if (r >= m) r -= m;
  return r;
}

/**
 * Scheduled month (1–12) of an agency's planned visit to an enterprise (see the module comment).
 *
 * @example
 * ```ts
 * scheduledMonth('seed', 'MH-2025', 'SCJG', '91310112MA1FL8X00X'); // 1..12
 * ```
 */
export function scheduledMonth(seed: string, planId: string, agency: string, uscc: string): number {
  const out = new Uint32Array(2);
  sipString(deriveKey(seed, `xinfeng/month/v1|${planId}|${agency}`), uscc, out);
  return 1 + mod64(out[0]!, out[1]!, 12);
}

/**
 * An inspector while staffing: a plain object of one shape (fast property access in the hot loop);
 * conflictSet is null for the many inspectors with no recorded conflict (no lookup needed).
 */
interface RosterEntry {
  readonly inspectorId: string;
  readonly certificateNo: string;
  /** Listed in every inspection this inspector staffs (shared, frozen: no copy per inspection). */
  readonly assigned: AssignedInspector;
  readonly conflictSet: Set<string> | null;
  load: number;
  pickedBy: number;
}

// pickedBy marks inspectors already chosen for this inspection (no array scans).
function eligible(p: RosterEntry, mark: number, loadCap: number, uscc: string): boolean {
  return p.pickedBy !== mark && p.load < loadCap && !(p.conflictSet !== null && p.conflictSet.has(uscc));
}

/**
 * Hashes `inspectionId + "|" + j` for successive j (the inspector draw's attempts) without
 * building each string: the id is encoded once per inspection, its whole 8-byte blocks are
 * absorbed once per agency key (sipRun), and each attempt hashes only the last block or two.
 */
class SuffixedMessage {
  private readonly bytes = Buffer.alloc(272);
  private readonly words = new Uint32Array(2 * 34);
  private readonly base = new Int32Array(8); // SipHash state after the prefix's whole blocks
  private prefixLength = -1; // -1: prefix too long for the buffer, hash the string instead
  private full = 0;
  private prefix = '';
  private key: SipKey = [0, 0, 0, 0];

  /** Starts messages `id + "|" + j`. */
  start(id: string): void {
    this.prefix = id;
    const b = this.bytes;
    let n = id.length;
    if (3 * n > 200) {
      this.prefixLength = -1;
      return;
    }
    // ASCII ids (the usual case) are copied code unit by code unit; others as UTF-8, as sipString hashes them.
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      if (c >= 128) {
        n = b.write(id, 0, 'utf8');
        break;
      }
      b[i] = c;
    }
    b[n++] = 0x7c; // '|'
    this.prefixLength = n;
    this.full = n >>> 3;
    packBlocks(b, this.words, 0, this.full);
  }

  /** Uses `key` for the following hashes (absorbs the prefix blocks under it). */
  keyed(key: SipKey): void {
    this.key = key;
    if (this.prefixLength < 0) return;
    sipInit(key, this.base);
    sipRun(this.base, this.words, 0, this.full, null);
  }

  hash(j: number, out: Uint32Array): void {
    if (this.prefixLength < 0 || j > 99999) {
      sipString(this.key, `${this.prefix}|${j}`, out);
      return;
    }
    const b = this.bytes;
    let len = this.prefixLength;
    const digits = j < 10 ? 1 : j < 100 ? 2 : j < 1000 ? 3 : j < 10000 ? 4 : 5;
    for (let d = digits - 1, x = j; d >= 0; d--, x = Math.floor(x / 10)) b[len + d] = 48 + (x % 10);
    len += digits;
    // Reference padding: zeros, then the length byte last in the final block.
    const n = (len >>> 3) + 1;
    b.fill(0, len, 8 * n);
    b[8 * n - 1] = len & 0xff;
    packBlocks(b, this.words, this.full, n);
    sipRun(this.base, this.words, 2 * this.full, n - this.full, out);
  }
}

/** Packs bytes of blocks [from, to) as (high, low) little-endian words (layout of sipHashBlocks). */
function packBlocks(b: Uint8Array, words: Uint32Array, from: number, to: number): void {
  for (let k = from; k < to; k++) {
    const p = 8 * k;
    words[2 * k + 1] = b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
    words[2 * k] = b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24);
  }
}

/** Planned months (see the module comment), hashing the USCC words the draw already packed when it can. */
function monthScheduler(seed: string, planId: string, compact: CompactDraw): { keyOf(agency: string): SipKey; monthOf(key: SipKey, id: number): number } {
  const out = new Uint32Array(2);
  const { words, usccs } = compact;
  return {
    keyOf: (agency) => deriveKey(seed, `xinfeng/month/v1|${planId}|${agency}`),
    monthOf(key, id) {
      if (words) sipHashBlocks(key, words, 6 * id, 3, out);
      else sipString(key, usccs[id]!, out);
      return 1 + mod64(out[0]!, out[1]!, 12);
    },
  };
}

/** A drawn item line as a plain object (built when an inspection's `items` is first read). */
function drawnLine(c: CompactStratum, j: number): PlanItemLine {
  const s = c.stratum;
  return { agency: s.agency, itemId: s.itemId, source: 'draw', stratum: s.key, rankHex: rankHexAt(c, j) };
}

// Planned inspections share these read-only arrays (300k inspections, no empty array each).
const NO_REASONS: readonly TriggerReason[] = Object.freeze([]);
const NO_INSPECTORS: readonly AssignedInspector[] = Object.freeze([]);

/** One agency's visits (on-site or off-site), one per enterprise, as parallel arrays. */
interface VisitGroup {
  readonly agency: string;
  readonly monthKey: SipKey;
  /** Visit index per enterprise id, −1 for none. */
  readonly slot: Int32Array;
  readonly ids: number[];
  readonly classId: string[];
  readonly month: number[];
  /** Lines per visit (pass 1), and lines written so far (pass 2). */
  readonly lineCount: number[];
  readonly filled: number[];
  /** First line of each visit in `lineStratum`/`lineJ` (pass 2). */
  lineStart: Int32Array;
  /** Each line as (index into the compact strata, position j in that stratum's draw). */
  lineStratum: Int32Array;
  lineJ: Int32Array;
}

function newVisitGroup(agency: string, idCount: number, monthKey: SipKey): VisitGroup {
  const none = new Int32Array(0);
  return { agency, monthKey, slot: new Int32Array(idCount).fill(-1), ids: [], classId: [], month: [], lineCount: [], filled: [], lineStart: none, lineStratum: none, lineJ: none };
}

function addVisit(g: VisitGroup, id: number, classId: string, month: number): number {
  g.ids.push(id);
  g.classId.push(classId);
  g.month.push(month);
  g.filled.push(0);
  return g.lineCount.push(0) - 1;
}

/** A visit: its group and index there. */
interface VisitRef {
  readonly g: VisitGroup;
  readonly v: number;
}

/** Appends the drawn lines of visit v of group g to `out` (materialised from the indices). */
function pushLines(out: PlanItemLine[], g: VisitGroup, v: number, strata: readonly CompactStratum[]): PlanItemLine[] {
  const a = g.lineStart[v]!;
  const b = a + g.lineCount[v]!;
  for (let r = a; r < b; r++) out.push(drawnLine(strata[g.lineStratum[r]!]!, g.lineJ[r]!));
  return out;
}

/**
 * A planned on-site inspection whose drawn lines stay as indices into the draw until `items` is
 * first read (then built once and cached): a Minhang plan has 1.4M drawn lines and most callers
 * read few of them. `items` is a prototype getter, so JSON (toJSON) and the CLI see a plain
 * inspection, while an object spread copies own fields only, without `items`.
 */
class PlannedRecord {
  declare readonly inspectionId: string;
  declare readonly kind: 'planned';
  declare readonly month: number;
  declare readonly uscc: string;
  declare readonly name?: string;
  declare readonly classId: string;
  declare readonly agencies: readonly string[];
  declare readonly leadAgency: string;
  declare readonly joint: boolean;
  declare readonly triggerReasons: readonly TriggerReason[];
  declare code: string;
  declare inspectors: readonly AssignedInspector[];
  // One visit (g, v), or several (refs) for a joint inspection.
  readonly #g: VisitGroup | null;
  readonly #v: number;
  readonly #refs: readonly VisitRef[] | null;
  readonly #strata: readonly CompactStratum[];
  #items: PlanItemLine[] | undefined;

  constructor(inspectionId: string, month: number, uscc: string, name: string | undefined, classId: string, lead: string, agencies: readonly string[], g: VisitGroup | null, v: number, refs: readonly VisitRef[] | null, strata: readonly CompactStratum[]) {
    this.inspectionId = inspectionId;
    this.kind = 'planned';
    this.month = month;
    this.uscc = uscc;
    if (name) this.name = name;
    this.classId = classId;
    this.agencies = agencies;
    this.leadAgency = lead;
    this.joint = agencies.length > 1;
    this.triggerReasons = NO_REASONS;
    this.code = '';
    this.inspectors = NO_INSPECTORS;
    this.#g = g;
    this.#v = v;
    this.#refs = refs;
    this.#strata = strata;
    this.#items = undefined;
  }

  get items(): readonly PlanItemLine[] {
    if (!this.#items) {
      const out: PlanItemLine[] = [];
      if (this.#g) pushLines(out, this.#g, this.#v, this.#strata);
      else for (const r of this.#refs!) pushLines(out, r.g, r.v, this.#strata);
      this.#items = out;
    }
    return this.#items;
  }

  /** The inspection before staffing (no code, no inspectors), keys in output order. */
  draft(): Omit<PlannedInspection, 'code' | 'inspectors'> {
    const { inspectionId, kind, month, uscc, name, classId, agencies, leadAgency, joint, items, triggerReasons } = this;
    return name !== undefined
      ? { inspectionId, kind, month, uscc, name, classId, agencies, leadAgency, joint, items, triggerReasons }
      : { inspectionId, kind, month, uscc, classId, agencies, leadAgency, joint, items, triggerReasons };
  }

  toJSON(): PlannedInspection {
    return { ...this.draft(), code: this.code, inspectors: this.inspectors };
  }
}

/** An off-site task whose drawn lines are built when `items` is first read (see {@link PlannedRecord}). */
class OffsiteRecord {
  declare readonly taskId: string;
  declare readonly agency: string;
  declare readonly uscc: string;
  declare readonly name?: string;
  declare readonly classId: string;
  declare readonly month: number;
  readonly #g: VisitGroup;
  readonly #v: number;
  readonly #strata: readonly CompactStratum[];
  #items: PlanItemLine[] | undefined;

  constructor(taskId: string, uscc: string, name: string | undefined, g: VisitGroup, v: number, strata: readonly CompactStratum[]) {
    this.taskId = taskId;
    this.agency = g.agency;
    this.uscc = uscc;
    if (name) this.name = name;
    this.classId = g.classId[v]!;
    this.month = g.month[v]!;
    this.#g = g;
    this.#v = v;
    this.#strata = strata;
    this.#items = undefined;
  }

  get items(): readonly PlanItemLine[] {
    return (this.#items ??= pushLines([], this.#g, this.#v, this.#strata));
  }

  toJSON(): OffsiteTask {
    const { taskId, agency, uscc, name, classId, month, items } = this;
    return name !== undefined ? { taskId, agency, uscc, name, classId, month, items } : { taskId, agency, uscc, classId, month, items };
  }
}

/** Visits per enterprise id, each enterprise's list in the order added. */
class VisitLists {
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly next: number[] = [];
  private readonly groups: VisitGroup[] = [];
  private readonly visits: number[] = [];

  constructor(idCount: number) {
    this.head = new Int32Array(idCount).fill(-1);
    this.tail = new Int32Array(idCount).fill(-1);
  }

  add(id: number, g: VisitGroup, v: number): void {
    const r = this.groups.push(g) - 1;
    this.visits.push(v);
    this.next.push(-1);
    if (this.head[id]! < 0) this.head[id] = r;
    else this.next[this.tail[id]!] = r;
    this.tail[id] = r;
  }

  has(id: number): boolean {
    return this.head[id]! >= 0;
  }

  /** The only visit of an enterprise (its index in groups/visits), or −1 when it has several. */
  only(id: number): number {
    const r = this.head[id]!;
    return this.next[r]! < 0 ? r : -1;
  }

  groupAt(r: number): VisitGroup {
    return this.groups[r]!;
  }

  visitAt(r: number): number {
    return this.visits[r]!;
  }

  of(id: number): VisitRef[] {
    const list: VisitRef[] = [];
    for (let r = this.head[id]!; r >= 0; r = this.next[r]!) list.push({ g: this.groups[r]!, v: this.visits[r]! });
    return list;
  }
}

/**
 * Ids as one flat string each: `a + b + …` makes a tree of cons strings (several heap objects per
 * id, flattened again when first hashed), and a Minhang plan keeps ~480k ids. Pieces are ASCII
 * here (planId, agency and USCC are validated); anything else falls back to concatenation.
 */
const ID_BUF = Buffer.alloc(256);
function flatId(planId: string, uscc: string, middle: string, agency: string): string {
  const b = ID_BUF;
  let p = 0;
  let high = 0;
  if (planId.length + uscc.length + middle.length + agency.length + 3 > b.length) return `${planId}:${uscc}:${middle}:${agency}`;
  for (let i = 0; i < planId.length; i++) high |= b[p++] = planId.charCodeAt(i);
  b[p++] = 0x3a;
  for (let i = 0; i < uscc.length; i++) high |= b[p++] = uscc.charCodeAt(i);
  b[p++] = 0x3a;
  for (let i = 0; i < middle.length; i++) high |= b[p++] = middle.charCodeAt(i);
  b[p++] = 0x3a;
  for (let i = 0; i < agency.length; i++) high |= b[p++] = agency.charCodeAt(i);
  // Buffer stores code units mod 256: a unit ≥ 128 would not survive latin1, so concatenate instead.
  if (high >= 128) return `${planId}:${uscc}:${middle}:${agency}`;
  return b.toString('latin1', 0, p);
}

const MONTH_TEXT = Array.from({ length: 13 }, (_, m) => (m < 10 ? `0${m}` : String(m)));

/** Class and name of the task enterprises only (the last population entry wins, as a Map would). */
function lookupOf(population: readonly GradedEnterprise[], tasks: readonly TriggeredTask[]): ReadonlyMap<string, GradedEnterprise> {
  const wanted = new Set(tasks.map((t) => t.uscc));
  const found = new Map<string, GradedEnterprise>();
  if (wanted.size === 0) return found;
  for (const e of population) if (wanted.has(e.uscc)) found.set(e.uscc, e);
  return found;
}

/**
 * Sorts inspections by (month, inspection id). Every id starts with planId + ":" + the 18-character
 * USCC, so when both drafts' USCC positions (`pos`, −1 = unknown) are known and differ they decide
 * as integers; otherwise the ids are compared as strings. Either way the order is that of the ids.
 * Drafts with a known position (the planned ones of a population draw) are radix-sorted on
 * month·2^32 + pos, the others sorted with the comparator, and the two lists merged.
 */
function sortDrafts<T extends { readonly month: number; readonly inspectionId: string }>(drafts: readonly T[], pos: readonly number[]): T[] {
  const before = (a: number, b: number): number => {
    const da = drafts[a]!;
    const db = drafts[b]!;
    if (da.month !== db.month) return da.month - db.month;
    const pa = pos[a]!;
    const pb = pos[b]!;
    if (pa >= 0 && pb >= 0 && pa !== pb) return pa - pb;
    return cmp(da.inspectionId, db.inspectionId);
  };
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < drafts.length; i++) (pos[i]! >= 0 ? known : unknown).push(i);
  const keys = new Float64Array(known.length);
  for (let k = 0; k < known.length; k++) keys[k] = drafts[known[k]!]!.month * 4294967296 + pos[known[k]!]!;
  const { k2: sortedKeys, ids } = radixSortPairs(new Float64Array(known.length), keys);
  const first = new Array<number>(known.length);
  for (let k = 0; k < known.length; k++) first[k] = known[ids[k]!]!;
  // Same month and USCC (several inspections of one enterprise in a month): order by id.
  for (let a = 0; a + 1 < first.length; a++) {
    if (sortedKeys[a] !== sortedKeys[a + 1]) continue;
    let b = a + 1;
    while (b + 1 < first.length && sortedKeys[b + 1] === sortedKeys[a]) b++;
    const run = first.slice(a, b + 1).sort(before);
    for (let r = 0; r < run.length; r++) first[a + r] = run[r]!;
    a = b;
  }
  unknown.sort(before);
  const out = new Array<T>(drafts.length);
  let i = 0;
  let j = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = drafts[j >= unknown.length || (i < first.length && before(first[i]!, unknown[j]!) < 0) ? first[i++]! : unknown[j++]!]!;
  }
  return out;
}

/**
 * Builds the plan from a finished draw (also the last step of a sharded draw).
 *
 * @example
 * ```ts
 * const draw = mergeDraws(shardDraws, table);
 * const plan = assemblePlan(draw, setup, { rosters, triggered, enterprises });
 * ```
 */
export function assemblePlan(draw: DrawResult, setup: DrawSetup, options: AssembleOptions): InspectionPlan {
  return assemble(draw, setup, options);
}

// `internal.population`: the array drawPopulation drew from (names by index instead of a USCC map).
function assemble(draw: DrawResult, setup: DrawSetup, options: AssembleOptions, internal?: { population: readonly GradedEnterprise[] }): InspectionPlan {
  const { rulebook, asOf, planId, seed, year } = setup.options;
  const reader = createRulebookReader(rulebook, asOf);
  const k = reader.get('inspection.inspectorsPerInspection');
  const loadCap = reader.get('inspection.inspectorLoadCap');
  const yearlyCap = reader.get('inspection.yearlyCap');
  const windowMonths = reader.get('inspection.jointWindowMonths');
  const allowedReasons = new Set<string>(reader.get('inspection.triggerReasons'));
  const issues: Issue[] = [...setup.warnings];
  const enterprises = options.enterprises ?? new Map();
  const itemById = new Map(setup.items.map((i) => [i.itemId, i]));

  // Rosters, by agency, sorted by inspector id.
  const rosterIssues: Issue[] = [];
  const roster = new Map<string, RosterEntry[]>();
  const seenInspectors = new Set<string>();
  options.rosters.forEach((raw, i) => {
    const r = inspectorSchema.safeParse(raw);
    if (!r.success) {
      for (const e of r.error.issues.slice(0, 3)) rosterIssues.push(makeIssue('INSPECTION_INVALID_INPUT', { input: 'rosters', path: [i, ...e.path.map(String)].join('.'), reason: e.message }, { severity: 'error' }));
      return;
    }
    if (seenInspectors.has(r.data.inspectorId)) rosterIssues.push(makeIssue('INSPECTION_ROSTER_DUPLICATE', { inspectorId: r.data.inspectorId }, { severity: 'error' }));
    seenInspectors.add(r.data.inspectorId);
    const list = roster.get(r.data.agency) ?? [];
    const assigned = Object.freeze({ inspectorId: r.data.inspectorId, agency: r.data.agency, certificateNo: r.data.certificateNo });
    list.push({ inspectorId: r.data.inspectorId, certificateNo: r.data.certificateNo, assigned, conflictSet: r.data.conflicts.length ? new Set(r.data.conflicts) : null, load: 0, pickedBy: -1 });
    roster.set(r.data.agency, list);
  });
  if (rosterIssues.length) throw new XinfengError(rosterIssues.slice(0, 50) as [Issue, ...Issue[]]);
  for (const list of roster.values()) list.sort((a, b) => cmp(a.inspectorId, b.inspectorId));

  // Triggered tasks.
  const tasks: TriggeredTask[] = [];
  const rejectedTasks: TriggeredTask[] = [];
  const taskIds = new Set<string>();
  (options.triggered ?? []).forEach((raw, i) => {
    const r = triggeredTaskSchema.safeParse(raw);
    if (!r.success) {
      const e = r.error.issues[0]!;
      throw new XinfengError(makeIssue('INSPECTION_INVALID_INPUT', { input: 'triggered', path: [i, ...e.path.map(String)].join('.'), reason: e.message }, { severity: 'error' }));
    }
    const t = r.data;
    if (taskIds.has(t.taskId)) fail('INSPECTION_TRIGGER_DUPLICATE', { taskId: t.taskId });
    taskIds.add(t.taskId);
    if (!allowedReasons.has(t.reason)) {
      issues.push(makeIssue('INSPECTION_TRIGGER_REASON_UNKNOWN', { taskId: t.taskId, reason: t.reason, allowed: [...allowedReasons].join(', ') }));
      rejectedTasks.push(t);
      return;
    }
    if (!t.date.startsWith(`${year}-`)) {
      issues.push(makeIssue('INSPECTION_TRIGGER_OUTSIDE_YEAR', { taskId: t.taskId, date: t.date, year }));
      rejectedTasks.push(t);
      return;
    }
    if (!itemById.has(t.itemId)) issues.push(makeIssue('INSPECTION_UNKNOWN_ITEM', { where: `triggered task ${t.taskId}`, itemId: t.itemId, agency: t.agency }));
    tasks.push(t);
  });
  tasks.sort((a, b) => cmp(a.date, b.date) || cmp(a.taskId, b.taskId));

  const compact = compactOf(draw);
  const { usccs } = compact;
  // Names (and triggered tasks' classes) come from `enterprises`, or straight from the population by id.
  const population = internal?.population && compact.population === internal.population ? internal.population : undefined;
  // Population names read once in id order (sequential), then looked up by id from a flat array.
  const names: (string | undefined)[] | null = population ? new Array<string | undefined>(population.length) : null;
  if (population && names) for (let id = 0; id < population.length; id++) names[id] = population[id]!.name;
  const nameOf = (id: number): string | undefined => (names ? names[id] : enterprises.get(usccs[id]!)?.name);
  const months = monthScheduler(seed, planId, compact);

  const beforeByMonth = new Array<number>(12).fill(0);
  let beforeMerging = 0;

  // Drawn lines → off-site tasks and per agency × enterprise on-site visits (合并: one agency, one visit).
  const onsiteBy = new Map<string, VisitGroup>();
  const offsiteBy = new Map<string, VisitGroup>();
  const groupOf = (s: Stratum): VisitGroup => {
    const byAgency = s.mode === 'offsite' ? offsiteBy : onsiteBy;
    let g = byAgency.get(s.agency);
    if (!g) byAgency.set(s.agency, (g = newVisitGroup(s.agency, usccs.length, months.keyOf(s.agency))));
    return g;
  };
  // Pass 1 creates the visits and counts their lines, so pass 2 fills exact-size item arrays.
  for (const c of compact.strata) {
    const g = groupOf(c.stratum);
    for (let j = 0; j < c.ids.length; j++) {
      const id = c.ids[j]!;
      let v = g.slot[id]!;
      if (v < 0) v = g.slot[id] = addVisit(g, id, c.stratum.classId, months.monthOf(g.monthKey, id));
      g.lineCount[v]!++;
    }
  }
  for (const g of [...onsiteBy.values(), ...offsiteBy.values()]) {
    const starts = new Int32Array(g.lineCount.length);
    let total = 0;
    for (let v = 0; v < starts.length; v++) {
      starts[v] = total;
      total += g.lineCount[v]!;
    }
    g.lineStart = starts;
    g.lineStratum = new Int32Array(total);
    g.lineJ = new Int32Array(total);
  }
  const strataList = compact.strata;
  for (let si = 0; si < strataList.length; si++) {
    const c = strataList[si]!;
    const s = c.stratum;
    const g = groupOf(s);
    const onsite = s.mode === 'onsite';
    const { slot, lineStart, lineStratum, lineJ, filled, month } = g;
    for (let j = 0; j < c.ids.length; j++) {
      const v = slot[c.ids[j]!]!;
      const r = lineStart[v]! + filled[v]!++;
      lineStratum[r] = si;
      lineJ[r] = j;
      if (onsite) {
        beforeMerging++;
        beforeByMonth[month[v]! - 1]!++;
      }
    }
  }
  // Agencies in id order; within one, insertion order is already canonical (strata order, then rank order).
  const visits = [...onsiteBy.keys()].sort(cmp).map((a) => onsiteBy.get(a)!);
  const offsite = [...offsiteBy.keys()].sort(cmp).map((a) => offsiteBy.get(a)!);

  // Triggered inspections: one agency's tasks at one enterprise in one month → one inspection.
  type Draft = Omit<PlannedInspection, 'code' | 'inspectors' | 'items' | 'triggerReasons' | 'agencies'> & {
    items: PlanItemLine[];
    triggerReasons: TriggerReason[];
    agencies: string[];
  };
  // Triggered drafts are plain objects (few); planned ones are PlannedRecords (lines as indices).
  type AnyDraft = Draft | PlannedRecord;
  const triggeredByAgencyUscc = new Map<string, Draft[]>();
  const triggeredUsccs = new Set<string>();
  const drafts: AnyDraft[] = [];
  const draftPos: number[] = []; // position of each draft's USCC in USCC order, −1 = unknown
  const taskEnterprises = options.enterprises ?? (internal?.population ? lookupOf(internal.population, tasks) : enterprises);
  for (const t of tasks) {
    const month = Number(t.date.slice(5, 7));
    beforeMerging++;
    beforeByMonth[month - 1]!++;
    triggeredUsccs.add(t.uscc);
    const list = triggeredByAgencyUscc.get(`${t.uscc}|${t.agency}`) ?? [];
    let d = list.find((x) => x.month === month);
    const line: PlanItemLine = { agency: t.agency, itemId: t.itemId, source: 'triggered', taskId: t.taskId, reason: t.reason };
    if (!d) {
      const e = taskEnterprises.get(t.uscc);
      d = {
        inspectionId: `${planId}:${t.uscc}:T:${t.agency}:${t.taskId}`,
        kind: 'triggered',
        month,
        date: t.date,
        uscc: t.uscc,
        ...(e?.name ? { name: e.name } : {}),
        ...(e ? { classId: e.supervisionClass } : {}),
        agencies: [t.agency],
        leadAgency: t.agency,
        joint: false,
        items: [],
        triggerReasons: [],
      };
      list.push(d);
      drafts.push(d);
      draftPos.push(-1);
      triggeredByAgencyUscc.set(`${t.uscc}|${t.agency}`, list);
    }
    d.items.push(line);
    if (!d.triggerReasons.includes(t.reason)) d.triggerReasons.push(t.reason);
  }

  // Merge planned items into a triggered inspection of the same agency; then the yearly cap.
  let mergedIntoTriggered = 0;
  const deferred: DeferredVisit[] = [];
  const capByClass = new Map<string, number>();
  const capOf = (classId: string | undefined): number => {
    const c = classId === undefined ? undefined : setup.classes.get(classId);
    return c ? Math.min(yearlyCap.perAgencyPerEnterprise, c.inspectionsPerYearMax) : yearlyCap.perAgencyPerEnterprise;
  };
  const countsTowardCap = (d: Draft): boolean =>
    yearlyCap.triggeredCounts && d.triggerReasons.some((r) => !yearlyCap.exemptReasons.includes(r));
  // Enterprise ids with a triggered task: a flag per id, not a string lookup per visit.
  const hasTriggered = new Uint8Array(usccs.length);
  if (triggeredUsccs.size) for (let id = 0; id < usccs.length; id++) if (triggeredUsccs.has(usccs[id]!)) hasTriggered[id] = 1;
  // Remaining visits per enterprise id, as linked lists in visit order (agency order).
  const remaining = new VisitLists(usccs.length);
  for (const g of visits) {
    for (let v = 0; v < g.ids.length; v++) {
      const id = g.ids[v]!;
      const uscc = usccs[id]!;
      const trig = hasTriggered[id] ? triggeredByAgencyUscc.get(`${uscc}|${g.agency}`) : undefined;
      if (trig && trig.length) {
        pushLines(trig[0]!.items, g, v, strataList);
        mergedIntoTriggered += g.lineCount[v]!;
        continue;
      }
      const classId = g.classId[v]!;
      let cap = capByClass.get(classId);
      if (cap === undefined) capByClass.set(classId, (cap = capOf(classId)));
      const counted = 0; // no triggered inspection by this agency (else merged above)
      if (counted + 1 > cap) {
        deferred.push({ agency: g.agency, uscc, classId, month: g.month[v]!, items: pushLines([], g, v, strataList), cap, counted });
        issues.push(makeIssue('INSPECTION_CAP_DEFERRED', { uscc, agency: g.agency, cap, counted }));
        continue;
      }
      remaining.add(id, g, v);
    }
  }
  for (const [vk, list] of [...triggeredByAgencyUscc.entries()].sort((a, b) => cmp(a[0], b[0]))) {
    const counted = list.filter(countsTowardCap).length;
    const cap = capOf(list[0]!.classId);
    if (counted > cap) issues.push(makeIssue('INSPECTION_CAP_EXCEEDED_BY_TRIGGERED', { uscc: vk.split('|')[0]!, agency: list[0]!.leadAgency, counted, cap }));
  }

  // Joint inspections: per enterprise, agencies' visits whose months lie within the window.
  let jointInspections = 0;
  const cluster: VisitRef[] = [];
  const solo = new Map<string, readonly string[]>();
  const soloOf = (agency: string): string[] => {
    let a = solo.get(agency);
    if (!a) solo.set(agency, (a = Object.freeze([agency])));
    return a as string[];
  };
  // Planned drafts are first described in parallel arrays, then built in (month, USCC position)
  // order, the order sortDrafts gives them and staffing reads them in: the records, ids and codes
  // then lie in memory in reading order. sortDrafts still decides the order (any input order gives
  // the same result), so this only changes where objects are allocated.
  const rankOf = compact.usccRank;
  let idAt: Int32Array | null = null;
  if (rankOf && rankOf.length === usccs.length) {
    // Ids in USCC order (rankOf is a permutation; anything else falls back to id order).
    const at = new Int32Array(usccs.length).fill(-1);
    for (let id = 0; id < usccs.length; id++) {
      const p = rankOf[id]!;
      if (p >= 0 && p < at.length) at[p] = id;
    }
    let whole = true;
    for (let p = 0; p < at.length && whole; p++) whole = at[p]! >= 0;
    if (whole) idAt = at;
  }
  const specId: number[] = [];
  const specMonth: number[] = [];
  const specClass: string[] = [];
  const specLead: string[] = [];
  const specAgencies: (readonly string[])[] = [];
  const specG: (VisitGroup | null)[] = [];
  const specV: number[] = [];
  const specRefs: (VisitRef[] | null)[] = [];
  for (let k = 0; k < usccs.length; k++) {
    const id = idAt ? idAt[k]! : k;
    if (!remaining.has(id)) continue;
    const r = remaining.only(id);
    if (r >= 0) {
      // Most enterprises: one agency's visit, no cluster to form.
      const g = remaining.groupAt(r);
      const v = remaining.visitAt(r);
      specId.push(id);
      specMonth.push(g.month[v]!);
      specClass.push(g.classId[v]!);
      specLead.push(g.agency);
      specAgencies.push(soloOf(g.agency));
      specG.push(g);
      specV.push(v);
      specRefs.push(null);
      continue;
    }
    const list = remaining.of(id);
    list.sort((a, b) => a.g.month[a.v]! - b.g.month[b.v]! || cmp(a.g.agency, b.g.agency));
    let i = 0;
    while (i < list.length) {
      const first = list[i]!;
      const month = first.g.month[first.v]!;
      cluster.length = 0;
      cluster.push(first);
      let j = i + 1;
      while (j < list.length && list[j]!.g.month[list[j]!.v]! - month <= windowMonths) cluster.push(list[j++]!);
      i = j;
      // Lead agency: most items, then agency id (deterministic).
      let lead = cluster[0]!;
      for (const c of cluster) {
        const dn = c.g.lineCount[c.v]! - lead.g.lineCount[lead.v]!;
        if (dn > 0 || (dn === 0 && cmp(c.g.agency, lead.g.agency) < 0)) lead = c;
      }
      const agencies = cluster.length === 1 ? soloOf(first.g.agency) : cluster.map((c) => c.g.agency).sort(cmp);
      if (agencies.length > 1) jointInspections++;
      const single = cluster.length === 1;
      specId.push(id);
      specMonth.push(month);
      specClass.push(first.g.classId[first.v]!);
      specLead.push(lead.g.agency);
      specAgencies.push(agencies);
      specG.push(single ? first.g : null);
      specV.push(single ? first.v : -1);
      specRefs.push(single ? null : cluster.slice());
    }
  }
  // Stable counting sort of the descriptions by month (1–12).
  const monthStart = new Int32Array(14);
  for (let q = 0; q < specMonth.length; q++) monthStart[specMonth[q]! + 1]!++;
  for (let m = 1; m < 14; m++) monthStart[m]! += monthStart[m - 1]!;
  const byMonth = new Int32Array(specMonth.length);
  for (let q = 0; q < specMonth.length; q++) byMonth[monthStart[specMonth[q]!]!++] = q;
  for (let o = 0; o < byMonth.length; o++) {
    const q = byMonth[o]!;
    const id = specId[q]!;
    const uscc = usccs[id]!;
    const month = specMonth[q]!;
    const lead = specLead[q]!;
    drafts.push(new PlannedRecord(flatId(planId, uscc, MONTH_TEXT[month]!, lead), month, uscc, nameOf(id), specClass[q]!, lead, specAgencies[q]!, specG[q]!, specV[q]!, specRefs[q]!, strataList));
    draftPos.push(rankOf ? rankOf[id]! : -1);
  }
  const sorted = sortDrafts(drafts, draftPos);

  // Inspectors (each agency draws its own, 联合抽查 practice), in (month, id) order.
  const inspKeys = new Map<string, SipKey>();
  const keyFor = (agency: string): SipKey => {
    let key = inspKeys.get(agency);
    if (!key) inspKeys.set(agency, (key = deriveKey(seed, `xinfeng/inspectors/v1|${planId}|${agency}`)));
    return key;
  };
  const out = new Uint32Array(2);
  const message = new SuffixedMessage();
  const inspections: PlannedInspection[] = [];
  const unstaffed: UnstaffedInspection[] = [];
  const shortBy = new Map<string, { agency: string; stratum: string; count: number; shortfall: number }>();
  const seq = new Map<string, number>();
  let draftNo = 0;
  const staged: RosterEntry[] = [];
  const picked: RosterEntry[] = [];
  const chosenScratch: AssignedInspector[] = [];
  for (const d of sorted) {
    const chosen = chosenScratch;
    chosen.length = 0;
    const mark = draftNo++;
    staged.length = 0;
    let failed: { agency: string; found: number } | undefined;
    let started = false; // the id is encoded once, for all agencies of a joint inspection
    const dAgencies = d.agencies;
    for (let ai = 0; ai < dAgencies.length; ai++) {
      const agency = dAgencies[ai]!;
      const list = roster.get(agency) ?? [];
      const key = keyFor(agency);
      picked.length = 0;
      const R = list.length;
      if (R > 0) {
        if (!started) message.start(d.inspectionId);
        started = true;
        message.keyed(key);
      }
      for (let j = 0; R > 0 && picked.length < k && j < 8 * R; j++) {
        message.hash(j, out);
        const p = list[mod64(out[0]!, out[1]!, R)]!;
        if (eligible(p, mark, loadCap, d.uscc)) {
          p.pickedBy = mark;
          picked.push(p);
        }
      }
      if (picked.length < k) {
        const scored = list.filter((p) => eligible(p, mark, loadCap, d.uscc)).map((p) => {
          sipString(key, `${d.inspectionId}|${p.inspectorId}`, out);
          return { p, h: out[0]! * 4294967296 + out[1]! };
        });
        scored.sort((a, b) => a.h - b.h || cmp(a.p.inspectorId, b.p.inspectorId));
        for (const s of scored) if (picked.length < k) {
          s.p.pickedBy = mark;
          picked.push(s.p);
        }
      }
      if (picked.length < k) {
        failed = { agency, found: picked.length };
        break;
      }
      for (const p of picked) {
        staged.push(p);
        chosen.push(p.assigned);
      }
    }
    if (failed) {
      const { agency, found } = failed;
      unstaffed.push({ inspection: { ...(d instanceof PlannedRecord ? d.draft() : d), code: '' }, agency, need: k, found });
      const strata = new Set(d.items.filter((l) => l.agency === agency).map((l) => l.stratum ?? `${agency}|triggered`));
      for (const st of strata) {
        const t = shortBy.get(st) ?? { agency, stratum: st, count: 0, shortfall: 0 };
        t.count++;
        t.shortfall += k - found;
        shortBy.set(st, t);
      }
      continue;
    }
    for (const p of staged) p.load++;
    const n = (seq.get(d.leadAgency) ?? 0) + 1;
    seq.set(d.leadAgency, n);
    // Drafts are private to this call: complete them in place rather than copying 300k objects.
    const done = d as (Draft | PlannedRecord) & { code: string; inspectors: AssignedInspector[] };
    done.code = formatInspectionCode(d.leadAgency, year, n);
    done.inspectors = chosen.slice(); // exact size: 300k arrays are kept
    inspections.push(done);
  }
  for (const t of [...shortBy.values()].sort((a, b) => cmp(a.stratum, b.stratum))) {
    issues.push(makeIssue('INSPECTION_UNSTAFFABLE', { agency: t.agency, stratum: t.stratum, count: t.count, shortfall: t.shortfall, need: k, roster: roster.get(t.agency)?.length ?? 0, loadCap }, { severity: 'error' }));
  }

  const afterByMonth = new Array<number>(12).fill(0);
  for (const d of drafts) afterByMonth[d.month - 1]!++;
  const offsiteTasks: OffsiteTask[] = [];
  for (const g of offsite) {
    for (let v = 0; v < g.ids.length; v++) {
      const uscc = usccs[g.ids[v]!]!;
      const name = nameOf(g.ids[v]!);
      offsiteTasks.push(new OffsiteRecord(flatId(planId, uscc, 'OFF', g.agency), uscc, name, g, v, strataList));
    }
  }
  issues.push(...reader.warnings.filter((w) => !issues.some((x) => x.code === w.code && x.params.path === w.params.path)));
  const visitsOut: VisitCounts = {
    beforeMerging,
    afterMerging: drafts.length,
    beforeByMonth,
    afterByMonth,
    jointInspections,
    mergedIntoTriggered,
    deferred: deferred.length,
  };
  return {
    manifest: buildManifest(setup, draw, visitsOut),
    draw,
    inspections,
    offsiteTasks,
    deferred,
    unstaffed,
    rejectedTasks,
    visits: visitsOut,
    issues,
  };
}

/**
 * The annual plan in one call: draw (双随机), off-site tasks, merging, caps, joint inspections,
 * triggered inspections, inspectors and codes, with the manifest (plan 三(二)1–5).
 *
 * @example
 * ```ts
 * const plan = planInspections({ rulebook, asOf: '2025-01-02', year: 2025, planId: 'MH-2025', seed,
 *   items, rosters, population, noDisturbanceEnterprises, noDisturbanceItems, triggered });
 * plan.inspections[0].code; plan.manifest.strata; plan.visits.afterMerging;
 * ```
 */
export function planInspections(options: PlanOptions & { readonly population: readonly GradedEnterprise[] }): InspectionPlan {
  if (!isCalendarDate(options.asOf)) fail('INVALID_CALENDAR_DATE', { value: String(options.asOf) });
  const setup = prepareDraw(options);
  const draw = drawPopulation(options.population, setup, options.drawWorker === undefined ? {} : { worker: options.drawWorker });
  // Without an `enterprises` lookup, names and classes come from the population itself.
  return assemble(draw, setup, options, { population: options.population });
}
