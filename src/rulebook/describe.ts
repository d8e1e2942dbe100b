import { canonicalJson } from '../_lib/hash.js';
import type { Issue } from '../_lib/issues/index.js';
import type { Provenance } from './primitives.js';
import type { Rulebook } from './schema.js';
import { listParameterPaths, parameterAt, pickDatedValue, valueAt } from './value-at.js';

/** One row of {@link describeRulebook}: a parameter and the value in force on a date. */
export interface ParameterInForce {
  readonly path: string;
  readonly description: string;
  readonly unit?: string;
  /** Undefined when no value covers the date. */
  readonly value?: unknown;
  readonly from?: string;
  readonly to?: string;
  readonly source?: Provenance;
  /** True for `inferred` and `library-default` values: not (yet) law. */
  readonly flagged: boolean;
  readonly warnings: readonly Issue[];
}

/**
 * Every parameter of a rulebook with the value in force on `asOf` and its source, in tree order
 * (what `xinfeng rules` prints). Parameters with no value on that date are listed without one.
 *
 * @example
 * ```ts
 * for (const p of describeRulebook(defaultRulebook(), '2025-06-30')) console.log(p.path, p.source?.status);
 * ```
 */
export function describeRulebook(rulebook: Rulebook, asOf: string): ParameterInForce[] {
  return listParameterPaths(rulebook).map((path) => {
    const node = parameterAt(rulebook, path);
    const base = { path, description: node.description, ...(node.unit !== undefined ? { unit: node.unit } : {}) };
    if (!pickDatedValue(node.values, asOf)) return { ...base, flagged: false, warnings: [] };
    const v = valueAt(rulebook, path, asOf);
    return {
      ...base,
      value: v.value,
      from: v.from,
      ...(v.to !== undefined ? { to: v.to } : {}),
      source: v.source,
      flagged: v.source.status === 'inferred' || v.source.status === 'library-default',
      warnings: v.warnings,
    };
  });
}

/**
 * Short one-line rendering of a parameter value for listings.
 *
 * @example
 * ```ts
 * formatParameterValue({ scale: 2, mode: 'half-up' }); // '{"mode":"half-up","scale":2}'
 * ```
 */
export function formatParameterValue(value: unknown, max = 160): string {
  const s = typeof value === 'string' ? value : canonicalJson(value);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
