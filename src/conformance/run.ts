import { isXinfengError, makeIssue, type Issue } from '../_lib/issues/index.js';
import { defaultRulebook, withOverrides, type Rulebook } from '../rulebook/index.js';
import { compareSubset, type CaseDifference } from './compare.js';
import { conformanceCaseSchema, conformanceFileSchema, type ConformanceArea, type ConformanceCase } from './schema.js';
import { foundationRunners, type ConformanceRunner } from './runners.js';
import { domainRunners } from './domain-runners.js';

/** Outcome of one conformance case. */
export interface CaseResult {
  readonly name: string;
  readonly area: ConformanceArea;
  readonly source: string;
  readonly citation: string | readonly string[];
  readonly pass: boolean;
  readonly differences: readonly CaseDifference[];
  /** Set when the case could not be run (unknown area runner, malformed input). */
  readonly error?: string;
}

/** Result of loading a case file: its cases, or issues naming the fault. */
export type LoadCasesResult =
  | { readonly ok: true; readonly cases: readonly ConformanceCase[] }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/**
 * Parses and validates a conformance case file (JSON). Never throws for bad content: returns
 * issues naming the JSON path. Keys such as `__proto__` are kept as plain data, never merged into
 * prototypes.
 *
 * @example
 * ```ts
 * const r = loadCaseFile(readFileSync('test/cases/calendar/month-end.json', 'utf8'), 'month-end.json');
 * ```
 */
export function loadCaseFile(text: string, source: string): LoadCasesResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, issues: [makeIssue('CONFORMANCE_CASE_INVALID', { source, path: '$', reason: (e as Error).message })] };
  }
  // Pick the branch first so errors name the real path instead of "no union member matched".
  const isFile = typeof data === 'object' && data !== null && !Array.isArray(data) && Object.prototype.hasOwnProperty.call(data, 'cases');
  const parsed = isFile ? conformanceFileSchema.safeParse(data) : conformanceCaseSchema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.slice(0, 20).map((i) =>
        makeIssue('CONFORMANCE_CASE_INVALID', { source, path: `$${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`, reason: i.message }),
      ),
    };
  }
  const cases = 'cases' in parsed.data ? parsed.data.cases : [parsed.data as ConformanceCase];
  return { ok: true, cases };
}

/**
 * Every runner: foundation areas and the domain areas.
 *
 * @example
 * ```ts
 * conformanceRunners().calendar?.({ op: 'isWorkingDay', date: '2025-01-26' }, ctx); // true
 * ```
 */
export function conformanceRunners(): Partial<Record<ConformanceArea, ConformanceRunner>> {
  return { ...foundationRunners, ...domainRunners };
}

/**
 * Runs one case against the default rulebook (or the one given), with the case's rulebook patch.
 * A thrown xinfeng error becomes the actual output `{ error: CODE }`, so cases can expect errors.
 *
 * @example
 * ```ts
 * const res = runConformanceCase(c, 'month-end.json');
 * if (!res.pass) console.log(res.differences);
 * ```
 */
export function runConformanceCase(c: ConformanceCase, source: string, rulebook: Rulebook = defaultRulebook()): CaseResult {
  const base = { name: c.name, area: c.area, source, citation: c.citation };
  const runner = conformanceRunners()[c.area];
  if (!runner) return { ...base, pass: false, differences: [], error: `no runner for area "${c.area}"` };
  let actual: unknown;
  try {
    const rb = c.rulebookPatch ? withOverrides(rulebook, c.rulebookPatch) : rulebook;
    actual = runner(c.input, { asOf: c.asOf, rulebook: rb });
  } catch (e) {
    if (isXinfengError(e)) actual = { error: e.code };
    else if (e instanceof Error && e.name === 'ZodError') {
      return { ...base, pass: false, differences: [], error: `malformed input: ${e.message.slice(0, 500)}` };
    } else throw e;
  }
  // Round-trip through JSON so the comparison sees what a JSON consumer would see.
  const json: unknown = actual === undefined ? null : JSON.parse(JSON.stringify(actual));
  const differences = compareSubset(c.expected, json);
  return { ...base, pass: differences.length === 0, differences };
}
