import { describe, expect, it } from 'vitest';
import {
  defaultRulebook,
  defaultRulebookJson,
  loadRulebook,
  safeLoadRulebook,
  valueAt,
  withOverrides,
  rulebookHash,
  createRulebookReader,
  describeRulebook,
  resultStamp,
  listParameterPaths,
  isXinfengError,
  LIBRARY_VERSION,
} from '../../src/index.js';
import pkg from '../../package.json';

const source = {
  title: 'test source',
  status: 'confirmed',
  lastVerifiedOn: '2025-01-01',
  reviewBy: '2025-12-31',
} as const;

function rulebookWithLimit(values: unknown[]): unknown {
  const base = structuredClone(defaultRulebookJson()) as { parameters: { general: { simpleProcedureFineLimit: { values: unknown[] } } } };
  base.parameters.general.simpleProcedureFineLimit.values = values;
  return base;
}

function catchIssue(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (isXinfengError(e)) return e;
    throw e;
  }
  throw new Error('expected a XinfengError');
}

describe('default rulebook', () => {
  it('loads, is frozen and identified by id and hash', () => {
    const rb = defaultRulebook();
    expect(rb.id).toBe('cn-sh-minhang');
    expect(Object.isFrozen(rb)).toBe(true);
    expect(rulebookHash(rb)).toMatch(/^[0-9a-f]{64}$/);
    expect(listParameterPaths(rb)).toContain('general.simpleProcedureFineLimit');
  });

  it('library version matches package.json', () => {
    expect(LIBRARY_VERSION).toBe(pkg.version);
  });

  it('every value carries a status marker and review dates', () => {
    for (const p of describeRulebook(defaultRulebook(), '2025-06-30')) {
      if (!p.source) continue;
      expect(['confirmed', 'secondary', 'inferred', 'library-default']).toContain(p.source.status);
      expect(p.source.reviewBy >= p.source.lastVerifiedOn).toBe(true);
      expect(p.flagged).toBe(p.source.status === 'inferred' || p.source.status === 'library-default');
    }
  });

  it('round-trips through JSON with the same hash', () => {
    const rb = defaultRulebook();
    const again = loadRulebook(JSON.stringify(rb));
    expect(rulebookHash(again)).toBe(rulebookHash(rb));
  });
});

describe('valueAt', () => {
  const rb = loadRulebook(
    rulebookWithLimit([
      { from: '2021-07-15', to: '2024-12-31', value: { citizen: '200', organisation: '3000' }, source },
      { from: '2025-01-01', value: { citizen: '300', organisation: '5000' }, source: { ...source, reviewBy: '2026-06-30' } },
    ]),
  );

  it('returns the value in force with provenance; the end date is inclusive', () => {
    expect(valueAt(rb, 'general.simpleProcedureFineLimit', '2024-12-31').value.citizen).toBe('200');
    const v = valueAt(rb, 'general.simpleProcedureFineLimit', '2025-01-01');
    expect(v.value.organisation).toBe('5000');
    expect(v.from).toBe('2025-01-01');
    expect(v.to).toBeUndefined();
    expect(v.source.title).toBe('test source');
    expect(v.warnings).toEqual([]);
  });

  it('a date no value covers is a typed error, never a fallback', () => {
    const e = catchIssue(() => valueAt(rb, 'general.simpleProcedureFineLimit', '2021-07-14'));
    expect(e.code).toBe('RULEBOOK_NO_VALUE_AT_DATE');
    expect(e.issue.messageZh).toContain('2021-07-14');
  });

  it('an unknown path is a typed error with a suggestion', () => {
    const e = catchIssue(() => valueAt(rb, 'general.simpleProcedureFineLimt' as never, '2025-01-01'));
    expect(e.code).toBe('RULEBOOK_UNKNOWN_PATH');
    expect(e.message).toContain('general.simpleProcedureFineLimit');
  });

  it('lenient mode warns on stale values; strict mode throws', () => {
    const v = valueAt(rb, 'general.simpleProcedureFineLimit', '2026-07-01');
    expect(v.warnings.map((w) => w.code)).toEqual(['RULEBOOK_STALE_VALUE']);
    expect(v.warnings[0]!.severity).toBe('warning');
    const e = catchIssue(() => valueAt(rb, 'general.simpleProcedureFineLimit', '2026-07-01', { strict: true }));
    expect(e.code).toBe('RULEBOOK_STALE_VALUE');
    expect(e.issue.severity).toBe('error');
    // on the review date itself the value is still current
    expect(valueAt(rb, 'general.simpleProcedureFineLimit', '2026-06-30', { strict: true }).warnings).toEqual([]);
  });

  it('a malformed asOf is misuse and throws', () => {
    expect(catchIssue(() => valueAt(rb, 'general.simpleProcedureFineLimit', '2025/01/01')).code).toBe('INVALID_CALENDAR_DATE');
  });

  it('the reader records every parameter read once, with dates and source', () => {
    const r = createRulebookReader(rb, '2026-07-01');
    r.get('general.simpleProcedureFineLimit');
    r.get('general.simpleProcedureFineLimit');
    r.get('general.scoreRounding');
    expect(r.reads.map((x) => x.path)).toEqual(['general.simpleProcedureFineLimit', 'general.scoreRounding']);
    expect(r.warnings.length).toBe(1);
  });
});

describe('loading errors', () => {
  it('unknown keys are errors naming the path and the closest valid key', () => {
    const bad = structuredClone(defaultRulebookJson()) as Record<string, unknown>;
    (bad.parameters as Record<string, Record<string, unknown>>).general!.scoreRoundng = {};
    const r = safeLoadRulebook(bad, { source: 'bad.json' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const i = r.issues.find((x) => x.code === 'RULEBOOK_UNKNOWN_KEY')!;
    expect(i).toBeDefined();
    expect(i.message).toContain('$.parameters.general');
    expect(i.message).toContain('did you mean "scoreRounding"');
    expect(i.messageZh).toContain('scoreRounding');
    expect(i.path).toEqual(['parameters', 'general', 'scoreRoundng']);
  });

  it('a wrong type names the JSON path and the expected shape', () => {
    const r = safeLoadRulebook(
      rulebookWithLimit([{ from: '2021-07-15', value: { citizen: 200, organisation: '3000' }, source }]),
      { source: 'x.json' },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]!.code).toBe('RULEBOOK_INVALID');
    expect(r.issues[0]!.message).toContain('$.parameters.general.simpleProcedureFineLimit.values[0].value.citizen');
  });

  it('overlapping or unordered values are rejected', () => {
    const r = safeLoadRulebook(
      rulebookWithLimit([
        { from: '2021-01-01', to: '2025-06-30', value: { citizen: '200', organisation: '3000' }, source },
        { from: '2025-01-01', value: { citizen: '200', organisation: '3000' }, source },
      ]),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]!.message).toContain('overlaps');
  });

  it('bad JSON text is a typed error', () => {
    const r = safeLoadRulebook('{ "id": ', { source: 'broken.json' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.code).toBe('RULEBOOK_JSON_SYNTAX');
  });

  it('an unknown status marker is rejected', () => {
    const r = safeLoadRulebook(
      rulebookWithLimit([{ from: '2021-07-15', value: { citizen: '200', organisation: '3000' }, source: { ...source, status: 'law' } }]),
    );
    expect(r.ok).toBe(false);
  });
});

describe('withOverrides', () => {
  it('returns a new validated rulebook and leaves the base untouched', () => {
    const base = defaultRulebook();
    const before = rulebookHash(base);
    const reform = withOverrides(base, {
      id: 'minhang-reform',
      parameters: {
        general: {
          scoreRounding: {
            values: [{ from: '2021-01-01', value: { scale: 1, mode: 'half-even' }, source: { ...source, status: 'library-default' } }],
          },
        },
      },
    });
    expect(reform.id).toBe('minhang-reform');
    expect(valueAt(reform, 'general.scoreRounding', '2025-01-01').value).toEqual({ scale: 1, mode: 'half-even' });
    expect(valueAt(base, 'general.scoreRounding', '2025-01-01').value.scale).toBe(2);
    expect(rulebookHash(base)).toBe(before);
    expect(rulebookHash(reform)).not.toBe(before);
  });

  it('an invalid patch throws RULEBOOK_OVERRIDE_INVALID naming the path', () => {
    const e = catchIssue(() => withOverrides(defaultRulebook(), { parameters: { general: { scoreRounding: { values: [] } } } }));
    expect(e.code).toBe('RULEBOOK_OVERRIDE_INVALID');
    expect(e.message).toContain('scoreRounding');
  });

  it('a patch cannot pollute prototypes', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": true}, "edition": "x"}');
    const rb = withOverrides(defaultRulebook(), patch);
    expect(rb.edition).toBe('x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('resultStamp', () => {
  it('carries library version, rulebook id and hash, and asOf', () => {
    const rb = defaultRulebook();
    expect(resultStamp(rb, '2025-06-30')).toEqual({
      libraryVersion: LIBRARY_VERSION,
      rulebookId: 'cn-sh-minhang',
      rulebookHash: rulebookHash(rb),
      asOf: '2025-06-30',
    });
  });
});
