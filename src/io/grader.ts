import { createGrader, type CreditEvent, type Enterprise } from '../grading/index.js';
import { rulebookHash, valueAt, type Rulebook } from '../rulebook/index.js';
import type { GradeLine, PartitionGrader } from './engine.js';

/**
 * Formats a score in hundredths at a rounding scale, exactly. The grader has already rounded to
 * that scale, so no digits are lost.
 *
 * @example
 * ```ts
 * formatHundredths(9150, 2); // '91.50'
 * formatHundredths(9200, 0); // '92'
 * ```
 */
export function formatHundredths(h: number, scale: number): string {
  const neg = h < 0;
  const a = Math.abs(h);
  let s: string;
  if (scale >= 2) s = `${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}${'0'.repeat(scale - 2)}`;
  else if (scale === 1) s = `${Math.floor(a / 100)}.${Math.floor((a % 100) / 10)}`;
  else s = String(Math.floor(a / 100));
  return neg ? `-${s}` : s;
}

const NO_WARNINGS: readonly string[] = Object.freeze([]);

/**
 * The pipeline's grading engine: grading's compiled {@link createGrader} (validation off, since rows
 * were checked at ingest with the schema's checkers), plus the supervision-class parameters the
 * grades CSV reports (inspections per year, sampling ratio).
 *
 * @example
 * ```ts
 * const g = createPartitionGrader(defaultRulebook(), '2025-06-30');
 * g.grade(enterprise, events, false).line.supervisionClass;
 * ```
 */
export function createPartitionGrader(rulebook: Rulebook, asOf: string): PartitionGrader {
  const grader = createGrader(rulebook, asOf, { validate: false });
  const classes = valueAt(rulebook, 'grading.supervisionClasses', asOf).value as Record<string, { inspectionsPerYearMax: number; samplingRatio: string }>;
  const scale = (valueAt(rulebook, 'general.scoreRounding', asOf).value as { scale: number }).scale;
  const hash = rulebookHash(rulebook);
  // Scores repeat across a district: each one is formatted once (a few strings each time otherwise).
  const scoreText = new Map<number, string>();
  const formatScore = (h: number): string => {
    let t = scoreText.get(h);
    if (t === undefined) {
      t = formatHundredths(h, scale);
      if (scoreText.size < 1 << 16) scoreText.set(h, t);
    }
    return t;
  };
  return {
    rulebookId: rulebook.id,
    rulebookHash: hash,
    asOf,
    grade(enterprise: Enterprise, events: readonly CreditEvent[], explain: boolean) {
      const s = grader(enterprise, events);
      const cls = classes[s.supervisionClass];
      const line: GradeLine = {
        uscc: s.uscc,
        score: formatScore(s.scoreHundredths),
        grade: s.grade,
        riskLevel: s.riskLevel,
        supervisionClass: s.supervisionClass,
        inspectionsPerYear: cls?.inspectionsPerYearMax ?? 0,
        samplingRatio: cls?.samplingRatio ?? '',
        reasons: s.reasonCodes,
        warnings: s.issues.length === 0 ? NO_WARNINGS : s.issues.map((i) => i.code),
      };
      return explain ? { line, explanation: grader.explain(enterprise, events) } : { line };
    },
  };
}
