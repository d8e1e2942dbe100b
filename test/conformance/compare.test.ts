import { describe, expect, it } from 'vitest';
import { compareSubset, loadCaseFile, runConformanceCase } from '../../src/index.js';

describe('compareSubset', () => {
  it('passes on a subset and names each difference by path', () => {
    expect(compareSubset({ a: 1, b: { c: 'x' } }, { a: 1, b: { c: 'x', d: 2 }, e: 3 })).toEqual([]);
    expect(compareSubset({ a: 1, b: { c: 'y' } }, { a: 1, b: { c: 'x' } })).toEqual([{ path: '$.b.c', expected: 'y', actual: 'x' }]);
    expect(compareSubset([1, 2], [1, 2, 3])).toEqual([{ path: '$.length', expected: 2, actual: 3 }]);
    expect(compareSubset({ m: '12.50' }, { m: 12.5 })).toEqual([]);
    expect(compareSubset({ missing: null }, {})).toEqual([{ path: '$.missing', expected: null, actual: undefined }]);
  });
});

describe('case files', () => {
  it('a wrong expectation fails with the difference', () => {
    const r = loadCaseFile(
      JSON.stringify({ name: 'x', area: 'calendar', asOf: '2025-01-31', input: { op: 'addPeriod', date: '2025-01-31', period: { months: 1 } }, expected: '2025-03-03', citation: '民法典第二百零二条' }),
      'x.json',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const res = runConformanceCase(r.cases[0]!, 'x.json');
    expect(res.pass).toBe(false);
    expect(res.differences).toEqual([{ path: '$', expected: '2025-03-03', actual: '2025-02-28' }]);
  });

  it('malformed case files are rejected with the path, never thrown', () => {
    const r = loadCaseFile('{"name": "x", "area": "nowhere", "asOf": "2025-01-01", "input": 1, "expected": 1, "citation": "c"}', 'bad.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]!.message).toContain('$.area');
    const broken = loadCaseFile('{"cases": [', 'broken.json');
    expect(broken.ok).toBe(false);
  });
});
