import { describe, expect, it } from 'vitest';
import { Decimal, roundTo } from '../../src/_lib/decimal.js';
import { defaultRulebook, defaultRulebookJson, describeRulebook, isXinfengError, makeUscc, safeLoadRulebook, type Rulebook } from '../../src/index.js';
import {
  checkCreditEvent,
  createGrader,
  gradeBatch,
  gradeEnterprise,
  roundHundredths,
  type CreditEvent,
  type Enterprise,
} from '../../src/grading/index.js';

const rb = defaultRulebook();
const U = makeUscc({ divisionCode: '310112', subjectBody: 'MA1FL8X0' });
const OTHER = makeUscc({ divisionCode: '310112', subjectBody: 'MA1FL8X1' });
const ent: Enterprise = {
  uscc: U,
  name: '上海闵联餐饮有限公司',
  industryCode: 'H6210',
  registrationDate: '2019-04-01',
  registeredCapitalFen: 100_000_000,
  district: '闵行区',
  street: '莘庄镇',
  status: 'active',
  scale: 'small',
};
const office: Enterprise = { ...ent, industryCode: 'L7212', name: '上海七宝咨询有限公司' };

function penalty(id: string, date: string, extra: Partial<Record<string, unknown>> = {}): CreditEvent {
  return {
    type: 'administrativePenalty',
    id,
    uscc: U,
    date,
    decisionNumber: `闵市监案处〔${date.slice(0, 4)}〕${id}号`,
    decisionDate: date,
    publicationDate: date,
    penaltyKinds: ['fine'],
    fineAmountFen: 2_000_000,
    authority: '上海市闵行区市场监督管理局',
    procedure: 'ordinary',
    ...extra,
  } as CreditEvent;
}

function withJson(mutate: (j: any) => void): ReturnType<typeof safeLoadRulebook> {
  const j = structuredClone(defaultRulebookJson()) as any;
  mutate(j);
  return safeLoadRulebook(j);
}

describe('default rulebook', () => {
  it('shows a source or library-default for every grading value (xinfeng rules)', () => {
    const rows = describeRulebook(rb, '2025-06-30').filter((p) => p.path.startsWith('grading.'));
    expect(rows.length).toBeGreaterThanOrEqual(15);
    for (const r of rows) {
      expect(r.source, r.path).toBeDefined();
      expect(['confirmed', 'secondary', 'inferred', 'library-default']).toContain(r.source!.status);
    }
    expect(rows.find((r) => r.path === 'grading.thresholds')!.source!.status).toBe('library-default');
  });
});

describe('worked examples', () => {
  it('a clean office enterprise is A, low risk, class-1 (no proactive on-site inspection)', () => {
    const r = gradeEnterprise(office, [], { rulebook: rb, asOf: '2025-06-30' });
    expect(r.score).toBe('100.00');
    expect(r.grade).toBe('A');
    expect(r.riskLevel).toBe('low');
    expect(r.supervisionClass).toBe('class-1');
    expect(r.supervisionClassDetail.proactiveOnsiteOff).toBe(true);
    expect(r.reasonCodes).toEqual([]);
    expect(r.path).toEqual({ currentGrade: 'A', byTime: null, byRepair: null });
    expect(r.stamp).toMatchObject({ rulebookId: 'cn-sh-minhang', asOf: '2025-06-30' });
  });

  it('one general penalty in publicity: 100 − 11 = 89 → B; catering is high risk → class-3', () => {
    const r = gradeEnterprise(ent, [penalty('p1', '2025-03-10')], { rulebook: rb, asOf: '2025-06-30' });
    expect(r.scoreHundredths).toBe(8900);
    expect(r.score).toBe('89.00');
    expect(r.grade).toBe('B');
    expect(r.riskLevel).toBe('high');
    expect(r.supervisionClass).toBe('class-3');
    const d = r.reasons.find((x) => x.kind === 'deduction')!;
    expect(d.code).toBe('deduction.administrativePenalty.general');
    expect(d.points).toBe('-11.00');
    expect(d.records).toEqual(['p1']);
    expect(d.rulebookPath).toBe('grading.deductions.administrativePenalty.general');
    expect(d.citation).toContain('library-default');
    expect(d.publicity?.tier).toBe('general');
    expect(d.text).toContain('闵市监案处');
    // Repairing it on its earliest repair date lifts the grade back to A.
    expect(r.path!.byRepair).not.toBeNull();
    expect(r.path!.byRepair!.grade).toBe('A');
    expect(r.path!.byRepair!.repairs.map((x) => x.recordId)).toEqual(['p1']);
    // Already eligible (earliest 2025-06-11 ≤ asOf): the repair can be granted on asOf.
    const earliest = d.publicity!.earliestRepairDate!;
    expect(r.path!.byRepair!.repairs[0]!.repairDate).toBe(earliest > '2025-06-30' ? earliest : '2025-06-30');
    expect(r.path!.byTime!.date).toBe(d.stopsCountingOn);
  });

  it('group caps and capped positives are explained', () => {
    const evs: CreditEvent[] = [];
    for (let i = 0; i < 5; i++) evs.push({ type: 'inspectionResult', id: `i${i}`, uscc: U, date: `2025-0${i + 1}-15`, outcome: 'problemsFound' });
    for (let i = 0; i < 4; i++) evs.push({ type: 'commendation', id: `h${i}`, uscc: U, date: `2024-0${i + 1}-01`, level: 'national', title: '守合同重信用企业' });
    const r = gradeEnterprise(office, evs, { rulebook: rb, asOf: '2025-06-30' });
    // inspections: 5 × 5 = 25 capped at 15; positives 4 × 3 = 12 capped at 5 → 100 − 15 + 5 = 90.
    expect(r.groups.find((g) => g.id === 'inspections')).toMatchObject({ uncappedHundredths: 2500, deductedHundredths: 1500 });
    expect(r.positiveHundredths).toBe(500);
    expect(r.scoreHundredths).toBe(9000);
    expect(r.reasonCodes).toEqual(['deduction.inspectionResult.problemsFound', 'cap.inspections', 'positive']);
    expect(r.reasons.map((x) => x.kind)).toEqual(['deduction', 'deduction', 'deduction', 'deduction', 'deduction', 'cap', 'positive', 'positive', 'positive', 'positive', 'positiveCap', 'risk', 'class']);
  });

  it('exceptions cap the grade: 严重违法失信名单 → D, 经营异常名录 → at most C; removal lifts them', () => {
    const list: CreditEvent = { type: 'seriousIllegalListing', id: 's1', uscc: U, date: '2024-05-01' };
    const r = gradeEnterprise(office, [list], { rulebook: rb, asOf: '2025-06-30' });
    expect(r.scoreHundredths).toBe(6000);
    expect(r.scoreGrade).toBe('C');
    expect(r.grade).toBe('D');
    expect(r.reasons[0]).toMatchObject({ code: 'exception.seriousIllegalList', kind: 'exception', records: ['s1'], rulebookPath: 'grading.exceptions.seriousIllegalList' });
    expect(r.reasons[0]!.source.status).toBe('inferred');
    expect(r.supervisionClass).toBe('class-4');
    const out: CreditEvent = { type: 'seriousIllegalRemoval', id: 's1-out', uscc: U, date: '2025-05-01' };
    expect(gradeEnterprise(office, [list, out], { rulebook: rb, asOf: '2025-06-30' }).grade).toBe('A');

    const abn: CreditEvent = { type: 'abnormalOperationListing', id: 'a1', uscc: U, date: '2025-01-05', reason: 'annualReportNotFiled' };
    const a = gradeEnterprise(office, [abn], { rulebook: rb, asOf: '2025-06-30' });
    expect(a.scoreHundredths).toBe(8900);
    expect(a.scoreGrade).toBe('B');
    expect(a.grade).toBe('C');
    expect(a.reasonCodes).toEqual(['exception.abnormalOperationList', 'deduction.abnormalOperationListing.annualReportNotFiled']);
    const fix: CreditEvent = { type: 'creditRepair', id: 'a1-fix', uscc: U, date: '2025-04-01', ofRecord: 'a1', repairedOn: '2025-04-01' };
    expect(gradeEnterprise(office, [abn, fix], { rulebook: rb, asOf: '2025-06-30' }).grade).toBe('A');
  });

  it('tax credit: the worst level published within the window counts once; D caps at C', () => {
    const t = (id: string, date: string, year: number, level: 'A' | 'B' | 'M' | 'C' | 'D'): CreditEvent => ({ type: 'taxCreditLevel', id, uscc: U, date, year, level });
    const r = gradeEnterprise(office, [t('t1', '2025-04-20', 2024, 'D'), t('t2', '2024-04-20', 2023, 'C')], { rulebook: rb, asOf: '2025-06-30' });
    expect(r.scoreHundredths).toBe(7500);
    expect(r.grade).toBe('C');
    expect(r.reasonCodes).toEqual(['exception.taxLevelD', 'deduction.taxCreditLevel.D']);
    // A year later the D has aged out (12 months): back to A.
    expect(gradeEnterprise(office, [t('t1', '2025-04-20', 2024, 'D')], { rulebook: rb, asOf: '2026-04-21' }).grade).toBe('A');
    expect(gradeEnterprise(office, [t('t1', '2025-04-20', 2024, 'D')], { rulebook: rb, asOf: '2026-04-20' }).grade).toBe('C');
  });

  it('windows follow Civil Code month arithmetic: a complaint of 2024-08-31 counts through 2025-08-31', () => {
    const c: CreditEvent = { type: 'complaint', id: 'c1', uscc: U, date: '2024-08-31', substantiated: true };
    expect(gradeEnterprise(office, [c], { rulebook: rb, asOf: '2025-08-31' }).scoreHundredths).toBe(9800);
    expect(gradeEnterprise(office, [c], { rulebook: rb, asOf: '2025-09-01' }).scoreHundredths).toBe(10000);
    const r = gradeEnterprise(office, [c], { rulebook: rb, asOf: '2025-06-30' });
    expect(r.reasons[0]!.stopsCountingOn).toBe('2025-09-01');
  });

  it('失信被执行人 counts until removedOn and caps at D', () => {
    const d: CreditEvent = { type: 'dishonestJudgmentDebtor', id: 'j1', uscc: U, date: '2025-01-01', caseNumber: '（2025）沪0112执100号', removedOn: '2025-09-01' };
    const r = gradeEnterprise(office, [d], { rulebook: rb, asOf: '2025-06-30' });
    expect(r.grade).toBe('D');
    expect(r.path!.byTime).toEqual({ date: '2025-09-01', grade: 'A' });
    expect(gradeEnterprise(office, [d], { rulebook: rb, asOf: '2025-09-01' }).grade).toBe('A');
  });
});

describe('risk level', () => {
  it('longest GB/T 4754 prefix wins; licences and scale only raise', () => {
    const g = createGrader(rb, '2025-06-30');
    expect(g({ ...office, industryCode: 'F5251' }, []).riskLevel).toBe('high'); // 西药零售
    expect(g({ ...office, industryCode: '5251' }, []).riskLevel).toBe('high');
    expect(g({ ...office, industryCode: 'F5211' }, []).riskLevel).toBe('low');
    expect(g({ ...office, industryCode: 'E4710' }, []).riskLevel).toBe('medium');
    expect(g({ ...office, licences: ['food-business'] }, []).riskLevel).toBe('medium');
    expect(g({ ...office, licences: ['gas-business'] }, []).riskLevel).toBe('high');
    expect(g({ ...office, scale: 'large' }, []).riskLevel).toBe('medium');
    const r = g.explain({ ...office, licences: ['no-such-licence'] }, []);
    expect(r.issues.map((i) => i.code)).toContain('GRADING_UNKNOWN_LICENCE');
  });
});

describe('records not counted are reported, never dropped', () => {
  it('after asOf, other enterprise, unknown type, malformed field, duplicate id, unknown repair target', () => {
    const evs = [
      penalty('p1', '2025-03-10'),
      { type: 'complaint', id: 'late', uscc: U, date: '2025-07-01', substantiated: true },
      { type: 'complaint', id: 'foreign', uscc: OTHER, date: '2025-01-01', substantiated: true },
      { type: 'rumour', id: 'odd', uscc: U, date: '2025-01-01' },
      { type: 'complaint', id: 'bad', uscc: U, date: '2025-02-30', substantiated: true },
      { type: 'complaint', id: 'dup', uscc: U, date: '2025-01-02', substantiated: true },
      { type: 'complaint', id: 'dup', uscc: U, date: '2025-01-03', substantiated: false },
      { type: 'creditRepair', id: 'fix', uscc: U, date: '2025-05-01', ofRecord: 'nope', repairedOn: '2025-05-01' },
    ];
    const r = gradeEnterprise(ent, evs, { rulebook: rb, asOf: '2025-06-30' });
    const by = (code: string) => r.issues.filter((i) => i.code === code).map((i) => i.location?.record);
    expect(by('GRADING_EVENT_AFTER_ASOF')).toEqual(['late']);
    expect(by('GRADING_EVENT_OTHER_ENTERPRISE')).toEqual(['foreign']);
    expect(by('GRADING_UNKNOWN_EVENT_TYPE')).toEqual(['odd']);
    expect(by('GRADING_INVALID_EVENT')).toEqual(['bad']);
    expect(by('GRADING_DUPLICATE_EVENT_ID')).toEqual(['dup']);
    expect(by('GRADING_REPAIR_TARGET_UNKNOWN')).toEqual(['fix']);
    expect(r.issues.find((i) => i.code === 'GRADING_INVALID_EVENT')!.messageZh).toContain('date');
  });

  it('a malformed enterprise throws a typed error naming it', () => {
    try {
      gradeEnterprise({ ...ent, industryCode: 'Z99' }, [], { rulebook: rb, asOf: '2025-06-30' });
      expect.unreachable();
    } catch (e) {
      expect(isXinfengError(e) && e.code).toBe('GRADING_INVALID_ENTERPRISE');
    }
    expect(() => createGrader(rb, '2025-02-30')).toThrow(/2025-02-30/);
  });

  it('batch reports records whose enterprise is not in the batch', () => {
    const b = gradeBatch([office], [{ type: 'complaint', id: 'x', uscc: OTHER, date: '2025-01-01', substantiated: true }], { rulebook: rb, asOf: '2025-06-30' });
    expect(b.results.length).toBe(1);
    expect(b.issues.map((i) => i.code)).toEqual(['GRADING_EVENT_NO_ENTERPRISE']);
  });
});

describe('trace and provenance', () => {
  it('trace lists every parameter read with its dates and source', () => {
    const r = gradeEnterprise(ent, [penalty('p1', '2025-03-10')], { rulebook: rb, asOf: '2025-06-30', trace: true });
    const paths = r.trace!.map((t) => t.path);
    for (const p of ['general.scoreRounding', 'grading.startScore', 'grading.deductions', 'grading.thresholds', 'grading.classMatrix', 'grading.supervisionClasses', 'grading.industryRisk', 'grading.exceptions.seriousIllegalList']) expect(paths).toContain(p);
    for (const t of r.trace!) {
      expect(t.from <= '2025-06-30').toBe(true);
      expect(t.source.status).toBeTruthy();
    }
    expect(gradeEnterprise(ent, [], { rulebook: rb, asOf: '2025-06-30' }).trace).toBeUndefined();
  });
});

describe('rulebook checks at load', () => {
  it('rejects a non-monotone matrix naming the cell', () => {
    const r = withJson((j) => {
      j.parameters.grading.classMatrix.values[0].value.C.high = 'class-1';
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const msg = r.issues.map((i) => `${String(i.params['path'])} ${i.message}`).join('\n');
      expect(msg).toMatch(/classMatrix.*C.*high/);
      expect(msg).toMatch(/not monotone in grade: cell C×high/);
    }
  });

  it('rejects classes whose stricter rank samples less or inspects less', () => {
    const r = withJson((j) => {
      j.parameters.grading.supervisionClasses.values[0].value['class-3'].inspectionsPerYearMax = 0;
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.message).join('\n')).toMatch(/class-3.*fewer inspections|fewer inspections/);
  });

  it('rejects conflicting or duplicate exceptions and exceptions that would not lower', () => {
    const conflict = withJson((j) => {
      j.parameters.grading.exceptions.other = structuredClone(j.parameters.grading.exceptions.taxLevelD);
      j.parameters.grading.exceptions.other.values[0].value.maxGrade = 'D';
    });
    expect(conflict.ok).toBe(false);
    if (!conflict.ok) expect(conflict.issues.map((i) => i.message).join('\n')).toMatch(/conflicting exceptions/);
    const dup = withJson((j) => {
      j.parameters.grading.exceptions.other = structuredClone(j.parameters.grading.exceptions.taxLevelD);
    });
    expect(dup.ok).toBe(false);
    if (!dup.ok) expect(dup.issues.map((i) => i.message).join('\n')).toMatch(/overlapping \(duplicate\)/);
    const raiseA = withJson((j) => {
      j.parameters.grading.exceptions.taxLevelD.values[0].value.maxGrade = 'A';
    });
    expect(raiseA.ok).toBe(false);
  });

  it('rejects unknown groups, missing windows and non-descending thresholds', () => {
    expect(withJson((j) => { j.parameters.grading.deductions.values[0].value.complaint.substantiated.group = 'nope'; }).ok).toBe(false);
    expect(withJson((j) => { delete j.parameters.grading.deductions.values[0].value.complaint.substantiated.countsForMonths; }).ok).toBe(false);
    expect(withJson((j) => { j.parameters.grading.deductions.values[0].value.administrativePenalty.general.countsForMonths = 12; }).ok).toBe(false);
    expect(withJson((j) => { j.parameters.grading.thresholds.values[0].value.B = '95'; }).ok).toBe(false);
  });
});

describe('rounding', () => {
  it('integer rounding of hundredths equals decimal roundTo for every declared mode', () => {
    for (const mode of ['half-up', 'half-even', 'up', 'down', 'ceil', 'floor'] as const) {
      for (const scale of [0, 1, 2]) {
        for (let h = 0; h <= 10000; h += 13) {
          const expected = roundTo(new Decimal(h).div(100), scale, mode).mul(100).toNumber();
          expect(roundHundredths(h, scale, mode)).toBe(expected);
        }
      }
    }
  });

  it('a rulebook declaring whole points rounds the score before grading', () => {
    const r = withJson((j) => {
      j.parameters.general.scoreRounding.values[0].value = { scale: 0, mode: 'half-up' };
      j.parameters.grading.deductions.values[0].value.complaint.substantiated.points = '0.5';
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const c: CreditEvent = { type: 'complaint', id: 'c1', uscc: U, date: '2025-05-01', substantiated: true };
    const g = gradeEnterprise(office, [c], { rulebook: r.rulebook as Rulebook, asOf: '2025-06-30' });
    expect(g.scoreHundredths).toBe(10000); // 99.5 → 100 (四舍五入)
    expect(g.score).toBe('100');
  });
});

describe('fast checker', () => {
  it('names the offending field', () => {
    expect(checkCreditEvent({ type: 'complaint', id: 'c', uscc: U, date: '2025-01-01', substantiated: 'y' })?.path).toEqual(['substantiated']);
    expect(checkCreditEvent({ type: 'complaint', id: 'c', uscc: U, date: '2025-01-01', substantiated: true, x: 1 })?.path).toEqual(['x']);
    expect(checkCreditEvent({ type: 'nope' })?.path).toEqual(['type']);
  });
});
