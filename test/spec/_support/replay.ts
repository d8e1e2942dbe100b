/**
 * 失败的性质测试输出可重放的一致性用例 / a failing property prints a replayable conformance case.
 *
 * `assertProperty` is `fc.assert` with one addition: when the property fails, it first writes to
 * stderr (1) a conformance case built from the shrunk counterexample, ready to paste into
 * `test/cases/<area>/regressions.json` (the `cases` array) so the failure stays a fixed case, and
 * (2) the `{ seed, path }` that replays the run. It then throws fast-check's own error (the
 * message from `fc.defaultReportMessage`, with the property's error as `cause`), so vitest output,
 * seed and path in the message, and `params` such as `seed`, `path`, `numRuns` or `endOnFailure`
 * behave exactly as with `fc.assert`. A passing property prints nothing.
 *
 * Usage in a spec file:
 *
 * ```ts
 * import fc from 'fast-check';
 * import { assertProperty } from './_support/replay.js';
 *
 * it('最早可申请修复日不早于决定日 / the earliest repair date is never before the decision (Order 36)', () => {
 *   assertProperty(
 *     fc.property(publicityInputArb, (input) => (calc(input).earliestRepairDate ?? '9999') >= input.decisionDate),
 *     { numRuns: 200 },
 *     {
 *       area: 'repair',
 *       name: '最早可申请修复日不早于决定日 / the earliest repair date is never before the decision',
 *       // The counterexample is the tuple of the property's arguments.
 *       toCase: ([input]) => ({ asOf: input.decisionDate, input, citation: '国家发展改革委令2025年第36号' }),
 *     },
 *   );
 * });
 * ```
 *
 * On failure stderr shows:
 *
 * ```text
 * ── xinfeng: property failed — replayable conformance case (paste into test/cases/repair/regressions.json) ──
 * { "name": "… (counterexample, seed 1234, path \"5:0:1\")", "area": "repair", "asOf": "…", "input": {…}, "expected": null, "citation": "…", "description": "…" }
 * ── replay: {"seed":1234,"path":"5:0:1"} ──
 * ```
 *
 * Fill in `expected` (the correct output; `null` is printed when `toCase` gives none) and commit the
 * case; `fc.assert(property, { seed, path, endOnFailure: true })` replays the failing run. Without
 * `toCase` only the counterexample (as JSON) and `{ seed, path }` are printed. The counterexample is
 * converted with a JSON replacer (bigint → string, Map/Set → arrays, undefined dropped), so `toCase`
 * should return JSON-shaped data (dates as `YYYY-MM-DD`, money as integers or decimal strings).
 */
import fc from 'fast-check';
import type { ConformanceArea } from '../../../src/conformance/index.js';

/**
 * What `toCase` returns: the case fields that depend on the counterexample.
 *
 * @example
 * ```ts
 * const parts: ReplayCaseParts = { asOf: '2025-06-30', input: { op: 'isWorkingDay', date: d }, expected: true, citation: '国办发明电〔2024〕12号' };
 * ```
 */
export interface ReplayCaseParts {
  readonly asOf: string;
  readonly input: unknown;
  /** The correct output (a deep subset of the actual). Omit to print `null` for the author to fill in. */
  readonly expected?: unknown;
  readonly citation: string | readonly string[];
}

/**
 * Options of {@link assertProperty}.
 *
 * @example
 * ```ts
 * const opts: ReplayOptions<[string]> = { area: 'calendar', name: '… / …', toCase: ([d]) => ({ asOf: d, input: { op: 'isWorkingDay', date: d }, citation: '…' }) };
 * ```
 */
export interface ReplayOptions<Ts> {
  readonly area: ConformanceArea;
  /** Bilingual case name: "中文 / English" (usually the `it` title without the citation). */
  readonly name: string;
  /** Builds the case from the shrunk counterexample (the tuple of the property's arguments). */
  readonly toCase?: (counterexample: Ts) => ReplayCaseParts;
  /** Where the report is written; default `process.stderr`. */
  readonly write?: (text: string) => void;
}

/**
 * Start of the marker line before the printed case, so tools can cut it out of a test log (the
 * case JSON runs from the next line up to the {@link REPLAY_SEED_PREFIX} line).
 *
 * @example
 * ```ts
 * const begin = log.split('\n').findIndex((l) => l.startsWith(REPLAY_CASE_BEGIN));
 * ```
 */
export const REPLAY_CASE_BEGIN = '── xinfeng: property failed — replayable conformance case';
/**
 * Prefix of the line carrying `{ seed, path }` as JSON (followed by ` ──`).
 *
 * @example
 * ```ts
 * const line = log.split('\n').find((l) => l.startsWith(REPLAY_SEED_PREFIX))!;
 * const { seed, path } = JSON.parse(line.slice(REPLAY_SEED_PREFIX.length, line.lastIndexOf(' ──')));
 * ```
 */
export const REPLAY_SEED_PREFIX = '── replay: ';

function jsonSafe(value: unknown): string {
  return JSON.stringify(
    value,
    (_k, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Map) return [...v.entries()];
      if (v instanceof Set) return [...v.values()];
      if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
      return v;
    },
    2,
  );
}

/** The report text for a failed run, or undefined when the run did not fail. */
function report<Ts>(out: fc.RunDetails<Ts>, opts: ReplayOptions<Ts>): string | undefined {
  if (!out.failed) return undefined;
  const replay = JSON.stringify({ seed: out.seed, path: out.counterexamplePath });
  const lines: string[] = [];
  if (out.counterexample === null) {
    // Interrupted or too many skipped values: there is no counterexample to turn into a case.
    lines.push(`── xinfeng: property failed without a counterexample (${opts.area}: ${opts.name}) ──`);
  } else if (opts.toCase) {
    let parts: ReplayCaseParts | undefined;
    let buildError: unknown;
    try {
      parts = opts.toCase(out.counterexample);
    } catch (e) {
      buildError = e;
    }
    if (parts) {
      const suffix = ` (counterexample, seed ${out.seed}, path ${JSON.stringify(out.counterexamplePath)})`;
      const c = {
        name: `${opts.name.slice(0, 500 - suffix.length)}${suffix}`,
        area: opts.area,
        asOf: parts.asOf,
        input: parts.input,
        expected: parts.expected === undefined ? null : parts.expected,
        citation: parts.citation,
        description: `fast-check counterexample; replay with fc.assert(property, { seed: ${out.seed}, path: ${JSON.stringify(out.counterexamplePath)}, endOnFailure: true })${parts.expected === undefined ? '; fill in "expected" before committing' : ''}`,
      };
      lines.push(`${REPLAY_CASE_BEGIN} (paste into test/cases/${opts.area}/regressions.json) ──`, jsonSafe(c));
    } else {
      lines.push(`── xinfeng: toCase threw (${String(buildError)}); counterexample of ${opts.area}: ${opts.name} ──`, jsonSafe(out.counterexample));
    }
  } else {
    lines.push(`── xinfeng: property failed — counterexample of ${opts.area}: ${opts.name} (give toCase to print a conformance case) ──`, jsonSafe(out.counterexample));
  }
  lines.push(`${REPLAY_SEED_PREFIX}${replay} ──`);
  return `${lines.join('\n')}\n`;
}

// fast-check's own error for a failed run (what fc.assert throws without a reporter).
function fastCheckError<Ts>(out: fc.RunDetails<Ts>, message: string): Error {
  if (out.runConfiguration.includeErrorInReport) return new Error(message);
  return new Error(message, { cause: out.errorInstance });
}

/**
 * `fc.assert` that also prints a replayable conformance case and `{ seed, path }` on failure (see
 * the module comment). Same parameters and semantics as `fc.assert`; returns a promise for an
 * async property. A caller's own `reporter`/`asyncReporter` still runs (after the print) instead of
 * the default throw.
 *
 * @example
 * ```ts
 * assertProperty(fc.property(fc.integer(), (n) => n + 0 === n), { numRuns: 100 }, { area: 'calendar', name: '加零不变 / adding zero' });
 * ```
 */
export function assertProperty<Ts>(property: fc.IProperty<Ts>, params?: fc.Parameters<Ts>, opts?: ReplayOptions<Ts>): void;
export function assertProperty<Ts>(property: fc.IAsyncProperty<Ts>, params?: fc.Parameters<Ts>, opts?: ReplayOptions<Ts>): Promise<void>;
export function assertProperty<Ts>(property: fc.IRawProperty<Ts>, params: fc.Parameters<Ts> = {}, opts?: ReplayOptions<Ts>): void | Promise<void> {
  const write = opts?.write ?? ((t: string) => void process.stderr.write(t));
  const print = (out: fc.RunDetails<Ts>): void => {
    if (!opts) return;
    const text = report(out, opts);
    if (text !== undefined) write(text);
  };
  if (property.isAsync()) {
    const userAsync = params.asyncReporter;
    const userSync = params.reporter;
    const asyncReporter = async (out: fc.RunDetails<Ts>): Promise<void> => {
      print(out);
      if (userAsync) return userAsync(out);
      if (userSync) return userSync(out);
      if (!out.failed) return;
      const message = await fc.asyncDefaultReportMessage(out);
      throw fastCheckError(out, message ?? 'Property failed');
    };
    const { reporter: _r, ...rest } = params;
    return fc.assert(property as fc.IAsyncProperty<Ts>, { ...rest, asyncReporter });
  }
  const userSync = params.reporter;
  const reporter = (out: fc.RunDetails<Ts>): void => {
    print(out);
    if (userSync) return userSync(out);
    if (!out.failed) return;
    throw fastCheckError(out, fc.defaultReportMessage(out) ?? 'Property failed');
  };
  fc.assert(property as fc.IProperty<Ts>, { ...params, reporter });
}
