import { describe, expect, it } from 'vitest';
import { assessOnsiteReviewExemption, defaultRulebook, exemptionMatters, isXinfengError, type ServiceRecord } from '../../src/index.js';
import { enterprise, records, USCC } from './fixtures.js';

const rulebook = defaultRulebook();
const matter = 'hazardous-chemicals-trading-no-storage';

describe('低风险免于现场审核 / low-risk exemption from on-site review (plan 三(一)2)', () => {
  it('the pilot matter 危险化学品经营许可（不带储存设施） is in the rulebook', () => {
    expect(exemptionMatters(rulebook)).toEqual([matter]);
  });

  it('a clean A/low enterprise is eligible; every condition carries its parameter and status marker', () => {
    const a = assessOnsiteReviewExemption({ enterprise, records: [], grade: { grade: 'A', riskLevel: 'low' } }, { rulebook, asOf: '2025-06-30' });
    expect(a.matter).toBe(matter);
    expect(a.matterNameZh).toBe('危险化学品经营许可（不带储存设施）');
    expect(a.eligible).toBe(true);
    expect(a.conditions.map((c) => c.id)).toEqual([
      'requireActiveStatus',
      'maxGrade',
      'maxRiskLevel',
      'noPenaltyWithinMonths',
      'noCompulsoryMeasureWithinMonths',
      'notOnSeriousIllegalList',
      'notOnAbnormalOperationList',
      'notDishonestJudgmentDebtor',
    ]);
    for (const c of a.conditions) {
      expect(c.met).toBe(true);
      expect(c.status).toBe('library-default');
      expect(c.parameter).toBe(`services.exemption.matters.${matter}.${c.id}`);
    }
  });

  it('the sample records make it ineligible, naming the offending records', () => {
    const a = assessOnsiteReviewExemption({ enterprise, records, grade: { grade: 'B', riskLevel: 'low' } }, { rulebook, asOf: '2025-06-30', matter });
    expect(a.eligible).toBe(false);
    const unmet = Object.fromEntries(a.conditions.filter((c) => !c.met).map((c) => [c.id, c.offendingRecords]));
    // p-2024-simple (2024-09-03) and p-unmapped (2024-06-06) fall inside 24 months; p-2023-env (2023-04-18) does not.
    expect(unmet).toEqual({ noPenaltyWithinMonths: ['p-unmapped', 'p-2024-simple'], noCompulsoryMeasureWithinMonths: ['cm-1'] });
  });

  it('the look-back window is (asOf − 24 months, asOf]', () => {
    const pen = (date: string): ServiceRecord => ({
      type: 'administrativePenalty', id: `p-${date}`, uscc: USCC, date, decisionNumber: 'x', decisionDate: date, penaltyKinds: ['warning'],
      authority: '上海市闵行区市场监督管理局', procedure: 'simple',
    });
    const at = (date: string) =>
      assessOnsiteReviewExemption({ enterprise, records: [pen(date)], grade: { grade: 'A', riskLevel: 'low' } }, { rulebook, asOf: '2025-06-30' }).eligible;
    expect(at('2023-06-30')).toBe(true);
    expect(at('2023-07-01')).toBe(false);
    expect(at('2025-06-30')).toBe(false);
  });

  it('grade and risk bounds, listings and status', () => {
    const base = { enterprise, records: [] as ServiceRecord[] };
    const ok = (grade: 'A' | 'B' | 'C' | 'D', riskLevel: 'low' | 'medium' | 'high') =>
      assessOnsiteReviewExemption({ ...base, grade: { grade, riskLevel } }, { rulebook, asOf: '2025-06-30' }).eligible;
    expect([ok('A', 'low'), ok('B', 'low'), ok('C', 'low'), ok('A', 'medium')]).toEqual([true, true, false, false]);
    const listed: ServiceRecord[] = [{ type: 'abnormalOperationListing', id: 'ab-1', uscc: USCC, date: '2025-05-01', reason: 'annualReportNotFiled' }];
    const a = assessOnsiteReviewExemption({ enterprise, records: listed, grade: { grade: 'A', riskLevel: 'low' } }, { rulebook, asOf: '2025-06-30' });
    expect(a.conditions.find((c) => !c.met)!.id).toBe('notOnAbnormalOperationList');
    const removed = [...listed, { type: 'abnormalOperationRemoval', id: 'ab-r', uscc: USCC, date: '2025-06-01' } as ServiceRecord];
    expect(assessOnsiteReviewExemption({ enterprise, records: removed, grade: { grade: 'A', riskLevel: 'low' } }, { rulebook, asOf: '2025-06-30' }).eligible).toBe(true);
    const debtor: ServiceRecord[] = [{ type: 'dishonestJudgmentDebtor', id: 'd-1', uscc: USCC, date: '2024-01-01', caseNumber: '（2023）沪0112执1234号' }];
    expect(assessOnsiteReviewExemption({ enterprise, records: debtor, grade: { grade: 'A', riskLevel: 'low' } }, { rulebook, asOf: '2025-06-30' }).eligible).toBe(false);
    expect(
      assessOnsiteReviewExemption({ enterprise: { ...enterprise, status: 'suspended' }, records: [], grade: { grade: 'A', riskLevel: 'low' } }, { rulebook, asOf: '2025-06-30' }).eligible,
    ).toBe(false);
  });

  it('a condition on records the data cannot carry is not verified and blocks eligibility', () => {
    const a = assessOnsiteReviewExemption(
      { enterprise, records: [], grade: { grade: 'A', riskLevel: 'low' }, unavailableKinds: ['compulsoryMeasure'] },
      { rulebook, asOf: '2025-06-30' },
    );
    expect(a.eligible).toBe(false);
    expect(a.conditions.filter((c) => !c.verified).map((c) => c.id)).toEqual(['noCompulsoryMeasureWithinMonths']);
    expect(a.warnings.map((w) => w.code)).toContain('SERVICES_CONDITION_UNVERIFIED');
  });

  it('an unknown matter throws with a suggestion', () => {
    try {
      assessOnsiteReviewExemption({ enterprise, records: [], grade: { grade: 'A', riskLevel: 'low' } }, { rulebook, asOf: '2025-06-30', matter: 'hazardous-chemicals-trading' });
      expect.unreachable();
    } catch (e) {
      expect(isXinfengError(e) && e.code).toBe('SERVICES_EXEMPTION_UNKNOWN_MATTER');
    }
  });
});
