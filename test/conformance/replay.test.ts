import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { fromDayNumber, isWorkingDay, toDayNumber } from '../../src/calendar/index.js';
import { loadCaseFile, runConformanceCase } from '../../src/conformance/index.js';
import { REPLAY_CASE_BEGIN, REPLAY_SEED_PREFIX, assertProperty } from '../spec/_support/replay.js';

// A deliberately false guarantee: "every day of 2025 is a working day". fast-check shrinks it to the
// first rest day it can reach; the printed case must load and reproduce the failure.
const dateArb = fc.integer({ min: toDayNumber('2025-01-01'), max: toDayNumber('2025-12-31') }).map(fromDayNumber);
const falseProperty = () => fc.property(dateArb, (d) => isWorkingDay(d));
const opts = {
  area: 'calendar' as const,
  name: '每天都是工作日（故意错误）/ every day is a working day (deliberately false)',
  toCase: ([d]: [string]) => ({ asOf: d, input: { op: 'isWorkingDay', date: d }, expected: true, citation: '国办发明电〔2024〕12号' }),
};

/** Runs f with process.stderr.write captured; returns what was written and what f threw. */
function captureStderr(f: () => void): { text: string; error: unknown } {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  let error: unknown;
  try {
    f();
  } catch (e) {
    error = e;
  } finally {
    spy.mockRestore();
  }
  return { text: chunks.join(''), error };
}

/** The JSON printed between the case marker line and the replay line. */
function printedCase(text: string): string {
  const lines = text.split('\n');
  const begin = lines.findIndex((l) => l.startsWith(REPLAY_CASE_BEGIN));
  const end = lines.findIndex((l) => l.startsWith(REPLAY_SEED_PREFIX));
  expect(begin, text).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(begin);
  return lines.slice(begin + 1, end).join('\n');
}

function printedReplay(text: string): { seed: number; path: string } {
  const line = text.split('\n').find((l) => l.startsWith(REPLAY_SEED_PREFIX))!;
  return JSON.parse(line.slice(REPLAY_SEED_PREFIX.length, line.lastIndexOf(' ──'))) as { seed: number; path: string };
}

afterEach(() => vi.restoreAllMocks());

describe('失败的性质测试输出可重放的用例 / a failing property prints a replayable case (issue #9)', () => {
  it('prints a case that loadCaseFile accepts and that reproduces the failure, plus seed and path; rethrows fast-check’s error', () => {
    const { text, error } = captureStderr(() => assertProperty(falseProperty(), { seed: 42 }, opts));

    // fast-check's own error: seed and path in the message, the property's result as the reason.
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/Property failed after \d+ tests/);
    expect(message).toContain('seed: 42');
    expect(message).toMatch(/path: "[\d:]+"/);

    // The printed case parses as a conformance case file entry …
    const json = printedCase(text);
    const loaded = loadCaseFile(json, 'regressions.json');
    expect(loaded.ok ? [] : loaded.issues.map((i) => i.message)).toEqual([]);
    if (!loaded.ok) return;
    const c = loaded.cases[0]!;
    expect(c.area).toBe('calendar');
    expect(c.name).toContain('every day is a working day');
    // … and also pastes into a { cases: [...] } regressions file.
    expect(loadCaseFile(JSON.stringify({ cases: [JSON.parse(json)] }), 'regressions.json').ok).toBe(true);

    // The counterexample is a rest day: the case fails exactly as the property did.
    const date = (c.input as { date: string }).date;
    expect(isWorkingDay(date)).toBe(false);
    const res = runConformanceCase(c, 'regressions.json');
    expect(res.pass).toBe(false);
    expect(res.differences).toEqual([{ path: '$', expected: true, actual: false }]);

    // seed and path are printed, agree with the error message, and replay the same counterexample.
    const replay = printedReplay(text);
    expect(replay.seed).toBe(42);
    expect(replay.path).toMatch(/^\d+(:\d+)*$/);
    expect(message).toContain(`path: "${replay.path}"`);
    expect(c.name).toContain(`seed 42`);
    const again = fc.check(falseProperty(), { seed: replay.seed, path: replay.path, endOnFailure: true });
    expect(again.failed).toBe(true);
    expect(again.counterexample).toEqual([date]);
  });

  it('a passing property prints nothing and does not throw', () => {
    const { text, error } = captureStderr(() =>
      assertProperty(fc.property(dateArb, (d) => toDayNumber(d) >= toDayNumber('2025-01-01')), { numRuns: 50 }, opts),
    );
    expect(error).toBeUndefined();
    expect(text).toBe('');
  });

  it('without toCase it prints the counterexample and { seed, path }; without expected it prints null to fill in', () => {
    const bare = captureStderr(() => assertProperty(falseProperty(), { seed: 7 }, { area: 'calendar', name: 'x / x' }));
    expect(bare.error).toBeInstanceOf(Error);
    expect(bare.text).toContain('give toCase');
    expect(printedReplay(bare.text).seed).toBe(7);

    const noExpected = captureStderr(() =>
      assertProperty(falseProperty(), { seed: 7 }, { ...opts, toCase: ([d]: [string]) => ({ asOf: d, input: { op: 'isWorkingDay', date: d }, citation: 'c' }) }),
    );
    const loaded = loadCaseFile(printedCase(noExpected.text), 'r.json');
    expect(loaded.ok && loaded.cases[0]!.expected).toBeNull();
    expect(loaded.ok && loaded.cases[0]!.description).toContain('fill in "expected"');
  });

  it('async properties: same report, and the promise rejects with fast-check’s error', async () => {
    const chunks: string[] = [];
    const write = (t: string) => void chunks.push(t);
    const p = assertProperty(
      fc.asyncProperty(dateArb, async (d) => isWorkingDay(d)),
      { seed: 3 },
      { ...opts, write },
    );
    await expect(p).rejects.toThrow(/seed: 3, path: "[\d:]+"/);
    const loaded = loadCaseFile(printedCase(chunks.join('')), 'r.json');
    expect(loaded.ok).toBe(true);
  });
});
