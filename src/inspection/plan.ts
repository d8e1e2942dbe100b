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
    for (let z = len; z < 8 * n; z++) b[z] = 0; // a few bytes: cheaper than Buffer.fill's checks
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

interface MonthScheduler {
  keyOf(agency: string): SipKey;
  monthOf(key: SipKey, id: number): number;
}

/** Planned months (see the module comment), hashing the USCC words the draw already packed when it can. */
function monthScheduler(seed: string, planId: string, compact: CompactDraw): MonthScheduler {
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

/**
 * One agency's visits (on-site or off-site), one per enterprise, as typed-array columns sized for
 * every enterprise (no growing arrays: pages never written cost nothing).
 */
interface VisitGroup {
  readonly agency: string;
  readonly monthKey: SipKey;
  /** Visit index per enterprise id, −1 for none. */
  readonly slot: Int32Array;
  /** Visits so far: entries [0, count) of the columns below (cut to that length after pass 1). */
  count: number;
  ids: Int32Array;
  /** Index of the visit's class in `classIds`. */
  classOf: Int32Array;
  readonly classIds: readonly string[];
  month: Int32Array;
  /** Lines per visit (pass 1), and lines written so far (pass 2). */
  lineCount: Int32Array;
  filled: Int32Array;
  /** First line of each visit in `lineStratum`/`lineJ` (pass 2). */
  lineStart: Int32Array;
  /** Each line as (index into the compact strata, position j in that stratum's draw). */
  lineStratum: Int32Array;
  lineJ: Int32Array;
}

function newVisitGroup(agency: string, idCount: number, monthKey: SipKey, classIds: readonly string[]): VisitGroup {
  const none = new Int32Array(0);
  return {
    agency,
    monthKey,
    slot: new Int32Array(idCount).fill(-1),
    count: 0,
    ids: new Int32Array(idCount),
    classOf: new Int32Array(idCount),
    classIds,
    month: new Int32Array(idCount),
    lineCount: new Int32Array(idCount),
    filled: new Int32Array(idCount),
    lineStart: none,
    lineStratum: none,
    lineJ: none,
  };
}

function addVisit(g: VisitGroup, id: number, classIndex: number, month: number): number {
  const v = g.count++;
  g.ids[v] = id;
  g.classOf[v] = classIndex;
  g.month[v] = month;
  return v;
}

/** The class id of visit v of group g. */
function visitClass(g: VisitGroup, v: number): string {
  return g.classIds[g.classOf[v]!]!;
}

/**
 * Pass 1 over one stratum: adds each drawn enterprise's visit to its agency group (month hashed
 * once per visit) and counts the visit's lines. Hot loops live in small functions of their own:
 * inside the long assemble() they only ran through on-stack replacement, compiled and discarded
 * again for every loop.
 */
function countVisits(c: CompactStratum, classIndex: number, g: VisitGroup, months: MonthScheduler): void {
  const { slot, lineCount, monthKey } = g;
  const { ids } = c;
  for (let j = 0; j < ids.length; j++) {
    const id = ids[j]!;
    let v = slot[id]!;
    if (v < 0) v = slot[id] = addVisit(g, id, classIndex, months.monthOf(monthKey, id));
    lineCount[v]!++;
  }
}

/** Pass 2 over stratum `si`: writes each drawn line into its visit; counts on-site lines by month. */
function fillLines(c: CompactStratum, si: number, g: VisitGroup, byMonth: number[] | null): void {
  const { slot, lineStart, lineStratum, lineJ, filled, month } = g;
  const { ids } = c;
  for (let j = 0; j < ids.length; j++) {
    const v = slot[ids[j]!]!;
    const r = lineStart[v]! + filled[v]!++;
    lineStratum[r] = si;
    lineJ[r] = j;
    if (byMonth) byMonth[month[v]! - 1]!++;
  }
}

/** What {@link mergeOrCap} reads and fills. */
interface CapContext {
  readonly usccs: readonly string[];
  readonly hasTriggered: Uint8Array;
  readonly triggeredByAgencyUscc: ReadonlyMap<string, readonly { readonly items: PlanItemLine[] }[]>;
  readonly strata: readonly CompactStratum[];
  readonly capOf: (classId: string) => number;
  readonly deferred: DeferredVisit[];
  readonly issues: Issue[];
  readonly remaining: VisitLists;
}

/**
 * One agency's visits: merged into that agency's triggered inspection of the enterprise, deferred
 * by the yearly cap, or kept in `remaining`. Returns the lines merged into triggered inspections.
 */
function mergeOrCap(g: VisitGroup, x: CapContext): number {
  let merged = 0;
  const gi = x.remaining.addGroup(g);
  for (let v = 0; v < g.count; v++) {
    const id = g.ids[v]!;
    const trig = x.hasTriggered[id] ? x.triggeredByAgencyUscc.get(`${x.usccs[id]!}|${g.agency}`) : undefined;
    if (trig && trig.length) {
      pushLines(trig[0]!.items, g, v, x.strata);
      merged += g.lineCount[v]!;
      continue;
    }
    const classId = visitClass(g, v);
    const cap = x.capOf(classId);
    const counted = 0; // no triggered inspection by this agency (else merged above)
    if (counted + 1 > cap) {
      const uscc = x.usccs[id]!;
      x.deferred.push({ agency: g.agency, uscc, classId, month: g.month[v]!, items: pushLines([], g, v, x.strata), cap, counted });
      x.issues.push(makeIssue('INSPECTION_CAP_DEFERRED', { uscc, agency: g.agency, cap, counted }));
      continue;
    }
    x.remaining.add(id, gi, v);
  }
  return merged;
}

/**
 * The planned inspections to build, as typed-array columns (one entry per inspection): most are
 * one visit (`visit[q]` = its entry in the VisitLists); the rest are clusters of an enterprise's
 * visits, described in the cluster arrays (`visit[q]` = −1 − cluster index).
 */
class InspectionSpecs {
  count = 0;
  readonly id: Int32Array;
  readonly month: Int32Array;
  readonly visit: Int32Array;
  readonly clusterClass: string[] = [];
  readonly clusterLead: string[] = [];
  readonly clusterAgencies: (readonly string[])[] = [];
  readonly clusterRefs: (readonly VisitRef[])[] = [];
  private readonly solo = new Map<string, readonly string[]>();

  /** `capacity`: the most inspections there can be (the number of visits). */
  constructor(capacity: number) {
    this.id = new Int32Array(capacity);
    this.month = new Int32Array(capacity);
    this.visit = new Int32Array(capacity);
  }

  /** The shared frozen `[agency]` of single-agency inspections (no array per inspection). */
  soloOf(agency: string): readonly string[] {
    let a = this.solo.get(agency);
    if (!a) this.solo.set(agency, (a = Object.freeze([agency])));
    return a;
  }

  addVisit(id: number, month: number, r: number): void {
    const q = this.count++;
    this.id[q] = id;
    this.month[q] = month;
    this.visit[q] = r;
  }

  addCluster(id: number, month: number, classId: string, lead: string, agencies: readonly string[], refs: readonly VisitRef[]): void {
    const q = this.count++;
    this.id[q] = id;
    this.month[q] = month;
    this.visit[q] = -1 - this.clusterRefs.length;
    this.clusterClass.push(classId);
    this.clusterLead.push(lead);
    this.clusterAgencies.push(agencies);
    this.clusterRefs.push(refs);
  }
}

/** Visit entries rs[0..n) by (month, agency): an insertion sort, stable as Array.sort (lists are short; no sort state allocated per enterprise). */
function sortVisits(rs: Int32Array, n: number, remaining: VisitLists): void {
  for (let a = 1; a < n; a++) {
    const x = rs[a]!;
    const mx = remaining.monthAt(x);
    const ax = remaining.groupAt(x).agency;
    let b = a - 1;
    for (; b >= 0; b--) {
      const y = rs[b]!;
      const d = remaining.monthAt(y) - mx;
      if (d < 0 || (d === 0 && cmp(remaining.groupAt(y).agency, ax) <= 0)) break;
      rs[b + 1] = y;
    }
    rs[b + 1] = x;
  }
}

/**
 * Describes the planned inspections, enterprises in USCC order (`idAt`, else id order): one per
 * single visit, and per enterprise with several visits one per cluster of months within the
 * window (联合检查 when several agencies). Returns the number of joint inspections.
 */
function describeInspections(remaining: VisitLists, idAt: Int32Array | null, idCount: number, windowMonths: number, specs: InspectionSpecs): number {
  let joint = 0;
  // An enterprise has at most one visit per group.
  const rs = new Int32Array(remaining.groupCount);
  for (let k = 0; k < idCount; k++) {
    const id = idAt ? idAt[k]! : k;
    const head = remaining.first(id);
    if (head < 0) continue;
    if (remaining.after(head) < 0) {
      // Most enterprises: one agency's visit, no cluster to form.
      specs.addVisit(id, remaining.monthAt(head), head);
      continue;
    }
    let n = 0;
    for (let r = head; r >= 0; r = remaining.after(r)) rs[n++] = r;
    sortVisits(rs, n, remaining);
    let i = 0;
    while (i < n) {
      const first = rs[i]!;
      const month = remaining.monthAt(first);
      let j = i + 1;
      while (j < n && remaining.monthAt(rs[j]!) - month <= windowMonths) j++;
      if (j - i === 1) {
        // A cluster of one visit is that visit's inspection.
        specs.addVisit(id, month, first);
        i = j;
        continue;
      }
      // Lead agency: most items, then agency id (deterministic).
      let lead = rs[i]!;
      for (let c = i; c < j; c++) {
        const r = rs[c]!;
        const gr = remaining.groupAt(r);
        const gl = remaining.groupAt(lead);
        const dn = gr.lineCount[remaining.visitAt(r)]! - gl.lineCount[remaining.visitAt(lead)]!;
        if (dn > 0 || (dn === 0 && cmp(gr.agency, gl.agency) < 0)) lead = r;
      }
      const refs = new Array<VisitRef>(j - i); // exact size: kept by the inspection
      for (let c = i; c < j; c++) refs[c - i] = remaining.ref(rs[c]!);
      joint++;
      const g0 = remaining.groupAt(first);
      specs.addCluster(id, month, visitClass(g0, remaining.visitAt(first)), remaining.groupAt(lead).agency, sortedAgencies(refs), refs);
      i = j;
    }
  }
  return joint;
}

/** The agencies of a cluster in id order (distinct: one visit per agency and enterprise), in an exact-size array. */
function sortedAgencies(cluster: readonly VisitRef[]): string[] {
  const out = cluster.map((c) => c.g.agency);
  for (let a = 1; a < out.length; a++) {
    const x = out[a]!;
    let b = a - 1;
    for (; b >= 0 && cmp(out[b]!, x) > 0; b--) out[b + 1] = out[b]!;
    out[b + 1] = x;
  }
  return out;
}

/** Builds the planned inspections' records in (month, description) order (a stable counting sort by month). */
function buildPlannedRecords(
  specs: InspectionSpecs,
  remaining: VisitLists,
  x: { readonly usccs: readonly string[]; readonly planId: string; readonly nameOf: (id: number) => string | undefined; readonly rankOf: Int32Array | undefined; readonly strata: readonly CompactStratum[] },
  drafts: { push(record: PlannedRecord): unknown },
  draftPos: number[],
): void {
  const { id: specId, month: specMonth, visit: specVisit, count } = specs;
  const monthStart = new Int32Array(14);
  for (let q = 0; q < count; q++) monthStart[specMonth[q]! + 1]!++;
  for (let m = 1; m < 14; m++) monthStart[m]! += monthStart[m - 1]!;
  const byMonth = new Int32Array(count);
  for (let q = 0; q < count; q++) byMonth[monthStart[specMonth[q]!]!++] = q;
  const { usccs, planId, nameOf, rankOf, strata } = x;
  for (let o = 0; o < count; o++) {
    const q = byMonth[o]!;
    const id = specId[q]!;
    const uscc = usccs[id]!;
    const month = specMonth[q]!;
    const r = specVisit[q]!;
    let record: PlannedRecord;
    if (r >= 0) {
      const g = remaining.groupAt(r);
      const v = remaining.visitAt(r);
      record = new PlannedRecord(flatId(planId, uscc, MONTH_TEXT[month]!, g.agency), month, uscc, nameOf(id), visitClass(g, v), g.agency, specs.soloOf(g.agency), g, v, null, strata);
    } else {
      const c = -1 - r;
      const lead = specs.clusterLead[c]!;
      record = new PlannedRecord(flatId(planId, uscc, MONTH_TEXT[month]!, lead), month, uscc, nameOf(id), specs.clusterClass[c]!, lead, specs.clusterAgencies[c]!, null, -1, specs.clusterRefs[c]!, strata);
    }
    drafts.push(record);
    draftPos.push(rankOf ? rankOf[id]! : -1);
  }
}

/** A triggered inspection before staffing (a plain object; few per plan). */
type TriggeredDraft = Omit<PlannedInspection, 'code' | 'inspectors' | 'items' | 'triggerReasons' | 'agencies'> & {
  items: PlanItemLine[];
  triggerReasons: TriggerReason[];
  agencies: string[];
};

/** What {@link staffInspections} reads. */
interface StaffContext {
  readonly roster: ReadonlyMap<string, RosterEntry[]>;
  readonly keyFor: (agency: string) => SipKey;
  /** Inspectors per agency and inspection. */
  readonly k: number;
  readonly loadCap: number;
  readonly year: number;
}

/**
 * Draws the inspectors of every inspection in (month, id) order (see the module comment) and
 * completes the staffed drafts in place with their code and inspectors.
 */
function staffInspections(
  sorted: readonly (TriggeredDraft | PlannedRecord)[],
  x: StaffContext,
): { inspections: PlannedInspection[]; unstaffed: UnstaffedInspection[]; shortBy: Map<string, { agency: string; stratum: string; count: number; shortfall: number }> } {
  const { roster, keyFor, k, loadCap, year } = x;
  const out = new Uint32Array(2);
  const message = new SuffixedMessage();
  const inspections: PlannedInspection[] = [];
  const unstaffed: UnstaffedInspection[] = [];
  const shortBy = new Map<string, { agency: string; stratum: string; count: number; shortfall: number }>();
  const seq = new Map<string, number>();
  let draftNo = 0;
  // Scratch arrays reused by count, never emptied with `length = 0` (that drops their storage, and
  // the next push allocates it again: three times per inspection).
  const staged: RosterEntry[] = [];
  const picked: RosterEntry[] = [];
  const chosen: AssignedInspector[] = [];
  for (let di = 0; di < sorted.length; di++) {
    const d = sorted[di]!;
    let nc = 0;
    const mark = draftNo++;
    let failed: { agency: string; found: number } | undefined;
    let started = false; // the id is encoded once, for all agencies of a joint inspection
    const dAgencies = d.agencies;
    for (let ai = 0; ai < dAgencies.length; ai++) {
      const agency = dAgencies[ai]!;
      const list = roster.get(agency) ?? [];
      const key = keyFor(agency);
      let np = 0;
      const R = list.length;
      if (R > 0) {
        if (!started) message.start(d.inspectionId);
        started = true;
        message.keyed(key);
      }
      for (let j = 0; R > 0 && np < k && j < 8 * R; j++) {
        message.hash(j, out);
        const p = list[mod64(out[0]!, out[1]!, R)]!;
        if (eligible(p, mark, loadCap, d.uscc)) {
          p.pickedBy = mark;
          picked[np++] = p;
        }
      }
      if (np < k) np = pickByScan(list, key, d, mark, x, picked, np, out);
      if (np < k) {
        failed = { agency, found: np };
        break;
      }
      for (let q = 0; q < np; q++) {
        staged[nc] = picked[q]!;
        chosen[nc++] = picked[q]!.assigned;
      }
    }
    if (failed) {
      recordUnstaffed(d, failed.agency, failed.found, k, unstaffed, shortBy);
      continue;
    }
    for (let q = 0; q < nc; q++) staged[q]!.load++;
    const n = (seq.get(d.leadAgency) ?? 0) + 1;
    seq.set(d.leadAgency, n);
    // Drafts are private to this call: complete them in place rather than copying 300k objects.
    const done = d as (TriggeredDraft | PlannedRecord) & { code: string; inspectors: AssignedInspector[] };
    done.code = formatInspectionCode(d.leadAgency, year, n);
    done.inspectors = chosen.slice(0, nc); // exact size: 300k arrays are kept
    inspections.push(done);
  }
  return { inspections, unstaffed, shortBy };
}

// The two rare paths of staffing live outside its loop: their closures would otherwise make V8
// allocate a context object for every inspection and agency the loop visits.

/** After 8·R attempts: the remaining eligible roster in SipHash(K_insp, id + "|" + inspectorId) order, appended to picked[np…); returns the new count. */
function pickByScan(list: readonly RosterEntry[], key: SipKey, d: { readonly inspectionId: string; readonly uscc: string }, mark: number, x: StaffContext, picked: RosterEntry[], np: number, out: Uint32Array): number {
  const scored = list.filter((p) => eligible(p, mark, x.loadCap, d.uscc)).map((p) => {
    sipString(key, `${d.inspectionId}|${p.inspectorId}`, out);
    return { p, h: out[0]! * 4294967296 + out[1]! };
  });
  scored.sort((a, b) => a.h - b.h || cmp(a.p.inspectorId, b.p.inspectorId));
  for (const s of scored) if (np < x.k) {
    s.p.pickedBy = mark;
    picked[np++] = s.p;
  }
  return np;
}

/** Records an inspection that could not be staffed, and its strata's shortfall. */
function recordUnstaffed(
  d: TriggeredDraft | PlannedRecord,
  agency: string,
  found: number,
  k: number,
  unstaffed: UnstaffedInspection[],
  shortBy: Map<string, { agency: string; stratum: string; count: number; shortfall: number }>,
): void {
  unstaffed.push({ inspection: { ...(d instanceof PlannedRecord ? d.draft() : d), code: '' }, agency, need: k, found });
  const strata = new Set(d.items.filter((l) => l.agency === agency).map((l) => l.stratum ?? `${agency}|triggered`));
  for (const st of strata) {
    const t = shortBy.get(st) ?? { agency, stratum: st, count: 0, shortfall: 0 };
    t.count++;
    t.shortfall += k - found;
    shortBy.set(st, t);
  }
}

/** Inspections per month (index 0 = January). */
function countByMonth(drafts: readonly { readonly month: number }[]): number[] {
  const byMonth = new Array<number>(12).fill(0);
  for (let i = 0; i < drafts.length; i++) byMonth[drafts[i]!.month - 1]!++;
  return byMonth;
}

/** The off-site tasks: one per agency × enterprise, agencies in id order. */
function offsiteTasksOf(
  offsite: readonly VisitGroup[],
  x: { readonly usccs: readonly string[]; readonly planId: string; readonly nameOf: (id: number) => string | undefined; readonly strata: readonly CompactStratum[] },
): OffsiteTask[] {
  const { usccs, planId, nameOf, strata } = x;
  const tasks: OffsiteTask[] = [];
  for (const g of offsite) {
    for (let v = 0; v < g.count; v++) {
      const id = g.ids[v]!;
      const uscc = usccs[id]!;
      tasks.push(new OffsiteRecord(flatId(planId, uscc, 'OFF', g.agency), uscc, nameOf(id), g, v, strata));
    }
  }
  return tasks;
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
    this.classId = visitClass(g, v);
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

/**
 * Visits per enterprise id, each enterprise's list in the order added, as typed-array columns
 * (an entry r is a visit: group gi[r], index visit[r] there; no object per visit).
 */
class VisitLists {
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly next: Int32Array;
  private readonly gi: Int32Array;
  private readonly visit: Int32Array;
  private readonly table: VisitGroup[] = [];
  private size = 0;

  /** `capacity`: the most visits that will be added. */
  constructor(idCount: number, capacity: number) {
    this.head = new Int32Array(idCount).fill(-1);
    this.tail = new Int32Array(idCount).fill(-1);
    this.next = new Int32Array(capacity);
    this.gi = new Int32Array(capacity);
    this.visit = new Int32Array(capacity);
  }

  /** Registers a group; its visits are added with the index returned. */
  addGroup(g: VisitGroup): number {
    return this.table.push(g) - 1;
  }

  get groupCount(): number {
    return this.table.length;
  }

  add(id: number, gi: number, v: number): void {
    const r = this.size++;
    this.gi[r] = gi;
    this.visit[r] = v;
    this.next[r] = -1;
    if (this.head[id]! < 0) this.head[id] = r;
    else this.next[this.tail[id]!] = r;
    this.tail[id] = r;
  }

  has(id: number): boolean {
    return this.head[id]! >= 0;
  }

  /** The first visit of an enterprise, −1 for none. */
  first(id: number): number {
    return this.head[id]!;
  }

  /** The visit after r in its enterprise's list, −1 at the end. */
  after(r: number): number {
    return this.next[r]!;
  }

  groupAt(r: number): VisitGroup {
    return this.table[this.gi[r]!]!;
  }

  visitAt(r: number): number {
    return this.visit[r]!;
  }

  monthAt(r: number): number {
    return this.table[this.gi[r]!]!.month[this.visit[r]!]!;
  }

  ref(r: number): VisitRef {
    return { g: this.table[this.gi[r]!]!, v: this.visit[r]! };
  }
}

/**
 * Ids as one flat string each: `a + b + …` makes a tree of cons strings (several heap objects per
 * id, flattened again when first hashed), and a Minhang plan keeps ~480k ids. Pieces are ASCII
 * here (planId, agency and USCC are validated); anything else falls back to concatenation.
 * (Concatenating and then reading a code unit to flatten is no better: the id stays a cons
 * string over the flat one, and every later charCodeAt goes through it slowly.)
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

// Loops over every enterprise live in small functions of their own (see countVisits).

/** Population names by id, read once in id order (sequential) into a flat array. */
function namesOf(population: readonly GradedEnterprise[]): (string | undefined)[] {
  const names = new Array<string | undefined>(population.length);
  for (let id = 0; id < population.length; id++) names[id] = population[id]!.name;
  return names;
}

/** 1 for the ids whose USCC is in `set` (a flag per id, not a string lookup per visit); `found` gets their ids. */
function flagsOf(usccs: readonly string[], set: ReadonlySet<string>, found: Map<string, number>): Uint8Array {
  const flags = new Uint8Array(usccs.length);
  if (set.size) {
    for (let id = 0; id < usccs.length; id++) {
      if (set.has(usccs[id]!)) {
        flags[id] = 1;
        found.set(usccs[id]!, id);
      }
    }
  }
  return flags;
}

/** Ids in USCC order from each id's position (null unless `rankOf` is a permutation: then id order is used). */
function idsInOrder(rankOf: Int32Array): Int32Array | null {
  const at = new Int32Array(rankOf.length).fill(-1);
  for (let id = 0; id < rankOf.length; id++) {
    const p = rankOf[id]!;
    if (p >= 0 && p < at.length) at[p] = id;
  }
  for (let p = 0; p < at.length; p++) if (at[p]! < 0) return null;
  return at;
}

/** Class and name of the task enterprises only (the last population entry wins, as a Map would). */
function lookupOf(population: readonly GradedEnterprise[], tasks: readonly TriggeredTask[]): ReadonlyMap<string, GradedEnterprise> {
  const wanted = new Set(tasks.map((t) => t.uscc));
  const found = new Map<string, GradedEnterprise>();
  if (wanted.size === 0) return found;
  for (let i = 0; i < population.length; i++) {
    const e = population[i]!;
    if (wanted.has(e.uscc)) found.set(e.uscc, e);
  }
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
  const names = population ? namesOf(population) : null;
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
    if (!g) byAgency.set(s.agency, (g = newVisitGroup(s.agency, usccs.length, months.keyOf(s.agency), classIds)));
    return g;
  };
  // Pass 1 creates the visits and counts their lines, so pass 2 fills exact-size item arrays.
  // Class ids as small integers in the visit columns.
  const classIds: string[] = [];
  const classIndex = new Map<string, number>();
  for (const c of compact.strata) {
    let ci = classIndex.get(c.stratum.classId);
    if (ci === undefined) classIndex.set(c.stratum.classId, (ci = classIds.push(c.stratum.classId) - 1));
    countVisits(c, ci, groupOf(c.stratum), months);
  }
  for (const g of [...onsiteBy.values(), ...offsiteBy.values()]) {
    // The plan keeps the groups: columns cut to their visits (sized for every enterprise until now).
    g.ids = g.ids.slice(0, g.count);
    g.classOf = g.classOf.slice(0, g.count);
    g.month = g.month.slice(0, g.count);
    g.lineCount = g.lineCount.slice(0, g.count);
    g.filled = g.filled.slice(0, g.count);
    const starts = new Int32Array(g.count);
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
    const onsite = c.stratum.mode === 'onsite';
    fillLines(c, si, groupOf(c.stratum), onsite ? beforeByMonth : null);
    if (onsite) beforeMerging += c.ids.length;
  }
  // Agencies in id order; within one, insertion order is already canonical (strata order, then rank order).
  const visits = [...onsiteBy.keys()].sort(cmp).map((a) => onsiteBy.get(a)!);
  const offsite = [...offsiteBy.keys()].sort(cmp).map((a) => offsiteBy.get(a)!);

  // Triggered inspections: one agency's tasks at one enterprise in one month → one inspection.
  type Draft = TriggeredDraft;
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
  const deferred: DeferredVisit[] = [];
  const capByClass = new Map<string, number>();
  const capOf = (classId: string | undefined): number => {
    const c = classId === undefined ? undefined : setup.classes.get(classId);
    return c ? Math.min(yearlyCap.perAgencyPerEnterprise, c.inspectionsPerYearMax) : yearlyCap.perAgencyPerEnterprise;
  };
  const countsTowardCap = (d: Draft): boolean =>
    yearlyCap.triggeredCounts && d.triggerReasons.some((r) => !yearlyCap.exemptReasons.includes(r));
  // Enterprise ids with a triggered task: a flag per id, not a string lookup per visit.
  const triggeredIds = new Map<string, number>();
  const hasTriggered = flagsOf(usccs, triggeredUsccs, triggeredIds);
  // Triggered drafts (all drafts so far) of population enterprises get their USCC position too, so
  // sortDrafts orders them with the planned ones as integers instead of comparing ids as strings.
  if (compact.usccRank && compact.usccRank.length === usccs.length) {
    for (let i = 0; i < drafts.length; i++) {
      const id = triggeredIds.get(drafts[i]!.uscc);
      if (id !== undefined) draftPos[i] = compact.usccRank[id]!;
    }
  }
  // Remaining visits per enterprise id, as linked lists in visit order (agency order).
  let visitCount = 0;
  for (const g of visits) visitCount += g.count;
  const remaining = new VisitLists(usccs.length, visitCount);
  const capContext: CapContext = {
    usccs,
    hasTriggered,
    triggeredByAgencyUscc,
    strata: strataList,
    capOf: (classId) => {
      let cap = capByClass.get(classId);
      if (cap === undefined) capByClass.set(classId, (cap = capOf(classId)));
      return cap;
    },
    deferred,
    issues,
    remaining,
  };
  let mergedIntoTriggered = 0;
  for (const g of visits) mergedIntoTriggered += mergeOrCap(g, capContext);
  for (const [vk, list] of [...triggeredByAgencyUscc.entries()].sort((a, b) => cmp(a[0], b[0]))) {
    const counted = list.filter(countsTowardCap).length;
    const cap = capOf(list[0]!.classId);
    if (counted > cap) issues.push(makeIssue('INSPECTION_CAP_EXCEEDED_BY_TRIGGERED', { uscc: vk.split('|')[0]!, agency: list[0]!.leadAgency, counted, cap }));
  }

  // Joint inspections: per enterprise, agencies' visits whose months lie within the window.
  // Planned drafts are first described in parallel arrays, then built in (month, USCC position)
  // order, the order sortDrafts gives them and staffing reads them in: the records, ids and codes
  // then lie in memory in reading order. sortDrafts still decides the order (any input order gives
  // the same result), so this only changes where objects are allocated.
  const rankOf = compact.usccRank;
  const idAt = rankOf && rankOf.length === usccs.length ? idsInOrder(rankOf) : null;
  const specs = new InspectionSpecs(visitCount);
  const jointInspections = describeInspections(remaining, idAt, usccs.length, windowMonths, specs);
  buildPlannedRecords(specs, remaining, { usccs, planId, nameOf, rankOf, strata: strataList }, drafts, draftPos);
  const sorted = sortDrafts(drafts, draftPos);

  // Inspectors (each agency draws its own, 联合抽查 practice), in (month, id) order.
  const inspKeys = new Map<string, SipKey>();
  const keyFor = (agency: string): SipKey => {
    let key = inspKeys.get(agency);
    if (!key) inspKeys.set(agency, (key = deriveKey(seed, `xinfeng/inspectors/v1|${planId}|${agency}`)));
    return key;
  };
  const { inspections, unstaffed, shortBy } = staffInspections(sorted, { roster, keyFor, k, loadCap, year });
  for (const t of [...shortBy.values()].sort((a, b) => cmp(a.stratum, b.stratum))) {
    issues.push(makeIssue('INSPECTION_UNSTAFFABLE', { agency: t.agency, stratum: t.stratum, count: t.count, shortfall: t.shortfall, need: k, roster: roster.get(t.agency)?.length ?? 0, loadCap }, { severity: 'error' }));
  }

  const afterByMonth = countByMonth(drafts);
  const offsiteTasks = offsiteTasksOf(offsite, { usccs, planId, nameOf, strata: strataList });
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
