import type { Enterprise } from '../grading/index.js';
import { emptyLike } from '../_lib/shaped.js';

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

/**
 * Counts of a few distinct labels (grades, risk levels, classes, reason codes) in first-seen order:
 * a linear scan over identical strings beats hashing them for a handful of keys. `inc` returns the
 * label's number.
 */
class Tally {
  readonly keys: string[] = emptyLike('');
  readonly counts: number[] = emptyLike(0);
  inc(k: string): number {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === k) {
        this.counts[i]!++;
        return i;
      }
    }
    keys.push(k);
    this.counts.push(1);
    return keys.length - 1;
  }
  toRecord(): Record<string, number> {
    const o: Record<string, number> = {};
    for (let i = 0; i < this.keys.length; i++) o[this.keys[i]!] = this.counts[i]!;
    return o;
  }
}

/** Counts of pairs of tallied labels (`a|b`), by their numbers, in first-seen order. */
class PairTally {
  private readonly counts = new Map<number, number>();
  add(a: number, b: number): void {
    const k = a * 4096 + b;
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }
  toRecord(a: Tally, b: Tally): Record<string, number> {
    const o: Record<string, number> = {};
    for (const [k, n] of this.counts) o[`${a.keys[Math.floor(k / 4096)]!}|${b.keys[k % 4096]!}`] = n;
    return o;
  }
}

/**
 * Counts by label (first-seen order, copied out by toJSON; mergeStats sorts the keys). A class: its
 * methods are the same functions for every partition, so their optimised code is kept.
 */
class StatsAccumulator {
  private enterprises = 0;
  private inspectionsPerYear = 0;
  private noInspection = 0;
  private onNoDisturbanceList = 0;
  private readonly byGrade = new Tally();
  private readonly byRisk = new Tally();
  private readonly byClass = new Tally();
  private readonly matrix = new PairTally();
  private readonly reasons = new Tally();
  private readonly sections = new Tally();
  private readonly bySection = new PairTally();
  private readonly warnings = new Tally();
  add(e: Enterprise, g: GradeLine): void {
    this.enterprises++;
    const gi = this.byGrade.inc(g.grade);
    const ri = this.byRisk.inc(g.riskLevel);
    this.byClass.inc(g.supervisionClass);
    this.matrix.add(gi, ri);
    this.inspectionsPerYear += g.inspectionsPerYear;
    if (g.inspectionsPerYear === 0) this.noInspection++;
    if (e.onNoDisturbanceList) this.onNoDisturbanceList++;
    // Indexed loops: an iterator object per enterprise was ~30 MB of garbage per district run.
    const reasons = g.reasons;
    for (let k = 0; k < reasons.length; k++) this.reasons.inc(reasons[k]!);
    const warnings = g.warnings;
    if (warnings) for (let k = 0; k < warnings.length; k++) this.warnings.inc(warnings[k]!);
    const c = e.industryCode.charCodeAt(0);
    const sec = c >= 65 && c <= 84 ? e.industryCode[0]! : '?'; // section letters A–T
    this.bySection.add(this.sections.inc(sec), gi);
  }
  toJSON(): GradeStats {
    return {
      enterprises: this.enterprises, byGrade: this.byGrade.toRecord(), byRisk: this.byRisk.toRecord(), byClass: this.byClass.toRecord(),
      matrix: this.matrix.toRecord(this.byGrade, this.byRisk),
      inspectionsPerYear: this.inspectionsPerYear, noInspection: this.noInspection, onNoDisturbanceList: this.onNoDisturbanceList,
      reasons: this.reasons.toRecord(), bySection: this.bySection.toRecord(this.sections, this.byGrade), warnings: this.warnings.toRecord(),
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
