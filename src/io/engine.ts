import type { Enterprise } from '../grading/index.js';

/**
 * One graded enterprise as the pipeline writes it (a row of the grades CSV).
 *
 * @example
 * ```ts
 * const g: GradeLine = { uscc: '91310112MA1FL8X00X', score: '92.50', grade: 'A', riskLevel: 'low', supervisionClass: 'class1', inspectionsPerYear: 0, samplingRatio: '0.03', reasons: [] };
 * ```
 */
export interface GradeLine {
  readonly uscc: string;
  /** Score as an exact decimal string. */
  readonly score: string;
  readonly grade: string;
  readonly riskLevel: string;
  readonly supervisionClass: string;
  readonly inspectionsPerYear: number;
  /** Exact decimal string. */
  readonly samplingRatio: string;
  /** Reason codes, in the grader's order. */
  readonly reasons: readonly string[];
  /** Codes of the grader's warnings about this enterprise's records (records not counted, and why). */
  readonly warnings?: readonly string[];
}

/**
 * What the pipeline needs from the grading engine: one call per enterprise with its records in
 * canonical order. Built once per partition run from (rulebook, asOf).
 *
 * @example
 * ```ts
 * const g = createPartitionGrader(rulebook, '2025-06-30');
 * g.grade(enterprise, events, false).line.grade;
 * ```
 */
export interface PartitionGrader {
  readonly rulebookId: string;
  readonly rulebookHash: string;
  readonly asOf: string;
  grade(enterprise: Enterprise, events: readonly import('../grading/index.js').CreditEvent[], explain: boolean): { line: GradeLine; explanation?: unknown };
}

/**
 * Aggregates of a grading run (for the summary, the report and diff): counts by grade, risk,
 * supervision class, the credit × risk matrix, planned inspections and 无感监测 coverage.
 *
 * @example
 * ```ts
 * stats.byGrade.A; stats.matrix['A|low'];
 * ```
 */
export interface GradeStats {
  enterprises: number;
  byGrade: Record<string, number>;
  byRisk: Record<string, number>;
  byClass: Record<string, number>;
  /** `grade|risk` → count. */
  matrix: Record<string, number>;
  /** Sum of inspections_per_year (upper bound of planned proactive inspections). */
  inspectionsPerYear: number;
  /** Enterprises with 0 proactive inspections a year (无事不扰). */
  noInspection: number;
  /** Enterprises on the 无感监测 list. */
  onNoDisturbanceList: number;
  /** Reason code → count. */
  reasons: Record<string, number>;
  /** Industry section letter → count by grade: `H|A`. */
  bySection: Record<string, number>;
  /** Grader warning code → count (records the grader did not count, with its reason). */
  warnings: Record<string, number>;
}

/**
 * An empty {@link GradeStats} accumulator: `add` one graded enterprise at a time, `toJSON` for the totals.
 *
 * @example
 * ```ts
 * const acc = emptyStats();
 * acc.add(enterprise, line);
 * acc.toJSON().byGrade; // { A: 1 }
 * ```
 */
export function emptyStats(): { add(e: Enterprise, g: GradeLine): void; toJSON(): GradeStats } {
  return new StatsAccumulator();
}

/** A mutable count: one map lookup per increment instead of a lookup and a store. */
interface Count {
  n: number;
}
const inc = (m: Map<string, Count>, k: string): void => {
  const c = m.get(k);
  if (c) c.n++;
  else m.set(k, { n: 1 });
};

const toRecord = (m: Map<string, Count>): Record<string, number> => {
  const o: Record<string, number> = {};
  for (const [k, v] of m) o[k] = v.n;
  return o;
};

/**
 * Counts in Maps (string-keyed objects fall into dictionary mode), copied out by toJSON in
 * first-seen order; mergeStats sorts the keys. A class: its methods are the same functions for
 * every partition, so their optimised code is kept.
 */
class StatsAccumulator {
  private enterprises = 0;
  private inspectionsPerYear = 0;
  private noInspection = 0;
  private onNoDisturbanceList = 0;
  private readonly byGrade = new Map<string, Count>();
  private readonly byRisk = new Map<string, Count>();
  private readonly byClass = new Map<string, Count>();
  private readonly matrix = new Map<string, Count>();
  private readonly reasons = new Map<string, Count>();
  private readonly bySection = new Map<string, Count>();
  private readonly warnings = new Map<string, Count>();
  /** `a|b` keys built once per pair: a fresh concatenation would be hashed on every call. */
  private readonly pairs = new Map<string, Map<string, string>>();
  private pair(a: string, b: string): string {
    let m = this.pairs.get(a);
    if (!m) this.pairs.set(a, (m = new Map()));
    let k = m.get(b);
    if (k === undefined) m.set(b, (k = `${a}|${b}`));
    return k;
  }
  add(e: Enterprise, g: GradeLine): void {
    this.enterprises++;
    inc(this.byGrade, g.grade);
    inc(this.byRisk, g.riskLevel);
    inc(this.byClass, g.supervisionClass);
    inc(this.matrix, this.pair(g.grade, g.riskLevel));
    this.inspectionsPerYear += g.inspectionsPerYear;
    if (g.inspectionsPerYear === 0) this.noInspection++;
    if (e.onNoDisturbanceList) this.onNoDisturbanceList++;
    for (const r of g.reasons) inc(this.reasons, r);
    if (g.warnings) for (const w of g.warnings) inc(this.warnings, w);
    const c = e.industryCode.charCodeAt(0);
    const sec = c >= 65 && c <= 84 ? e.industryCode[0]! : '?'; // section letters A–T
    inc(this.bySection, this.pair(sec, g.grade));
  }
  toJSON(): GradeStats {
    return {
      enterprises: this.enterprises, byGrade: toRecord(this.byGrade), byRisk: toRecord(this.byRisk), byClass: toRecord(this.byClass), matrix: toRecord(this.matrix),
      inspectionsPerYear: this.inspectionsPerYear, noInspection: this.noInspection, onNoDisturbanceList: this.onNoDisturbanceList,
      reasons: toRecord(this.reasons), bySection: toRecord(this.bySection), warnings: toRecord(this.warnings),
    };
  }
}

/**
 * Adds `b` into `a` (order-independent, so totals are the same whatever the partitioning).
 *
 * @example
 * ```ts
 * const total = partitions.reduce((acc, p) => mergeStats(acc, p.stats), emptyStats().toJSON());
 * ```
 */
export function mergeStats(a: GradeStats, b: GradeStats): GradeStats {
  const add = (x: Record<string, number>, y: Record<string, number>) => {
    const out: Record<string, number> = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = (out[k] ?? 0) + v;
    return sortKeys(out);
  };
  return {
    enterprises: a.enterprises + b.enterprises,
    byGrade: add(a.byGrade, b.byGrade),
    byRisk: add(a.byRisk, b.byRisk),
    byClass: add(a.byClass, b.byClass),
    matrix: add(a.matrix, b.matrix),
    inspectionsPerYear: a.inspectionsPerYear + b.inspectionsPerYear,
    noInspection: a.noInspection + b.noInspection,
    onNoDisturbanceList: a.onNoDisturbanceList + b.onNoDisturbanceList,
    reasons: add(a.reasons, b.reasons),
    bySection: add(a.bySection, b.bySection),
    warnings: add(a.warnings, b.warnings),
  };
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k]!;
  return out;
}
