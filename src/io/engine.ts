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
  const s = { enterprises: 0, inspectionsPerYear: 0, noInspection: 0, onNoDisturbanceList: 0 };
  // Counted in Maps (string-keyed objects fall into dictionary mode) and copied out by toJSON, in
  // first-seen order as before; mergeStats sorts the keys.
  const counters = { byGrade: new Map<string, number>(), byRisk: new Map<string, number>(), byClass: new Map<string, number>(), matrix: new Map<string, number>(), reasons: new Map<string, number>(), bySection: new Map<string, number>(), warnings: new Map<string, number>() };
  const inc = (m: Map<string, number>, k: string) => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  // `a|b` keys built once per pair: a fresh concatenation would be hashed on every call.
  const pairs = new Map<string, Map<string, string>>();
  const pair = (a: string, b: string): string => {
    let m = pairs.get(a);
    if (!m) pairs.set(a, (m = new Map()));
    let k = m.get(b);
    if (k === undefined) m.set(b, (k = `${a}|${b}`));
    return k;
  };
  const toRecord = (m: Map<string, number>): Record<string, number> => {
    const o: Record<string, number> = {};
    for (const [k, v] of m) o[k] = v;
    return o;
  };
  return {
    add(e: Enterprise, g: GradeLine) {
      s.enterprises++;
      inc(counters.byGrade, g.grade);
      inc(counters.byRisk, g.riskLevel);
      inc(counters.byClass, g.supervisionClass);
      inc(counters.matrix, pair(g.grade, g.riskLevel));
      s.inspectionsPerYear += g.inspectionsPerYear;
      if (g.inspectionsPerYear === 0) s.noInspection++;
      if (e.onNoDisturbanceList) s.onNoDisturbanceList++;
      for (const r of g.reasons) inc(counters.reasons, r);
      if (g.warnings) for (const w of g.warnings) inc(counters.warnings, w);
      const c = e.industryCode.charCodeAt(0);
      const sec = c >= 65 && c <= 84 ? e.industryCode[0]! : '?'; // section letters A–T
      inc(counters.bySection, pair(sec, g.grade));
    },
    toJSON(): GradeStats {
      return {
        enterprises: s.enterprises, byGrade: toRecord(counters.byGrade), byRisk: toRecord(counters.byRisk), byClass: toRecord(counters.byClass), matrix: toRecord(counters.matrix),
        inspectionsPerYear: s.inspectionsPerYear, noInspection: s.noInspection, onNoDisturbanceList: s.onNoDisturbanceList,
        reasons: toRecord(counters.reasons), bySection: toRecord(counters.bySection), warnings: toRecord(counters.warnings),
      };
    },
  };
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
