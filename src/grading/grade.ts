/**
 * 信用风险分级 (credit-risk grading), public entry points: {@link gradeEnterprise} (one enterprise,
 * fully explained), {@link createGrader} (a compiled grader for hot loops) and {@link gradeBatch}.
 * Plan 三(一)2 (分级分类监管) and 三(二)4 (信用+风险, 差异化检查频次和抽查比例).
 */
import { Decimal } from '../_lib/decimal.js';
import { makeIssue, type Issue } from '../_lib/issues/index.js';
import type { Rulebook } from '../rulebook/schema.js';
import type { ResultStamp } from '../rulebook/stamp.js';
import type { ParameterRead } from '../rulebook/value-at.js';
import {
  CREDIT_GRADES,
  RISK_LEVELS,
  compileGrading,
  type CompiledGrading,
  type CreditGrade,
  type RiskLevel,
  type SupervisionClass,
} from './compile.js';
import { gradeKernel, newDetail, newScratch, type Detail, type KernelScratch, type KernelState } from './core.js';
import { buildReasons, type GradeReason } from './explain.js';
import type { CreditEvent, Enterprise } from './schema.js';

/**
 * The compact result of the batch path: what a district run stores per enterprise.
 *
 * @example
 * ```ts
 * const s: GradeSummary = grader(enterprise, events);
 * s.grade; s.supervisionClass; s.reasonCodes;
 * ```
 */
export interface GradeSummary {
  readonly uscc: string;
  /** Score in hundredths of a point (9150 = 91.50), after the declared rounding. */
  readonly scoreHundredths: number;
  readonly grade: CreditGrade;
  readonly riskLevel: RiskLevel;
  /** Supervision class id (key of `grading.supervisionClasses`). */
  readonly supervisionClass: string;
  /** Reason codes in explanation order: `exception.<id>`, `deduction.<type>.<severity>`, `cap.<group>`, `positive`. */
  readonly reasonCodes: readonly string[];
  /** Warnings about this enterprise's records (records not counted and why). */
  readonly issues: readonly Issue[];
}

/**
 * Indicator-group totals of a full result.
 *
 * @example
 * ```ts
 * gradeEnterprise(e, evs, { rulebook, asOf }).groups.map((g: GroupTotal) => g.deductedHundredths);
 * ```
 */
export interface GroupTotal {
  readonly id: string;
  readonly label: string;
  /** Points deducted after the cap (hundredths). */
  readonly deductedHundredths: number;
  /** Sum of the group's deductions before the cap. */
  readonly uncappedHundredths: number;
  readonly capHundredths: number;
}

/**
 * The path to a better grade (信用修复主动告知): when time alone improves the grade, and the smallest
 * set of repairs (each on its earliest repair date) that lifts it one grade or more.
 *
 * @example
 * ```ts
 * const p = gradeEnterprise(e, evs, { rulebook, asOf }).path;
 * p?.byTime?.date; p?.byRepair?.repairs;
 * ```
 */
export interface BetterGradePath {
  readonly currentGrade: CreditGrade;
  /** Earliest date the grade improves if nothing new happens, or null when records never age out. */
  readonly byTime: { readonly date: string; readonly grade: CreditGrade } | null;
  /** Smallest set of penalty repairs that lifts the grade, or null when none does. */
  readonly byRepair: {
    readonly grade: CreditGrade;
    /** Date the last repair takes effect (the grade is better from this day). */
    readonly date: string;
    readonly repairs: readonly { readonly recordId: string; readonly repairDate: string }[];
    /** False when there were too many candidates and a greedy search was used. */
    readonly exhaustive: boolean;
  } | null;
}

/**
 * The full, explained result of grading one enterprise.
 *
 * @example
 * ```ts
 * const r = gradeEnterprise(enterprise, events, { rulebook: defaultRulebook(), asOf: '2025-06-30' });
 * r.score; r.grade; r.supervisionClass.samplingRatio; r.reasons[0]?.text;
 * ```
 */
export interface GradeResult extends GradeSummary {
  readonly name: string;
  /** Score as an exact decimal string at the declared rounding scale (e.g. "91.50"). */
  readonly score: string;
  /** Grade from the score alone, before exceptions. */
  readonly scoreGrade: CreditGrade;
  readonly supervisionClassDetail: SupervisionClass;
  readonly groups: readonly GroupTotal[];
  /** Positive points counted (after the cap), hundredths. */
  readonly positiveHundredths: number;
  readonly reasons: readonly GradeReason[];
  readonly path?: BetterGradePath;
  /** Every rulebook parameter read (opt-in). */
  readonly trace?: readonly ParameterRead[];
  readonly stamp: ResultStamp;
}

/**
 * Options of {@link createGrader}.
 *
 * @example
 * ```ts
 * createGrader(rb, '2025-06-30', { validate: false } satisfies GraderOptions);
 * ```
 */
export interface GraderOptions {
  /**
   * Check every enterprise and record against the schemas (default true). Turn off only for inputs
   * already validated with {@link checkCreditEvent}/{@link checkEnterprise} at ingest; unknown record
   * types, other enterprises' records and records after asOf are reported either way.
   */
  readonly validate?: boolean;
}

/**
 * Options of {@link Grader.explain}.
 *
 * @example
 * ```ts
 * grader.explain(e, evs, { trace: true, path: false } satisfies ExplainOptions);
 * ```
 */
export interface ExplainOptions {
  /** Include every parameter read (path, effective dates, source). Default false. */
  readonly trace?: boolean;
  /** Compute the path to a better grade. Default true. */
  readonly path?: boolean;
}

/**
 * Result of {@link gradeBatch}.
 *
 * @example
 * ```ts
 * const { results, issues }: GradeBatchResult = gradeBatch(enterprises, events, { rulebook, asOf });
 * ```
 */
export interface GradeBatchResult {
  /** One summary per enterprise, ordered by USCC (then input position) unless `order: 'input'`. */
  readonly results: readonly GradeSummary[];
  /** Records whose USCC matches no enterprise in the batch. */
  readonly issues: readonly Issue[];
  /** Rulebook warnings (stale parameters) for the run. */
  readonly warnings: readonly Issue[];
  readonly stamp: ResultStamp;
}

/**
 * A compiled grader for one (rulebook, asOf): call it in a hot loop for compact results.
 *
 * @example
 * ```ts
 * const grader = createGrader(defaultRulebook(), '2025-06-30');
 * for (const e of enterprises) out.push(grader(e, eventsByUscc.get(e.uscc) ?? []));
 * ```
 */
export interface Grader {
  (enterprise: Enterprise, events: readonly CreditEvent[] | readonly unknown[]): GradeSummary;
  readonly rulebook: Rulebook;
  readonly asOf: string;
  readonly stamp: ResultStamp;
  /** Rulebook warnings (stale parameters), once per run rather than per enterprise. */
  readonly warnings: readonly Issue[];
  /** Every parameter the grader read. */
  readonly reads: readonly ParameterRead[];
  /** The full explained result (same grade as the compact call). */
  explain(enterprise: Enterprise, events: readonly CreditEvent[] | readonly unknown[], options?: ExplainOptions): GradeResult;
  /** Grades many enterprises (see {@link gradeBatch}). */
  batch(
    enterprises: Iterable<Enterprise>,
    events: ReadonlyMap<string, readonly (CreditEvent | unknown)[]> | Iterable<CreditEvent | unknown>,
    options?: { readonly order?: 'uscc' | 'input' },
  ): GradeBatchResult;
}

const EMPTY: readonly never[] = Object.freeze([]);
const MAX_PATH_DATES = 64;
const EXHAUSTIVE_LIMIT = 10;

interface Engine {
  readonly c: CompiledGrading;
  readonly sc: KernelScratch;
}

function codesFor(c: CompiledGrading, st: KernelState): string[] {
  const out: string[] = [];
  for (const ex of c.exceptions) if ((st.excMask & (1 << ex.triggerIndex)) !== 0) out.push(`exception.${ex.id}`);
  for (const s of c.slots) if ((st.slotMask & (1 << s.index)) !== 0) out.push(s.code);
  for (let g = 0; g < c.groupIds.length; g++) if ((st.capMask & (1 << g)) !== 0) out.push(`cap.${c.groupIds[g]!}`);
  if (st.positive) out.push('positive');
  return out;
}

/**
 * Creates a compiled {@link Grader} for `rulebook` on `asOf`. The rules are read once; grading one
 * enterprise then uses integer tables only.
 *
 * @example
 * ```ts
 * const grader = createGrader(defaultRulebook(), '2025-06-30', { validate: false });
 * const s = grader(enterprise, events);
 * s.grade; // 'B'
 * ```
 */
export function createGrader(rulebook: Rulebook, asOf: string, options: GraderOptions = {}): Grader {
  const validate = options.validate ?? true;
  const c = compileGrading(rulebook, asOf);
  const sc = newScratch(c);
  const engines = new Map<string, Engine>([[asOf, { c, sc }]]);
  const engineAt = (date: string): Engine => {
    let e = engines.get(date);
    if (!e) {
      if (engines.size > 256) {
        engines.clear();
        engines.set(asOf, { c, sc });
      }
      const cd = compileGrading(rulebook, date);
      e = { c: cd, sc: newScratch(cd) };
      engines.set(date, e);
    }
    return e;
  };
  // Reason codes by mask: one map per (exception mask, positive) so that keys stay small integers
  // (a key of 2^30 or more would be a heap number: slower to hash, allocated per lookup).
  const canKey = c.groupIds.length <= 8 && c.slots.length <= 16 && c.exceptionByTrigger.length <= 15;
  const codeCaches: (Map<number, readonly string[]> | undefined)[] = new Array(canKey ? 2 << c.exceptionByTrigger.length : 0).fill(undefined);

  const summarize = (uscc: string, st: KernelState): GradeSummary => {
    let codes: readonly string[];
    if (st.slotMask === 0 && st.excMask === 0 && st.capMask === 0 && !st.positive) codes = EMPTY;
    else if (canKey) {
      const outer = st.excMask * 2 + (st.positive ? 1 : 0);
      const codeCache = (codeCaches[outer] ??= new Map());
      const key = st.slotMask + st.capMask * 0x10000;
      let hit = codeCache.get(key);
      if (!hit) {
        hit = Object.freeze(codesFor(c, st));
        codeCache.set(key, hit);
      }
      codes = hit;
    } else codes = Object.freeze(codesFor(c, st));
    return {
      uscc,
      scoreHundredths: st.scoreH,
      grade: CREDIT_GRADES[st.grade]!,
      riskLevel: RISK_LEVELS[st.risk]!,
      supervisionClass: c.classes[st.classIdx]!.id,
      reasonCodes: codes,
      issues: st.issues === null ? EMPTY : st.issues,
    };
  };

  const hotOptions = Object.freeze({ validate, detail: null });
  const grader = function grade(enterprise: Enterprise, events: readonly unknown[]): GradeSummary {
    const st = gradeKernel(c, sc, enterprise as unknown as Record<string, unknown>, events, hotOptions);
    return summarize(enterprise.uscc, st);
  } as Grader;

  const explain = (enterprise: Enterprise, events: readonly unknown[], eo: ExplainOptions = {}): GradeResult => {
    const detail = newDetail(c.groupIds.length);
    const st = gradeKernel(c, sc, enterprise as unknown as Record<string, unknown>, events, { validate, detail });
    const summary = summarize(enterprise.uscc, st);
    const issues = [...c.reader.warnings, ...summary.issues];
    const groups: GroupTotal[] = c.groupIds.map((id, g) => ({
      id,
      label: c.groupLabels[g]!,
      deductedHundredths: Math.min(detail.groupSums[g]!, c.groupCapH[g]!),
      uncappedHundredths: detail.groupSums[g]!,
      capHundredths: c.groupCapH[g]!,
    }));
    const positiveHundredths = Math.min(detail.positiveRawH, c.positiveCapH);
    const stCopy = { ...st };
    const reasons = buildReasons(c, stCopy, detail, enterprise);
    const scale = c.rounding.scale;
    const result: { -readonly [K in keyof GradeResult]: GradeResult[K] } = {
      ...summary,
      issues,
      name: enterprise.name,
      score: new Decimal(st.scoreH).div(100).toFixed(scale),
      scoreGrade: CREDIT_GRADES[st.scoreGrade]!,
      supervisionClassDetail: c.classes[st.classIdx]!,
      groups,
      positiveHundredths,
      reasons,
      stamp: c.stamp,
    };
    if (eo.path !== false) result.path = betterGradePath(engineAt, validate, enterprise, events, asOf, stCopy.grade, detail);
    if (eo.trace) result.trace = [...c.reader.reads];
    return result;
  };

  const batch: Grader['batch'] = (enterprises, events, bo = {}) => {
    const list = [...enterprises];
    const issues: Issue[] = [];
    let byUscc: ReadonlyMap<string, readonly unknown[]>;
    if (events instanceof Map) {
      byUscc = events as ReadonlyMap<string, readonly unknown[]>;
      const known = new Set(list.map((e) => e.uscc));
      for (const [u, evs] of byUscc) if (!known.has(u)) for (const ev of evs) issues.push(orphan(ev, u));
    } else {
      const m = new Map<string, unknown[]>();
      for (const e of list) if (!m.has(e.uscc)) m.set(e.uscc, []);
      for (const ev of events as Iterable<unknown>) {
        const u = typeof ev === 'object' && ev !== null ? (ev as { uscc?: unknown }).uscc : undefined;
        const bucket = typeof u === 'string' ? m.get(u) : undefined;
        if (bucket) bucket.push(ev);
        else issues.push(orphan(ev, String(u)));
      }
      byUscc = m;
    }
    // Orphan records in a canonical order too (input order must not show).
    issues.sort((a, b) => {
      const x = `${String(a.params['eventUscc'])}\u0000${a.location?.record ?? ''}`;
      const y = `${String(b.params['eventUscc'])}\u0000${b.location?.record ?? ''}`;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const idx = list.map((_, i) => i);
    if ((bo.order ?? 'uscc') === 'uscc') idx.sort((a, b) => (list[a]!.uscc < list[b]!.uscc ? -1 : list[a]!.uscc > list[b]!.uscc ? 1 : a - b));
    const results: GradeSummary[] = new Array(list.length);
    for (let k = 0; k < idx.length; k++) {
      const e = list[idx[k]!]!;
      results[k] = grader(e, byUscc.get(e.uscc) ?? EMPTY);
    }
    return { results, issues, warnings: c.reader.warnings, stamp: c.stamp };
  };

  return Object.assign(grader, {
    rulebook,
    asOf,
    stamp: c.stamp,
    warnings: c.reader.warnings,
    reads: c.reader.reads,
    explain,
    batch,
  }) as Grader;
}

function orphan(ev: unknown, uscc: string): Issue {
  const id = typeof ev === 'object' && ev !== null && typeof (ev as { id?: unknown }).id === 'string' ? (ev as { id: string }).id : '?';
  return makeIssue('GRADING_EVENT_NO_ENTERPRISE', { record: id, eventUscc: uscc }, { location: { record: id } });
}

function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}

function betterGradePath(
  engineAt: (date: string) => Engine,
  validate: boolean,
  enterprise: Enterprise,
  events: readonly unknown[],
  asOf: string,
  current: number,
  detail: Detail,
): BetterGradePath {
  const ent = enterprise as unknown as Record<string, unknown>;
  const gradeAt = (date: string, extraRepairs?: ReadonlyMap<string, string>): number | undefined => {
    let e: Engine;
    try {
      e = engineAt(date);
    } catch {
      return undefined; // no rules in force on that date: cannot say
    }
    return gradeKernel(e.c, e.sc, ent, events, { validate, detail: null, historyUntil: asOf, ...(extraRepairs ? { extraRepairs } : {}) }).grade;
  };
  let byTime: BetterGradePath['byTime'] = null;
  if (current > 0) {
    const dates = [...new Set(detail.stopDates)].filter((d) => d > asOf).sort().slice(0, MAX_PATH_DATES);
    for (const d of dates) {
      const g = gradeAt(d);
      if (g !== undefined && g < current) {
        byTime = { date: d, grade: CREDIT_GRADES[g]! };
        break;
      }
    }
  }
  let byRepair: BetterGradePath['byRepair'] = null;
  if (current > 0 && detail.repairable.length > 0) {
    const cands = detail.repairable
      .map((r) => ({ id: r.id, date: laterOf(r.earliestRepairDate, asOf), pointsH: r.pointsH }))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
    const tryset = (set: readonly { id: string; date: string }[]): { grade: number; date: string } | null => {
      let date = asOf;
      const m = new Map<string, string>();
      for (const r of set) {
        m.set(r.id, r.date);
        date = laterOf(date, r.date);
      }
      const g = gradeAt(date, m);
      if (g === undefined || g >= current) return null;
      // The repairs must be what lifts it: aging alone by that date must not.
      const alone = gradeAt(date);
      if (alone === undefined || alone < current) return null;
      return { grade: g, date };
    };
    const done = (set: readonly { id: string; date: string }[], r: { grade: number; date: string }, exhaustive: boolean) => ({
      grade: CREDIT_GRADES[r.grade]!,
      date: r.date,
      repairs: set.map((s) => ({ recordId: s.id, repairDate: s.date })),
      exhaustive,
    });
    if (cands.length <= EXHAUSTIVE_LIMIT) {
      for (let k = 1; k <= cands.length && !byRepair; k++) {
        let best: { set: { id: string; date: string }[]; r: { grade: number; date: string } } | null = null;
        const pick: number[] = [];
        const rec = (start: number): void => {
          if (pick.length === k) {
            const set = pick.map((i) => cands[i]!);
            const r = tryset(set);
            if (r && (!best || r.date < best.r.date)) best = { set, r };
            return;
          }
          for (let i = start; i < cands.length; i++) {
            pick.push(i);
            rec(i + 1);
            pick.pop();
          }
        };
        rec(0);
        const b = best as { set: { id: string; date: string }[]; r: { grade: number; date: string } } | null;
        if (b) byRepair = done(b.set, b.r, true);
      }
    } else {
      const greedy = [...cands].sort((a, b) => b.pointsH - a.pointsH || (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
      const set: { id: string; date: string }[] = [];
      for (const cnd of greedy) {
        set.push(cnd);
        const r = tryset(set);
        if (r) {
          byRepair = done([...set].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1)), r, false);
          break;
        }
      }
    }
  }
  return { currentGrade: CREDIT_GRADES[current]!, byTime, byRepair };
}

const graderCache = new WeakMap<Rulebook, Map<string, Grader>>();
function cachedGrader(rulebook: Rulebook, asOf: string, validate: boolean): Grader {
  let m = graderCache.get(rulebook);
  if (!m) {
    m = new Map();
    graderCache.set(rulebook, m);
  }
  const key = `${validate ? 'v' : 't'}${asOf}`;
  let g = m.get(key);
  if (!g) {
    if (m.size > 64) m.clear();
    g = createGrader(rulebook, asOf, { validate });
    m.set(key, g);
  }
  return g;
}

/**
 * Options of {@link gradeEnterprise}.
 *
 * @example
 * ```ts
 * const o: GradeEnterpriseOptions = { rulebook: defaultRulebook(), asOf: '2025-06-30', trace: true };
 * ```
 */
export interface GradeEnterpriseOptions extends ExplainOptions, GraderOptions {
  readonly rulebook: Rulebook;
  /** Evaluation date (评价日); records after it are not counted and are reported. */
  readonly asOf: string;
}

/**
 * Grades one enterprise with a full explanation: score, A–D grade, risk level, supervision class,
 * ordered reasons with citations, warnings, the path to a better grade and (opt-in) the trace.
 * Throws `GRADING_INVALID_ENTERPRISE` for a malformed enterprise; malformed or foreign records are
 * reported in `issues`, never silently dropped.
 *
 * @example
 * ```ts
 * const r = gradeEnterprise(enterprise, events, { rulebook: defaultRulebook(), asOf: '2025-06-30', trace: true });
 * console.log(r.grade, r.score, r.supervisionClass, r.reasons.map((x) => x.text));
 * ```
 */
export function gradeEnterprise(
  enterprise: Enterprise,
  events: readonly CreditEvent[] | readonly unknown[],
  options: GradeEnterpriseOptions,
): GradeResult {
  return cachedGrader(options.rulebook, options.asOf, options.validate ?? true).explain(enterprise, events, options);
}

/**
 * Grades a batch of enterprises: `events` is either a map USCC → records or one flat list (grouped
 * here). Results equal the per-enterprise results exactly and are ordered by USCC by default.
 *
 * @example
 * ```ts
 * const { results, issues } = gradeBatch(enterprises, allEvents, { rulebook: defaultRulebook(), asOf: '2025-06-30' });
 * ```
 */
export function gradeBatch(
  enterprises: Iterable<Enterprise>,
  events: ReadonlyMap<string, readonly (CreditEvent | unknown)[]> | Iterable<CreditEvent | unknown>,
  options: { readonly rulebook: Rulebook; readonly asOf: string; readonly validate?: boolean; readonly order?: 'uscc' | 'input' },
): GradeBatchResult {
  const g = createGrader(options.rulebook, options.asOf, options.validate === undefined ? {} : { validate: options.validate });
  return g.batch(enterprises, events, options.order ? { order: options.order } : {});
}

