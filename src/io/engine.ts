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
export function emptyStats(): GradeStats & { add(e: Enterprise, g: GradeLine): void; toJSON(): GradeStats } {
  const s: GradeStats = { enterprises: 0, byGrade: {}, byRisk: {}, byClass: {}, matrix: {}, inspectionsPerYear: 0, noInspection: 0, onNoDisturbanceList: 0, reasons: {}, bySection: {}, warnings: {} };
  const inc = (o: Record<string, number>, k: string, n = 1) => {
    o[k] = (o[k] ?? 0) + n;
  };
  return Object.assign(s, {
    add(e: Enterprise, g: GradeLine) {
      s.enterprises++;
      inc(s.byGrade, g.grade);
      inc(s.byRisk, g.riskLevel);
      inc(s.byClass, g.supervisionClass);
      inc(s.matrix, `${g.grade}|${g.riskLevel}`);
      s.inspectionsPerYear += g.inspectionsPerYear;
      if (g.inspectionsPerYear === 0) s.noInspection++;
      if (e.onNoDisturbanceList) s.onNoDisturbanceList++;
      for (const r of g.reasons) inc(s.reasons, r);
      if (g.warnings) for (const w of g.warnings) inc(s.warnings, w);
      const sec = /^[A-T]/.test(e.industryCode) ? e.industryCode[0]! : '?';
      inc(s.bySection, `${sec}|${g.grade}`);
    },
    toJSON(): GradeStats {
      return { enterprises: s.enterprises, byGrade: s.byGrade, byRisk: s.byRisk, byClass: s.byClass, matrix: s.matrix, inspectionsPerYear: s.inspectionsPerYear, noInspection: s.noInspection, onNoDisturbanceList: s.onNoDisturbanceList, reasons: s.reasons, bySection: s.bySection, warnings: s.warnings };
    },
  });
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
