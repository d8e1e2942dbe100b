/** One difference between expected and actual output. */
export interface CaseDifference {
  /** JSON path of the difference, e.g. `$.grade` or `$.reasons[0].code`. */
  readonly path: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

function fmtPath(base: string, key: string | number): string {
  return typeof key === 'number' ? `${base}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

/**
 * Compares `expected` as a deep subset of `actual`: objects need only the expected keys; arrays
 * must have the same length and match element by element; scalars must be equal (numbers and
 * numeric strings compare by value, so "12.50" equals 12.5 — exact decimals are strings).
 *
 * @example
 * ```ts
 * compareSubset({ grade: 'B' }, { grade: 'B', score: 88 }); // []
 * ```
 */
export function compareSubset(expected: unknown, actual: unknown, path = '$'): CaseDifference[] {
  if (expected === null || typeof expected !== 'object') {
    if (expected === actual) return [];
    const numeric = (v: unknown) => (typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) ? Number(v) : NaN);
    const a = numeric(expected);
    const b = numeric(actual);
    // exact decimals travel as strings: "12.50" and 12.5 denote the same amount
    if (!Number.isNaN(a) && !Number.isNaN(b) && a === b) return [];
    return [{ path, expected, actual }];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path, expected, actual }];
    if (expected.length !== actual.length) return [{ path: `${path}.length`, expected: expected.length, actual: actual.length }];
    return expected.flatMap((e, i) => compareSubset(e, actual[i], fmtPath(path, i)));
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [{ path, expected, actual }];
  const out: CaseDifference[] = [];
  for (const key of Object.keys(expected)) {
    const has = Object.prototype.hasOwnProperty.call(actual, key);
    const av = has ? (actual as Record<string, unknown>)[key] : undefined;
    out.push(...compareSubset((expected as Record<string, unknown>)[key], av, fmtPath(path, key)));
  }
  return out;
}
