import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, defaultRulebookJson, loadRulebook, rulebookHash, valueAt, withOverrides, isXinfengError } from '../../src/index.js';

// Dates as day offsets from 2020-01-01 keep generated series ordered and realistic.
const EPOCH = Date.UTC(2020, 0, 1);
const day = (n: number): string => new Date(EPOCH + n * 86_400_000).toISOString().slice(0, 10);

const source = { title: '生成的出处 / generated source', status: 'confirmed', lastVerifiedOn: '2020-01-01', reviewBy: '2099-12-31' } as const;

/** A dated series: ascending, non-overlapping, some with gaps, last possibly open. */
const seriesArb = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 30 })), { minLength: 1, maxLength: 6 })
  .chain((parts) =>
    fc.boolean().map((openEnd) => {
      let cursor = 0;
      return parts.map(([gapBefore, length, limit], i) => {
        const from = cursor + gapBefore;
        const to = from + length;
        cursor = to;
        const last = i === parts.length - 1;
        return { from: day(from), ...(last && openEnd ? {} : { to: day(to) }), value: { citizen: String(100 + limit), organisation: String(1000 + limit) }, source };
      });
    }),
  );

function withSeries(values: unknown[]) {
  const json = structuredClone(defaultRulebookJson()) as { parameters: { general: { simpleProcedureFineLimit: { values: unknown[] } } } };
  json.parameters.general.simpleProcedureFineLimit.values = values;
  return loadRulebook(json);
}

describe('规则集 / rulebook', () => {
  it('valueAt 只返回生效期间包含该日的值，期末日含在内 / valueAt returns exactly the value whose [from, to] contains asOf, end inclusive (rules-as-data: every value dated)', () => {
    fc.assert(
      fc.property(seriesArb, fc.integer({ min: 0, max: 3000 }), (series, probe) => {
        const rb = withSeries(series);
        const asOf = day(probe);
        const expected = series.find((v) => v.from <= asOf && (!('to' in v) || asOf <= (v as { to: string }).to));
        try {
          const got = valueAt(rb, 'general.simpleProcedureFineLimit', asOf);
          expect(expected).toBeDefined();
          expect(got.from).toBe(expected!.from);
          expect(got.value).toEqual(expected!.value);
        } catch (e) {
          expect(isXinfengError(e) && e.code === 'RULEBOOK_NO_VALUE_AT_DATE').toBe(true);
          expect(expected).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('规则集哈希与键的顺序无关 / the rulebook hash does not depend on key order (content identity)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (seed) => {
        const json = defaultRulebookJson() as Record<string, unknown>;
        const keys = Object.keys(json);
        // deterministic shuffle of top-level keys from the seed
        const shuffled = [...keys].sort((a, b) => ((a.charCodeAt(0) * seed) % 97) - ((b.charCodeAt(0) * seed) % 97));
        const reordered = Object.fromEntries(shuffled.map((k) => [k, json[k]]));
        expect(rulebookHash(loadRulebook(reordered))).toBe(rulebookHash(loadRulebook(json)));
        expect(canonicalJson(reordered)).toBe(canonicalJson(json));
      }),
      { numRuns: 50 },
    );
  });

  it('withOverrides 不改变原规则集 / withOverrides never changes the base rulebook (what-if reforms are separate)', () => {
    fc.assert(
      fc.property(seriesArb, (series) => {
        const base = withSeries([{ from: '2021-07-15', value: { citizen: '200', organisation: '3000' }, source }]);
        const before = JSON.stringify(base);
        const reform = withOverrides(base, { parameters: { general: { simpleProcedureFineLimit: { values: series } } } });
        expect(JSON.stringify(base)).toBe(before);
        expect(reform.parameters.general.simpleProcedureFineLimit.values).toEqual(series);
      }),
      { numRuns: 100 },
    );
  });
});
