/**
 * The grading kernel (评分内核): one enterprise's records → score in hundredths, grade, risk level and
 * supervision class, using only the integer tables of a {@link CompiledGrading}. Allocation-free on
 * the common path; explanations are collected only when a {@link Detail} collector is passed.
 */
import { canonicalJson } from '../_lib/hash.js';
import { addPeriod, fromDayNumber, toDayNumber } from '../calendar/index.js';
import { fail, makeIssue, type Issue, type IssueCode, type IssueParam } from '../_lib/issues/index.js';
import type { CountingFacts, PublicityInput, PublicityWindow } from '../repair/publicity.js';
import { TRIGGER_INDEX, publicityCountingOf, roundHundredths, type CompiledGrading, type DeductionSlot } from './compile.js';
import { checkCreditEvent, checkEnterprise } from './schema.js';

// Event type codes (index into CREDIT_EVENT_TYPES order).
const T_PENALTY = 0;
const T_ABN_LIST = 1;
const T_ABN_REMOVE = 2;
const T_SER_LIST = 3;
const T_SER_REMOVE = 4;
const T_DISHONEST = 5;
const T_INSPECTION = 6;
const T_COMPLAINT = 7;
const T_TAX = 8;
const T_LATE = 9;
const T_MISSING = 10;
const T_REPAIR = 11;
const T_COMMEND = 12;
const SKIP = -1;
/** Counted in pass 1 (see `early` in the kernel). */
const DONE = -2;

/**
 * The type code of a record's `type`, or undefined for an unknown type. A switch rather than a
 * Map: most types are decided by one or two string comparisons (the most frequent types first),
 * cheaper than hashing for every record. Cases are the closed union of `CREDIT_EVENT_TYPES`.
 */
function typeCode(type: unknown): number | undefined {
  switch (type) {
    case 'inspectionResult':
      return T_INSPECTION;
    case 'complaint':
      return T_COMPLAINT;
    case 'taxCreditLevel':
      return T_TAX;
    case 'administrativePenalty':
      return T_PENALTY;
    case 'abnormalOperationListing':
      return T_ABN_LIST;
    case 'commendation':
      return T_COMMEND;
    case 'annualReportLate':
      return T_LATE;
    case 'annualReportMissing':
      return T_MISSING;
    case 'creditRepair':
      return T_REPAIR;
    case 'abnormalOperationRemoval':
      return T_ABN_REMOVE;
    case 'seriousIllegalListing':
      return T_SER_LIST;
    case 'dishonestJudgmentDebtor':
      return T_DISHONEST;
    case 'seriousIllegalRemoval':
      return T_SER_REMOVE;
    default:
      return undefined;
  }
}

const TAX_RANK: Readonly<Record<string, number>> = { A: 0, B: 1, M: 2, C: 3, D: 4 };
/** Rank of a tax credit level (A best … D worst): the table's value, found without a keyed lookup for the five levels. */
function taxLevelRank(level: unknown): number {
  switch (level) {
    case 'A':
      return 0;
    case 'B':
      return 1;
    case 'M':
      return 2;
    case 'C':
      return 3;
    case 'D':
      return 4;
    default:
      return TAX_RANK[level as string]!; // anything else: exactly what the table lookup gives
  }
}

/** A counted record in an explanation. */
export interface DetailRecord {
  readonly kind: 'deduction' | 'positive';
  readonly slot?: DeductionSlot;
  /** For positives: `commendation.<level>` or `inspectionNoProblems`. */
  readonly positiveCode?: string;
  readonly event: Readonly<Record<string, unknown>>;
  readonly pointsH: number;
  readonly publicity?: PublicityWindow;
  /** Day the record stops counting (YYYY-MM-DD), if it ever does. */
  readonly stopsCountingOn?: string;
}

/** Collector of per-record facts, passed only when an explanation is wanted. */
export interface Detail {
  readonly records: DetailRecord[];
  /** Record ids behind each triggered exception, by trigger index. */
  readonly triggerRecords: string[][];
  /** Penalties that could be repaired: id, earliest repair date, points. */
  readonly repairable: { id: string; earliestRepairDate: string; pointsH: number }[];
  /** Dates (> asOf) on which a counted record stops counting. */
  readonly stopDates: string[];
  /** Groups whose deductions hit the cap: group index → uncapped sum. */
  readonly groupSums: number[];
  positiveRawH: number;
}

/** Creates an empty {@link Detail}. */
export function newDetail(groupCount: number): Detail {
  return { records: [], triggerRecords: [[], [], [], [], [], [], []], repairable: [], stopDates: [], groupSums: new Array<number>(groupCount).fill(0), positiveRawH: 0 };
}

/** Scratch state of one kernel run (reused; the kernel is not re-entrant per grader). */
export interface KernelState {
  scoreH: number;
  rawH: number;
  scoreGrade: number;
  grade: number;
  risk: number;
  classIdx: number;
  slotMask: number;
  capMask: number;
  /** Applied exceptions (bit = trigger index) that lowered the grade. */
  excMask: number;
  /** Triggered exceptions (bit = trigger index). */
  trigMask: number;
  positive: boolean;
  issues: Issue[] | null;
  /** How the risk level was reached (set always; cheap). */
  riskIndustry: number;
  riskIndustryPrefix: string | undefined;
  riskLicence: string | undefined;
  riskScale: boolean;
}

/** Options of one kernel run. */
export interface KernelOptions {
  readonly validate: boolean;
  readonly detail: Detail | null;
  /** What-if repairs (record id → repair date) used by the path-to-better-grade search. */
  readonly extraRepairs?: ReadonlyMap<string, string>;
  /** Ignore events dated after this date silently (path search re-grades the same history later). */
  readonly historyUntil?: string;
}

/** Per-grader caches and scratch buffers. */
export interface KernelScratch {
  kinds: Int8Array;
  /**
   * Record ids by index, read in pass 1 (one load site that sees every record shape early, instead
   * of a rarely run loop meeting a new shape after optimisation and deoptimising the kernel).
   */
  ids: unknown[];
  /** Removal pairing ({@link pairRemovals}): closed flags and removal dates by record index, index lists. */
  closed: Uint8Array;
  closedOn: (string | undefined)[];
  readonly listings: number[];
  readonly removals: number[];
  groupSum: number[];
  /** Running totals of one kernel run (reset by every run; see {@link countSimple}, {@link countSlot}). */
  slotMask: number;
  trig: number;
  positiveH: number;
  /** Index of the worst tax level still in its window, and its rank (-1 = none). */
  taxIdx: number;
  taxRank: number;
  readonly industryCache: Map<string, { level: number; prefix: string | undefined }>;
  /** The publicity calculator's counting facts reader (see {@link countingFactsOf}). */
  readonly counting: (input: PublicityInput, repairedOn: string | null) => CountingFacts;
  readonly state: KernelState;
}

/** Creates the scratch space for a compiled grading. */
export function newScratch(c: CompiledGrading): KernelScratch {
  return {
    kinds: new Int8Array(64),
    ids: [],
    closed: new Uint8Array(64),
    closedOn: new Array<string | undefined>(64).fill(undefined),
    listings: [],
    removals: [],
    groupSum: new Array<number>(c.groupIds.length).fill(0),
    slotMask: 0,
    trig: 0,
    positiveH: 0,
    taxIdx: -1,
    taxRank: -1,
    industryCache: new Map(),
    counting: publicityCountingOf(c),
    state: {
      scoreH: 0, rawH: 0, scoreGrade: 0, grade: 0, risk: 0, classIdx: 0, slotMask: 0, capMask: 0, excMask: 0, trigMask: 0,
      positive: false, issues: null, riskIndustry: 0, riskIndustryPrefix: undefined, riskLicence: undefined, riskScale: false,
    },
  };
}

function recordName(ev: unknown, i: number): string {
  const id = typeof ev === 'object' && ev !== null ? (ev as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 ? id : `#${i}`;
}

function pushIssue(st: KernelState, code: IssueCode, params: Record<string, IssueParam>, record: string): void {
  addIssue(st, makeIssue(code, params, { location: { record } }));
}

/** Appends an issue; the first one starts an array of exactly one (most enterprises have at most one). */
function addIssue(st: KernelState, issue: Issue): void {
  if (st.issues === null) st.issues = [issue];
  else st.issues.push(issue);
}

function publicityInput(ev: Record<string, unknown>, repairedOn: string | undefined): PublicityInput {
  const input: Record<string, unknown> = {
    decisionDate: ev['decisionDate'],
    penaltyKinds: ev['penaltyKinds'],
    procedure: ev['procedure'],
  };
  for (const k of ['publicationDate', 'fineAmountFen', 'sector', 'tier', 'seriousList', 'partyType', 'marketRegulation'] as const) {
    if (ev[k] !== undefined) input[k] = ev[k];
  }
  if (repairedOn !== undefined) input['repairedOn'] = repairedOn;
  return input as unknown as PublicityInput;
}

/**
 * The counting facts of a penalty, or why computing them failed. Computed on every call, not cached
 * per record: a real run grades each enterprise once, so a cache would only cost memory and GC work.
 * The event itself is the calculator's input (a penalty record has the same field names);
 * `repairedOn` is passed apart (`null` = not repaired), so nothing is copied. The facts are the
 * calculator's scratch, read in place (no window allocated per penalty): valid until its next call.
 */
function countingFactsOf(sc: KernelScratch, ev: Record<string, unknown>, repairedOn: string | undefined): CountingFacts | string {
  try {
    return sc.counting(ev as unknown as PublicityInput, repairedOn ?? null);
  } catch (e) {
    // The reason reported when the period cannot be computed: the error code, else its message.
    return (e as { code?: string }).code ?? (e instanceof Error ? e.message : String(e));
  }
}

/** Re-issues a window's warnings (the first `count` of `warnings`: frozen, shared) located at the record. */
function pushWindowIssues(st: KernelState, warnings: readonly Issue[], count: number, id: string): void {
  for (let j = 0; j < count; j++) {
    const wi = warnings[j]!;
    // The calculator's warnings carry neither path nor location: built field by field in the key
    // order the spread below gives (cheaper than cloning); anything else is spread as it comes.
    if (wi.path === undefined && wi.location === undefined)
      addIssue(st, Object.freeze({ code: wi.code, severity: 'warning' as const, message: wi.message, messageZh: wi.messageZh, params: wi.params, location: Object.freeze({ record: id }) }));
    else addIssue(st, Object.freeze({ ...wi, severity: 'warning' as const, location: Object.freeze({ ...wi.location, record: id }) }));
  }
}

/** The records being sorted by {@link byDateId} (set just before each sort). */
let sortEvents: readonly unknown[] = [];
const NO_EVENTS: readonly unknown[] = Object.freeze([]);
/** Orders record indices by (date, id) of `sortEvents`. */
function byDateId(a: number, b: number): number {
  const x = sortEvents[a] as Record<string, string>;
  const y = sortEvents[b] as Record<string, string>;
  return x['date']! < y['date']! ? -1 : x['date']! > y['date']! ? 1 : x['id']! < y['id']! ? -1 : x['id']! > y['id']! ? 1 : 0;
}

/**
 * Sorts the first `count` record indices of `idx` by {@link byDateId}. When every date and id is a
 * string the order is total, so a stable insertion sort (no allocation; a few records) gives exactly
 * what `Array#sort` gives; anything else is left to `Array#sort` on a copy.
 */
function sortByDateId(idx: number[], count: number, events: readonly unknown[]): void {
  let plain = true;
  for (let a = 0; plain && a < count; a++) {
    const e = events[idx[a]!] as Record<string, unknown>;
    plain = typeof e['date'] === 'string' && typeof e['id'] === 'string';
  }
  if (!plain) {
    sortEvents = events;
    const sorted = idx.slice(0, count).sort(byDateId);
    sortEvents = NO_EVENTS;
    for (let a = 0; a < count; a++) idx[a] = sorted[a]!;
    return;
  }
  for (let a = 1; a < count; a++) {
    const v = idx[a]!;
    const e = events[v] as Record<string, string>;
    const d = e['date']!;
    const id = e['id']!;
    let b = a - 1;
    while (b >= 0) {
      const u = events[idx[b]!] as Record<string, string>;
      const ud = u['date']!;
      if (ud < d || (ud === d && u['id']! <= id)) break;
      idx[b + 1] = idx[b]!;
      b--;
    }
    idx[b + 1] = v;
  }
}

/**
 * Pairs removals with listings, order-independently: explicit `ofRecord` first, then each removal
 * closes the latest open listing dated on or before it. A closed listing `l` gets
 * `sc.closed[l] = 1` and `sc.closedOn[l]` = the removal's date (both reset here for every listing
 * of `listType`); the scratch index lists are reused, so nothing is allocated per call.
 */
function pairRemovals(sc: KernelScratch, events: readonly unknown[], n: number, listType: number, removeType: number, st: KernelState, uscc: string): void {
  const kinds = sc.kinds;
  if (sc.closed.length < n) {
    sc.closed = new Uint8Array(Math.max(n, sc.closed.length * 2));
    sc.closedOn = new Array<string | undefined>(sc.closed.length).fill(undefined);
  }
  const closed = sc.closed;
  const closedOn = sc.closedOn;
  const listings = sc.listings;
  const removals = sc.removals;
  let nl = 0;
  let nr = 0;
  for (let i = 0; i < n; i++) {
    if (kinds[i] === listType) {
      listings[nl++] = i;
      closed[i] = 0;
      closedOn[i] = undefined;
    } else if (kinds[i] === removeType) removals[nr++] = i;
  }
  sortByDateId(listings, nl, events);
  sortByDateId(removals, nr, events);
  // Removals without `ofRecord`, in order: moved to the front of `removals` as they are met.
  let pending = 0;
  for (let r = 0; r < nr; r++) {
    const re = events[removals[r]!] as Record<string, string>;
    const of = re['ofRecord'];
    if (of === undefined) {
      removals[pending++] = removals[r]!;
      continue;
    }
    let l = -1;
    for (let j = 0; j < nl; j++) {
      if ((events[listings[j]!] as Record<string, string>)['id'] === of) {
        l = listings[j]!;
        break;
      }
    }
    if (l < 0 || closed[l] === 1) pushIssue(st, 'GRADING_REMOVAL_WITHOUT_LISTING', { record: re['id']!, uscc }, re['id']!);
    else {
      closed[l] = 1;
      closedOn[l] = re['date']!;
    }
  }
  for (let r = 0; r < pending; r++) {
    const re = events[removals[r]!] as Record<string, string>;
    const d = re['date']!;
    let best = -1;
    for (let j = 0; j < nl; j++) {
      const l = listings[j]!;
      if (closed[l] === 0 && (events[l] as Record<string, string>)['date']! <= d) best = l;
    }
    if (best < 0) pushIssue(st, 'GRADING_REMOVAL_WITHOUT_LISTING', { record: re['id']!, uscc }, re['id']!);
    else {
      closed[best] = 1;
      closedOn[best] = d;
    }
  }
}

/**
 * The repair date of record `id`: the what-if repair, then each matched repair of it in record
 * order, the earliest kept (the same fold as a map filled in that order).
 */
function repairDateOf(events: readonly unknown[], kinds: Int8Array, n: number, hasRepairs: boolean, extra: ReadonlyMap<string, string> | undefined, id: string): string | undefined {
  let d = extra?.get(id);
  if (hasRepairs) {
    for (let j = 0; j < n; j++) {
      if (kinds[j] !== T_REPAIR) continue;
      const r = events[j] as Record<string, string>;
      if (r['ofRecord'] === id) d = minDate(d, r['repairedOn']);
    }
  }
  return d;
}

function minDate(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

/**
 * Grades one enterprise into `sc.state`. Returns the state (owned by the scratch; copy what you keep).
 * Throws `GRADING_INVALID_ENTERPRISE` for a malformed enterprise when validating.
 */
export function gradeKernel(
  c: CompiledGrading,
  sc: KernelScratch,
  enterprise: Readonly<Record<string, unknown>>,
  events: readonly unknown[],
  o: KernelOptions,
): KernelState {
  const st = sc.state;
  st.issues = null as Issue[] | null; // (filled by helpers: keep TypeScript from narrowing it to null)
  st.slotMask = 0;
  st.capMask = 0;
  st.excMask = 0;
  st.trigMask = 0;
  st.positive = false;
  const detail = o.detail;
  if (o.validate) {
    const bad = checkEnterprise(enterprise);
    if (bad) fail('GRADING_INVALID_ENTERPRISE', { record: String(enterprise?.['uscc'] ?? '?'), field: bad.path.join('.') || '(enterprise)', reason: bad.reason });
  }
  const uscc = enterprise['uscc'] as string;
  const asOf = c.asOf;
  const n = events.length;
  if (sc.kinds.length < n) sc.kinds = new Int8Array(Math.max(n, sc.kinds.length * 2));
  const kinds = sc.kinds;
  const ids = sc.ids;
  const groupSum = sc.groupSum;
  for (let g = 0; g < groupSum.length; g++) groupSum[g] = 0;
  sc.slotMask = 0;
  sc.trig = 0;
  sc.positiveH = 0;
  sc.taxIdx = -1;
  sc.taxRank = -1;
  // Trusted input (ids made unique at ingest, so no record is dropped as a duplicate after this
  // pass): records that depend on no other record are counted as they are classified, while the
  // record is at hand, instead of being read again in pass 2.
  const early = !o.validate;
  let hasRepairs = false;
  let hasAbnRemoval = false;
  let hasSerRemoval = false;
  let duplicateCheck = false;

  // Pass 1: classify; report what will not be counted.
  for (let i = 0; i < n; i++) {
    const ev = events[i] as Record<string, unknown>;
    let k: number;
    if (o.validate) {
      const bad = checkCreditEvent(ev);
      if (bad) {
        const name = recordName(ev, i);
        if (bad.path[0] === 'type' && bad.path.length === 1) pushIssue(st, 'GRADING_UNKNOWN_EVENT_TYPE', { record: name, type: String((ev as { type?: unknown } | null)?.type) }, name);
        else pushIssue(st, 'GRADING_INVALID_EVENT', { record: name, field: bad.path.join('.') || '(record)', reason: bad.reason }, name);
        kinds[i] = SKIP;
        continue;
      }
      k = typeCode(ev['type'])!;
    } else {
      const t = typeof ev === 'object' && ev !== null ? typeCode(ev['type']) : undefined;
      if (t === undefined) {
        const name = recordName(ev, i);
        pushIssue(st, 'GRADING_UNKNOWN_EVENT_TYPE', { record: name, type: String((ev as { type?: unknown } | null)?.type) }, name);
        kinds[i] = SKIP;
        continue;
      }
      k = t;
    }
    ids[i] = ev['id'];
    if (ev['uscc'] !== uscc) {
      pushIssue(st, 'GRADING_EVENT_OTHER_ENTERPRISE', { record: ev['id'] as string, eventUscc: String(ev['uscc']), uscc }, ev['id'] as string);
      kinds[i] = SKIP;
      continue;
    }
    const date = ev['date'] as string;
    if (date > asOf) {
      if (o.historyUntil === undefined || date <= o.historyUntil)
        pushIssue(st, 'GRADING_EVENT_AFTER_ASOF', { record: ev['id'] as string, date, asOf }, ev['id'] as string);
      kinds[i] = SKIP;
      continue;
    }
    if (o.historyUntil !== undefined && date > o.historyUntil) {
      kinds[i] = SKIP;
      continue;
    }
    kinds[i] = k;
    if (early && k >= T_INSPECTION && k !== T_REPAIR) {
      if (detail === null) countSimple(c, sc, i, k, ev, date);
      else explainSimple(c, sc, events, i, k, ev, date, detail);
      kinds[i] = DONE;
      continue;
    }
    if (k === T_REPAIR) hasRepairs = true;
    else if (k === T_ABN_REMOVE) hasAbnRemoval = true;
    else if (k === T_SER_REMOVE) hasSerRemoval = true;
    if (i > 0) duplicateCheck = true;
  }

  // Duplicate record ids: keep the canonically smallest record of each id (order-independent).
  // Part of validation: the trusted path expects ids made unique at ingest.
  if (duplicateCheck && o.validate) dedupe(events, kinds, n, st, uscc);

  // Repairs: each matched repair stays marked T_REPAIR (unmatched ones are reported and skipped);
  // a record's repair date is then found by a scan of its enterprise's few records
  // ({@link repairDateOf}) instead of a map built per enterprise.
  const extra = o.extraRepairs;
  if (hasRepairs) {
    for (let i = 0; i < n; i++) {
      if (kinds[i] !== T_REPAIR) continue;
      const ev = events[i] as Record<string, string>;
      const target = ev['ofRecord']!;
      let found = -1;
      for (let j = 0; j < n; j++) {
        const kj = kinds[j]!;
        if ((kj === T_PENALTY || kj === T_ABN_LIST || kj === T_SER_LIST || kj === T_DISHONEST) && ids[j] === target) {
          found = j;
          break;
        }
      }
      if (found < 0) {
        pushIssue(st, 'GRADING_REPAIR_TARGET_UNKNOWN', { record: ev['id']!, target, uscc }, ev['id']!);
        kinds[i] = SKIP;
      }
    }
  }
  const anyRepairs = hasRepairs || extra !== undefined;
  if (hasAbnRemoval) pairRemovals(sc, events, n, T_ABN_LIST, T_ABN_REMOVE, st, uscc);
  if (hasSerRemoval) pairRemovals(sc, events, n, T_SER_LIST, T_SER_REMOVE, st, uscc);

  // Pass 2: count (what pass 1 did not).

  for (let i = 0; i < n; i++) {
    const k = kinds[i]!;
    if (k < 0) continue;
    const ev = events[i] as Record<string, unknown>;
    let slot: DeductionSlot | undefined;
    let window: PublicityWindow | undefined;
    let stop: string | undefined;
    switch (k) {
      case T_PENALTY: {
        const id = ev['id'] as string;
        const repairedOn = anyRepairs ? repairDateOf(events, kinds, n, hasRepairs, extra, id) : undefined;
        const w = countingFactsOf(sc, ev, repairedOn);
        let tier: 'minor' | 'general' | 'serious';
        if (typeof w === 'string') {
          // Counted conservatively at the authority's tier (or 一般) when the period cannot be computed.
          pushIssue(st, 'GRADING_PUBLICITY_FAILED', { record: id, reason: w }, id);
          tier = (ev['tier'] as 'minor' | 'general' | 'serious' | undefined) ?? 'general';
        } else {
          if (w.warnCount > 0) pushWindowIssues(st, w.warnBuf, w.warnCount, id);
          // Never published: never counts as a published record.
          const stopDay = w.stopsDay;
          if (!w.published || !(c.asOfDay < stopDay)) break;
          tier = w.tier;
          if (detail) {
            // Read before the full window below reuses the calculator's scratch.
            const repairable = w.repairable;
            const earliestDay = w.earliestDay;
            // The full window (citations, platforms) only for explanations.
            window = c.publicity(publicityInput(ev, repairedOn));
            stop = fromDayNumber(stopDay);
            if (repairable && earliestDay !== -Infinity && repairedOn === undefined)
              detail.repairable.push({ id, earliestRepairDate: fromDayNumber(earliestDay), pointsH: c.penaltySlot[tier].pointsH });
          }
        }
        // The three tiers without a keyed lookup (anything else as before).
        slot = tier === 'general' ? c.penaltySlot.general : tier === 'serious' ? c.penaltySlot.serious : tier === 'minor' ? c.penaltySlot.minor : c.penaltySlot[tier];
        if (tier === 'serious') {
          sc.trig |= 1 << TRIGGER_INDEX.seriousPenaltyInForce;
          if (detail) detail.triggerRecords[TRIGGER_INDEX.seriousPenaltyInForce]!.push(id);
        }
        break;
      }
      case T_ABN_LIST:
      case T_SER_LIST: {
        const id = ev['id'] as string;
        const removedOn = (k === T_ABN_LIST ? hasAbnRemoval : hasSerRemoval) && sc.closed[i] === 1 ? sc.closedOn[i] : undefined;
        const closedOn = minDate(removedOn, anyRepairs ? repairDateOf(events, kinds, n, hasRepairs, extra, id) : undefined);
        if (closedOn !== undefined && closedOn <= asOf) break;
        if (closedOn !== undefined) stop = closedOn;
        if (k === T_ABN_LIST) {
          slot = c.abnormalSlot[ev['reason'] as string];
          if (slot === undefined) break;
          sc.trig |= 1 << TRIGGER_INDEX.abnormalOperationListed;
          if (detail) detail.triggerRecords[TRIGGER_INDEX.abnormalOperationListed]!.push(id);
        } else {
          slot = c.seriousListSlot;
          sc.trig |= 1 << TRIGGER_INDEX.seriousIllegalListed;
          if (detail) detail.triggerRecords[TRIGGER_INDEX.seriousIllegalListed]!.push(id);
        }
        break;
      }
      case T_DISHONEST: {
        const id = ev['id'] as string;
        const removed = minDate(ev['removedOn'] as string | undefined, anyRepairs ? repairDateOf(events, kinds, n, hasRepairs, extra, id) : undefined);
        if (removed !== undefined && removed <= asOf) break;
        if (removed !== undefined) stop = removed;
        slot = c.dishonestSlot;
        sc.trig |= 1 << TRIGGER_INDEX.dishonestJudgmentDebtor;
        if (detail) detail.triggerRecords[TRIGGER_INDEX.dishonestJudgmentDebtor]!.push(id);
        break;
      }
      default:
        // Records that depend on no other record (counted here unless pass 1 already did).
        if (detail === null) countSimple(c, sc, i, k, ev, ev['date'] as string);
        else explainSimple(c, sc, events, i, k, ev, ev['date'] as string, detail);
        break;
    }
    if (slot !== undefined) countSlot(sc, slot, ev, detail, asOf, stop, window);
  }
  const taxIdx = sc.taxIdx;
  const taxRank = sc.taxRank;
  let slotMask = sc.slotMask;
  let trig = sc.trig;
  const positiveH = sc.positiveH;
  if (taxIdx >= 0 && taxRank >= 3) {
    const ev = events[taxIdx] as Record<string, unknown>;
    const s = taxRank === 4 ? c.taxDSlot : c.taxCSlot;
    {
      groupSum[s.group] = groupSum[s.group]! + s.pointsH;
      slotMask |= 1 << s.index;
      const ti = taxRank === 4 ? TRIGGER_INDEX.taxLevelD : TRIGGER_INDEX.taxLevelC;
      trig |= 1 << ti;
      if (detail) {
        const stop = windowEnd(s, ev['date'] as string);
        detail.records.push({ kind: 'deduction', slot: s, event: ev, pointsH: s.pointsH, stopsCountingOn: stop });
        detail.triggerRecords[ti]!.push(ev['id'] as string);
        if (stop > asOf) detail.stopDates.push(stop);
      }
    }
  }

  // Score: group caps, capped positives, clamp, declared rounding.
  let deducted = 0;
  let capMask = 0;
  const caps = c.groupCapH;
  for (let g = 0; g < groupSum.length; g++) {
    const s = groupSum[g]!;
    const cap = caps[g]!;
    if (detail) detail.groupSums[g] = s;
    if (s > cap) {
      deducted += cap;
      capMask |= 1 << g;
    } else deducted += s;
  }
  if (detail) detail.positiveRawH = positiveH;
  const pos = positiveH > c.positiveCapH ? c.positiveCapH : positiveH;
  let raw = c.startH - deducted + pos;
  if (raw < 0) raw = 0;
  else if (raw > 10000) raw = 10000;
  const score = roundHundredths(raw, c.rounding.scale, c.rounding.mode);
  const th = c.thresholdsH;
  const scoreGrade = score >= th[0] ? 0 : score >= th[1] ? 1 : score >= th[2] ? 2 : 3;
  let grade = scoreGrade;
  let excMask = 0;
  if (trig !== 0) {
    const byT = c.exceptionByTrigger;
    for (let t = 0; t < byT.length; t++) {
      if ((trig & (1 << t)) === 0) continue;
      const ex = byT[t];
      if (ex && ex.maxGrade > scoreGrade) {
        excMask |= 1 << t;
        if (ex.maxGrade > grade) grade = ex.maxGrade;
      }
    }
  }

  // Risk level: industry table (longest prefix), licences and scale can only raise it.
  const code = enterprise['industryCode'] as string;
  let ind = sc.industryCache.get(code);
  if (ind === undefined) {
    ind = industryLevel(c, code);
    sc.industryCache.set(code, ind);
  }
  let risk = ind.level;
  st.riskIndustry = ind.level;
  st.riskIndustryPrefix = ind.prefix;
  st.riskLicence = undefined;
  st.riskScale = false;
  const lic = enterprise['licences'] as readonly string[] | undefined;
  if (lic !== undefined) {
    for (let i = 0; i < lic.length; i++) {
      const l = c.licence.get(lic[i]!);
      if (l === undefined) {
        pushIssue(st, 'GRADING_UNKNOWN_LICENCE', { licence: lic[i]!, uscc }, uscc);
        continue;
      }
      if (l.level > risk) {
        risk = l.level;
        st.riskLicence = lic[i];
      }
    }
  }
  const scale = enterprise['scale'] as string | undefined;
  if (scale !== undefined) {
    const s = c.scaleLevel[scale];
    if (s !== undefined && s > risk) {
      risk = s;
      st.riskScale = true;
      st.riskLicence = undefined;
    }
  }

  // Issues in a canonical order, so that the order of the input records never shows.
  if (st.issues !== null && st.issues.length > 1) sortIssues(st.issues);

  st.rawH = raw;
  st.scoreH = score;
  st.scoreGrade = scoreGrade;
  st.grade = grade;
  st.risk = risk;
  st.classIdx = c.matrix[grade * 3 + risk]!;
  st.slotMask = slotMask;
  st.capMask = capMask;
  st.excMask = excMask;
  st.trigMask = trig;
  st.positive = pos > 0;
  return st;
}

/**
 * Adds a counted deduction: its group, its slot bit and, for explanations, its record (with the day
 * it stops counting: `stop`, or the end of its `months`).
 */
function countSlot(sc: KernelScratch, slot: DeductionSlot, ev: Record<string, unknown>, detail: Detail | null, asOf: string, stop: string | undefined, window: PublicityWindow | undefined): void {
  const groupSum = sc.groupSum;
  groupSum[slot.group] = groupSum[slot.group]! + slot.pointsH;
  sc.slotMask |= 1 << slot.index;
  if (detail) recordDeduction(detail, slot, ev, asOf, stop, window);
}

/** The explanation's entry for a deduction that was counted (see {@link countSlot}). */
function recordDeduction(detail: Detail, slot: DeductionSlot, ev: Record<string, unknown>, asOf: string, stop: string | undefined, window: PublicityWindow | undefined): void {
  if (slot.months !== undefined) stop = windowEnd(slot, ev['date'] as string);
  detail.records.push({ kind: 'deduction', slot, event: ev, pointsH: slot.pointsH, ...(window ? { publicity: window } : {}), ...(stop !== undefined ? { stopsCountingOn: stop } : {}) });
  if (stop !== undefined && stop > asOf) detail.stopDates.push(stop);
}

/**
 * {@link countSimple} with an explanation: the same counting, then what the explanation shows —
 * positive records, the deduction entry, the tax level's stop date and, for a repeated worst
 * level, the latest record, and the records behind the 未报年报 trigger.
 */
function explainSimple(c: CompiledGrading, sc: KernelScratch, events: readonly unknown[], i: number, k: number, ev: Record<string, unknown>, date: string, detail: Detail): void {
  const slot = countSimple(c, sc, i, k, ev, date);
  switch (k) {
    case T_INSPECTION:
      if (ev['outcome'] === 'noProblems') detail.records.push({ kind: 'positive', positiveCode: 'inspectionNoProblems', event: ev, pointsH: c.noProblemsH });
      break;
    case T_TAX: {
      const r = taxLevelRank(ev['level']);
      if (r < 3) return;
      const s = r === 4 ? c.taxDSlot : c.taxCSlot;
      if (!(date >= s.cutoff!)) return;
      detail.stopDates.push(windowEnd(s, date));
      // Same worst level again: keep the later record so that the explanation shows the latest
      // (when this record just set the level, it is compared with itself and nothing changes).
      if (r === sc.taxRank) {
        const prev = events[sc.taxIdx] as Record<string, unknown>;
        if (date > (prev['date'] as string) || (date === (prev['date'] as string) && (ev['id'] as string) > (prev['id'] as string))) sc.taxIdx = i;
      }
      return;
    }
    case T_MISSING:
      if (slot !== undefined) detail.triggerRecords[TRIGGER_INDEX.annualReportMissing]!.push(ev['id'] as string);
      break;
    case T_COMMEND: {
      const lv = ev['level'] as 'district' | 'city' | 'national';
      detail.records.push({ kind: 'positive', positiveCode: `commendation.${lv}`, event: ev, pointsH: c.commendationH[lv] });
      break;
    }
    default:
      break;
  }
  if (slot !== undefined) recordDeduction(detail, slot, ev, c.asOf, undefined, undefined);
}

/**
 * Counts a record that depends on no other record (inspection, complaint, tax level, annual
 * report, commendation) into the scratch totals; other kinds are left alone. `date` is the
 * record's `date`, already read by the caller. Returns the deduction slot it counted, if any
 * (for {@link explainSimple}). No explanation branches: small enough for the compiler to inline
 * into the kernel's loops.
 */
function countSimple(c: CompiledGrading, sc: KernelScratch, i: number, k: number, ev: Record<string, unknown>, date: string): DeductionSlot | undefined {
  let slot: DeductionSlot;
  switch (k) {
    case T_INSPECTION: {
      const outcome = ev['outcome'];
      if (outcome === 'noProblems') {
        sc.positiveH += c.noProblemsH;
        return;
      }
      slot = outcome === 'problemsFound' ? c.inspectionFoundSlot : c.inspectionCorrectedSlot;
      if (!(date >= slot.cutoff!)) return;
      break;
    }
    case T_COMPLAINT:
      slot = c.complaintSlot;
      if (!(ev['substantiated'] === true && date >= slot.cutoff!)) return;
      break;
    case T_TAX: {
      const r = taxLevelRank(ev['level']);
      if (r >= 3 && r > sc.taxRank && date >= (r === 4 ? c.taxDSlot : c.taxCSlot).cutoff!) {
        sc.taxIdx = i;
        sc.taxRank = r;
      }
      return;
    }
    case T_LATE:
      slot = c.reportLateSlot;
      if (!(date >= slot.cutoff!)) return;
      break;
    case T_MISSING:
      slot = c.reportMissingSlot;
      if (!(date >= slot.cutoff!)) return;
      sc.trig |= 1 << TRIGGER_INDEX.annualReportMissing;
      break;
    case T_COMMEND:
      sc.positiveH += c.commendationH[ev['level'] as 'district' | 'city' | 'national'];
      return;
    default:
      return;
  }
  sc.groupSum[slot.group] = sc.groupSum[slot.group]! + slot.pointsH;
  sc.slotMask |= 1 << slot.index;
  return slot;
}

/**
 * Sorts issues by {@link compareIssues}. When every key compared is a string the order is total, so
 * a stable insertion sort (no allocation, cheap for the few issues of one enterprise) gives exactly
 * what `Array#sort` gives; anything else is left to `Array#sort`.
 */
function sortIssues(a: Issue[]): void {
  const n = a.length;
  let plain = n <= 16;
  for (let i = 0; plain && i < n; i++) {
    const x = a[i]!;
    plain = typeof (x.location?.record ?? '') === 'string' && typeof x.code === 'string' && typeof x.message === 'string';
  }
  if (!plain) {
    a.sort(compareIssues);
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= 0 && compareIssues(a[j]!, v) > 0) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

function compareIssues(a: Issue, b: Issue): number {
  const ra = a.location?.record ?? '';
  const rb = b.location?.record ?? '';
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

function windowEnd(slot: DeductionSlot, date: string): string {
  // First day the record no longer counts: the day after the counting period ends.
  return nextDay(addMonths(date, slot.months!));
}

function addMonths(date: string, months: number): string {
  return addPeriod(date, { months });
}
function nextDay(date: string): string {
  return fromDayNumber(toDayNumber(date) + 1);
}

function industryLevel(c: CompiledGrading, code: string): { level: number; prefix: string | undefined } {
  const first = code.charCodeAt(0);
  const digits = first >= 65 && first <= 90 ? code.slice(1) : code;
  for (let len = Math.min(4, digits.length); len >= 2; len--) {
    const e = c.industry.get(digits.slice(0, len));
    if (e !== undefined) return { level: e.level, prefix: e.prefix };
  }
  return { level: c.industryDefault, prefix: undefined };
}

function dedupe(events: readonly unknown[], kinds: Int8Array, n: number, st: KernelState, uscc: string): void {
  // Small histories: quadratic scan without allocation; larger: a map.
  let dupIds: Set<string> | null = null;
  if (n <= 24) {
    for (let i = 1; i < n; i++) {
      if (kinds[i]! < 0) continue;
      const id = (events[i] as Record<string, unknown>)['id'];
      for (let j = 0; j < i; j++) {
        if (kinds[j]! >= 0 && (events[j] as Record<string, unknown>)['id'] === id) {
          (dupIds ??= new Set()).add(id as string);
          break;
        }
      }
    }
  } else {
    const seen = new Set<unknown>();
    for (let i = 0; i < n; i++) {
      if (kinds[i]! < 0) continue;
      const id = (events[i] as Record<string, unknown>)['id'];
      if (seen.has(id)) (dupIds ??= new Set()).add(id as string);
      else seen.add(id);
    }
  }
  if (!dupIds) return;
  for (const id of [...dupIds].sort()) {
    let keep = -1;
    let keepKey = '';
    const idx: number[] = [];
    for (let i = 0; i < n; i++) {
      if (kinds[i]! >= 0 && (events[i] as Record<string, unknown>)['id'] === id) {
        idx.push(i);
        const key = canonicalJson(events[i]);
        if (keep < 0 || key < keepKey) {
          keep = i;
          keepKey = key;
        }
      }
    }
    for (const i of idx) {
      if (i === keep) continue;
      kinds[i] = SKIP;
    }
    pushIssue(st, 'GRADING_DUPLICATE_EVENT_ID', { record: id, uscc }, id);
  }
}
