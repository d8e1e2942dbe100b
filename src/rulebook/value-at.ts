import { fail, makeIssue, XinfengError, type Issue } from '../_lib/issues/index.js';
import { closest } from '../_lib/suggest.js';
import { isParameterNode, type DatedValue, type ParameterNode, type Provenance } from './primitives.js';
import type { ParameterPath, ParameterValue, Rulebook } from './schema.js';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Options for reading rulebook values. */
export interface ValueAtOptions {
  /**
   * Strict mode: a value past its `reviewBy` date is an error (throws RULEBOOK_STALE_VALUE).
   * Lenient mode (default): it is returned with a RULEBOOK_STALE_VALUE warning.
   */
  readonly strict?: boolean;
}

/** A parameter value in force on a date, with where it comes from. */
export interface ValueInForce<T> {
  readonly path: string;
  readonly value: T;
  /** First day in force. */
  readonly from: string;
  /** Last day in force (inclusive), if the value has an end. */
  readonly to?: string;
  readonly unit?: string;
  readonly source: Provenance;
  readonly warnings: readonly Issue[];
}

function nodeAt(rulebook: Rulebook, path: string): ParameterNode {
  const segs = path.split('.');
  let cur: unknown = rulebook.parameters;
  const walked: string[] = [];
  for (const seg of segs) {
    if (typeof cur !== 'object' || cur === null || isParameterNode(cur) || !Object.prototype.hasOwnProperty.call(cur, seg)) {
      const keys = typeof cur === 'object' && cur !== null && !isParameterNode(cur) ? Object.keys(cur) : [];
      const near = closest(seg, keys);
      const full = near ? [...walked, near].join('.') : undefined;
      fail('RULEBOOK_UNKNOWN_PATH', {
        path,
        suggestion: full ? ` (did you mean "${full}"?)` : '',
        suggestionZh: full ? `（是否应为“${full}”？）` : '',
      });
    }
    cur = (cur as Record<string, unknown>)[seg];
    walked.push(seg);
  }
  if (!isParameterNode(cur)) {
    fail('RULEBOOK_UNKNOWN_PATH', { path, suggestion: ' (this is a namespace, not a parameter)', suggestionZh: '（这是命名空间，不是参数）' });
  }
  return cur;
}

function covered(values: readonly DatedValue<unknown>[]): string {
  return values.map((v) => `${v.from}–${v.to ?? '…'}`).join(', ');
}

/**
 * Picks the dated value in force on `asOf` (`from` ≤ asOf ≤ `to`, `to` inclusive), or undefined.
 *
 * @example
 * ```ts
 * pickDatedValue(parameterAt(rb, 'general.scoreRounding').values, '2025-06-30')?.value;
 * ```
 */
export function pickDatedValue<T>(values: readonly DatedValue<T>[], asOf: string): DatedValue<T> | undefined {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i]!;
    if (v.from <= asOf) return v.to === undefined || asOf <= v.to ? v : undefined;
  }
  return undefined;
}

/**
 * The value of a rulebook parameter in force on `asOf`, with its provenance. Asking for a date no
 * value covers, or a path that does not exist, throws a typed {@link XinfengError}
 * (`RULEBOOK_NO_VALUE_AT_DATE`, `RULEBOOK_UNKNOWN_PATH`) — never a silent fallback.
 *
 * @example
 * ```ts
 * const v = valueAt(defaultRulebook(), 'repair.minimumPeriodReached', '2025-06-01');
 * v.value; v.source.docNo; v.warnings;
 * ```
 */
export function valueAt<P extends ParameterPath>(
  rulebook: Rulebook,
  path: P,
  asOf: string,
  options?: ValueAtOptions,
): ValueInForce<ParameterValue<P>>;
export function valueAt(rulebook: Rulebook, path: string, asOf: string, options?: ValueAtOptions): ValueInForce<unknown>;
export function valueAt(rulebook: Rulebook, path: string, asOf: string, options: ValueAtOptions = {}): ValueInForce<unknown> {
  if (typeof asOf !== 'string' || !DATE_RE.test(asOf)) fail('INVALID_CALENDAR_DATE', { value: String(asOf) });
  const node = nodeAt(rulebook, path);
  const v = pickDatedValue(node.values, asOf);
  if (!v) fail('RULEBOOK_NO_VALUE_AT_DATE', { path, asOf, covered: covered(node.values) });
  const warnings: Issue[] = [];
  if (v.source.reviewBy < asOf) {
    const params = { path, reviewBy: v.source.reviewBy, asOf, lastVerifiedOn: v.source.lastVerifiedOn };
    if (options.strict) throw new XinfengError(makeIssue('RULEBOOK_STALE_VALUE', params, { severity: 'error' }));
    warnings.push(makeIssue('RULEBOOK_STALE_VALUE', params, { severity: 'warning' }));
  }
  const out: { -readonly [K in keyof ValueInForce<unknown>]: ValueInForce<unknown>[K] } = {
    path,
    value: v.value,
    from: v.from,
    source: v.source,
    warnings,
  };
  if (v.to !== undefined) out.to = v.to;
  if (node.unit !== undefined) out.unit = node.unit;
  return out;
}

/** One parameter read recorded by a {@link RulebookReader} (the opt-in trace). */
export interface ParameterRead {
  readonly path: string;
  readonly from: string;
  readonly to?: string;
  readonly source: Provenance;
}

/**
 * Reads many parameters on one date, collecting staleness warnings once per parameter and a
 * trace of every parameter read (path, effective dates, source). Engines create one per run.
 *
 * @example
 * ```ts
 * const r = createRulebookReader(rb, '2025-06-30');
 * const t = r.get('grading.thresholds');
 * r.reads; r.warnings;
 * ```
 */
export interface RulebookReader {
  readonly rulebook: Rulebook;
  readonly asOf: string;
  get<P extends ParameterPath>(path: P): ParameterValue<P>;
  get(path: string): unknown;
  /** Like get, with provenance. */
  at<P extends ParameterPath>(path: P): ValueInForce<ParameterValue<P>>;
  readonly reads: readonly ParameterRead[];
  readonly warnings: readonly Issue[];
}

/**
 * Creates a {@link RulebookReader}.
 *
 * @example
 * ```ts
 * const reader = createRulebookReader(defaultRulebook(), '2025-06-30', { strict: true });
 * reader.get('general.scoreRounding').scale; // 2
 * ```
 */
export function createRulebookReader(rulebook: Rulebook, asOf: string, options: ValueAtOptions = {}): RulebookReader {
  const cache = new Map<string, ValueInForce<unknown>>();
  const reads: ParameterRead[] = [];
  const warnings: Issue[] = [];
  const at = (path: string): ValueInForce<unknown> => {
    let v = cache.get(path);
    if (!v) {
      v = valueAt(rulebook, path, asOf, options);
      cache.set(path, v);
      const read: { -readonly [K in keyof ParameterRead]: ParameterRead[K] } = { path, from: v.from, source: v.source };
      if (v.to !== undefined) read.to = v.to;
      reads.push(read);
      warnings.push(...v.warnings);
    }
    return v;
  };
  return {
    rulebook,
    asOf,
    get: ((path: string) => at(path).value) as RulebookReader['get'],
    at: at as RulebookReader['at'],
    reads,
    warnings,
  };
}

/**
 * Every parameter path in a rulebook, in tree order.
 *
 * @example
 * ```ts
 * listParameterPaths(defaultRulebook()).includes('general.scoreRounding'); // true
 * ```
 */
export function listParameterPaths(rulebook: Rulebook): string[] {
  const out: string[] = [];
  const walk = (node: unknown, prefix: string): void => {
    if (isParameterNode(node)) {
      out.push(prefix);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const k of Object.keys(node)) walk((node as Record<string, unknown>)[k], prefix ? `${prefix}.${k}` : k);
  };
  walk(rulebook.parameters, '');
  return out;
}

/**
 * The raw parameter node (description, unit and all dated values) at a path.
 *
 * @example
 * ```ts
 * parameterAt(defaultRulebook(), 'general.simpleProcedureFineLimit').values.length;
 * ```
 */
export function parameterAt(rulebook: Rulebook, path: string): ParameterNode {
  return nodeAt(rulebook, path);
}
