import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultRulebook } from '../../src/rulebook/index.js';
import { createPublicityCalculator, PENALTY_KINDS, type PublicityInput, type PublicityWindow } from '../../src/repair/index.js';
import { fromDayNumber, toDayNumber } from '../../src/calendar/index.js';

// The counting window (day numbers for grading) and the full window are read from one core
// computation: they must agree on every input, including warnings and errors.
const calc = createPublicityCalculator(defaultRulebook());

const D0 = toDayNumber('2018-06-01');
const D1 = toDayNumber('2027-12-31');
const day = fc.integer({ min: D0, max: D1 });

const inputArb: fc.Arbitrary<PublicityInput> = fc
  .record(
    {
      decision: day,
      publicationAfter: fc.option(fc.integer({ min: -3, max: 30 }), { nil: undefined }),
      penaltyKinds: fc.array(fc.constantFrom(...PENALTY_KINDS), { minLength: 1, maxLength: 3 }),
      fineAmountFen: fc.option(fc.constantFrom(0, 499_999, 500_000, 5_000_000, 5_000_001, 10_000_000, 100_000_000, 123_456_700), { nil: undefined }),
      procedure: fc.constantFrom('simple' as const, 'ordinary' as const, 'ordinary' as const),
      sector: fc.option(fc.constantFrom('food', 'drug', 'specialEquipment', 'workSafety', 'fire', 'noSuchSector'), { nil: undefined }),
      tier: fc.option(fc.constantFrom('minor' as const, 'general' as const, 'serious' as const), { nil: undefined }),
      seriousList: fc.option(fc.boolean(), { nil: undefined }),
      partyType: fc.option(fc.constantFrom('organisation' as const, 'person' as const), { nil: undefined }),
      marketRegulation: fc.option(fc.boolean(), { nil: undefined }),
      repairedAfter: fc.option(fc.integer({ min: 0, max: 1500 }), { nil: undefined }),
    },
    { requiredKeys: ['decision', 'penaltyKinds', 'procedure'] },
  )
  .map((r) => {
    const input: { -readonly [K in keyof PublicityInput]: PublicityInput[K] } = {
      decisionDate: fromDayNumber(r.decision),
      penaltyKinds: r.penaltyKinds,
      procedure: r.procedure,
    };
    if (r.publicationAfter !== undefined) input.publicationDate = fromDayNumber(r.decision + r.publicationAfter);
    if (r.repairedAfter !== undefined) input.repairedOn = fromDayNumber(r.decision + r.repairedAfter);
    for (const k of ['fineAmountFen', 'sector', 'tier', 'seriousList', 'partyType', 'marketRegulation'] as const) {
      if (r[k] !== undefined) (input as Record<string, unknown>)[k] = r[k];
    }
    return input;
  });

const dayOf = (d: string | undefined) => (d === undefined ? undefined : toDayNumber(d));
const countingOf = (w: PublicityWindow) => ({
  tier: w.tier,
  published: w.published,
  repairable: w.repairable,
  stopsCountingOnDay: dayOf(w.stopsCountingOn),
  earliestRepairDay: dayOf(w.earliestRepairDate),
  earliestClearDay: dayOf(w.earliestClearDate),
  automaticEndDay: dayOf(w.automaticEnd),
  warnings: w.warnings,
});
const outcome = <T>(f: () => T): T | { error: string | undefined } => {
  try {
    return f();
  } catch (e) {
    return { error: (e as { code?: string }).code };
  }
};

describe('countingWindow = the full publicity window, in day numbers', () => {
  it('计数窗口与完整公示窗口一致 / the counting window agrees with the full window on every field grading reads, warnings included (plan 三(一)2)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        expect(calc.countingWindow(input)).toEqual(countingOf(calc(input)));
      }),
      { numRuns: 3000 },
    );
  });

  it('repairedOn passed apart replaces the input’s own (null = not repaired)', () => {
    fc.assert(
      fc.property(inputArb, fc.option(day, { nil: null }), (input, repaired) => {
        const repairedOn = repaired === null ? null : fromDayNumber(repaired);
        const { repairedOn: _ignored, ...rest } = input;
        const full = repairedOn === null ? rest : { ...rest, repairedOn };
        expect(outcome(() => calc.countingWindow(input, repairedOn))).toEqual(outcome(() => countingOf(calc(full))));
      }),
      { numRuns: 2000 },
    );
  });

  it('malformed input throws the same error from both entry points', () => {
    const bad: unknown[] = [
      { decisionDate: '2025-02-30', penaltyKinds: ['fine'], procedure: 'ordinary' },
      { decisionDate: '2025-03-10', penaltyKinds: [], procedure: 'ordinary' },
      { decisionDate: '2025-03-10', penaltyKinds: ['flogging'], procedure: 'ordinary' },
      { decisionDate: '2025-03-10', penaltyKinds: ['fine'], procedure: 'summary' },
      { decisionDate: '2025-03-10', penaltyKinds: ['fine'], procedure: 'ordinary', fineAmountFen: -1 },
      { decisionDate: '2025-03-10', penaltyKinds: ['fine'], procedure: 'ordinary', tier: 'huge' },
      { decisionDate: '9999-12-01', penaltyKinds: ['fine'], procedure: 'ordinary' },
    ];
    for (const input of bad) {
      const full = outcome(() => calc(input as PublicityInput));
      expect(full).toHaveProperty('error');
      expect(outcome(() => calc.countingWindow(input as PublicityInput))).toEqual(full);
    }
  });

  it('decisions before 2024 on GSXT without a publication date assume 20 weekdays (holiday calendar not covering the year), after 2024 20 working days', () => {
    const w2023 = calc({ decisionDate: '2023-09-28', penaltyKinds: ['fine'], fineAmountFen: 20_000_000, procedure: 'ordinary', sector: 'food' });
    const g2023 = w2023.platformWindows.find((p) => p.series === 'gsxt')!;
    expect(g2023.basisAssumed).toBe(true);
    expect(g2023.basisDate).toBe('2023-10-26'); // 20 Monday–Friday days, 国庆 not known to the calendar
    const w2025 = calc({ decisionDate: '2025-09-26', penaltyKinds: ['fine'], fineAmountFen: 20_000_000, procedure: 'ordinary', sector: 'food' });
    expect(w2025.platformWindows.find((p) => p.series === 'gsxt')!.basisDate).toBe('2025-10-30'); // 国庆、中秋 1–8 October skipped, 调休 28 Sep and 11 Oct counted
    expect(calc.countingWindow({ decisionDate: '2023-09-28', penaltyKinds: ['fine'], fineAmountFen: 20_000_000, procedure: 'ordinary', sector: 'food' }).warnings.map((x) => x.code)).toEqual(
      w2023.warnings.map((x) => x.code),
    );
  });
});
