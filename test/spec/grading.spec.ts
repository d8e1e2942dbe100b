/**
 * 信用风险分级分类：审计用规格 / credit-risk grading: the auditors' specification.
 * Plan 三(一)2 (分级分类监管、信用修复), 三(二)4 (信用+风险、差异化检查频次和抽查比例);
 * 国市监信发〔2022〕6号 (A–D classes).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, defaultRulebook, defaultRulebookJson, fromDayNumber, safeLoadRulebook, toDayNumber, type Rulebook } from '../../src/index.js';
import {
  CREDIT_GRADES,
  RISK_LEVELS,
  checkCreditEvent,
  checkEnterprise,
  createGrader,
  creditEventSchema,
  enterpriseSchema,
  gradeBatch,
  type CreditEvent,
  type Enterprise,
} from '../../src/grading/index.js';
import { adverseEventArb, dateBetween, enterpriseArb, gradedCaseArb, historyArb, usccArb } from './_arbitraries/grading.js';

const rb = defaultRulebook();
const RUNS = { numRuns: 150 };
const asOfArb = dateBetween('2024-01-01', '2026-06-30');
const gi = (g: string) => CREDIT_GRADES.indexOf(g as 'A');

const graders = new Map<string, ReturnType<typeof createGrader>>();
function graderAt(asOf: string, rulebook: Rulebook = rb) {
  const key = `${rulebook === rb ? 'd' : 'x'}${asOf}`;
  let g = rulebook === rb ? graders.get(key) : undefined;
  if (!g) {
    g = createGrader(rulebook, asOf);
    if (rulebook === rb) graders.set(key, g);
  }
  return g;
}

function withJson(mutate: (j: any) => void): Rulebook {
  const j = structuredClone(defaultRulebookJson()) as any;
  mutate(j);
  const r = safeLoadRulebook(j);
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
  return r.rulebook;
}

describe('信用等级 / credit grade', () => {
  it('追加一条不良记录不会提高分数，也不会改善等级 / an extra adverse record never raises the score nor improves the grade (plan 三(二)4; 国市监信发〔2022〕6号)', () => {
    fc.assert(
      fc.property(
        usccArb.chain((u) => fc.record({ e: enterpriseArb(u), evs: historyArb(u), extra: adverseEventArb(u), asOf: asOfArb })),
        ({ e, evs, extra, asOf }) => {
          const g = graderAt(asOf);
          const before = g(e, evs);
          const after = g(e, [...evs, { ...extra, id: 'extra-1' } as CreditEvent]);
          expect(after.scoreHundredths).toBeLessThanOrEqual(before.scoreHundredths);
          expect(gi(after.grade)).toBeGreaterThanOrEqual(gi(before.grade));
        },
      ),
      RUNS,
    );
  });

  it('信用修复不会降低分数或等级 / repairing a record never lowers the score or the grade (plan 三(一)2; 国家发展改革委令2025年第36号)', () => {
    fc.assert(
      fc.property(
        usccArb.chain((u) =>
          fc.record({ e: enterpriseArb(u), evs: historyArb(u, { to: '2025-12-31' }), asOf: dateBetween('2025-01-01', '2026-06-30'), pick: fc.nat(), lag: fc.nat({ max: 800 }) }),
        ),
        ({ e, evs, asOf, pick, lag }) => {
          const targets = evs.filter((x) => ['administrativePenalty', 'abnormalOperationListing', 'seriousIllegalListing', 'dishonestJudgmentDebtor'].includes(x.type) && x.date <= asOf);
          fc.pre(targets.length > 0);
          const t = targets[pick % targets.length]!;
          const d = fromDayNumber(Math.min(toDayNumber(t.date) + lag, toDayNumber(asOf)));
          const g = graderAt(asOf);
          const before = g(e, evs);
          const after = g(e, [...evs, { type: 'creditRepair', id: 'fix-extra', uscc: e.uscc, date: d, ofRecord: t.id, repairedOn: d }]);
          expect(after.scoreHundredths).toBeGreaterThanOrEqual(before.scoreHundredths);
          expect(gi(after.grade)).toBeLessThanOrEqual(gi(before.grade));
        },
      ),
      RUNS,
    );
  });

  it('没有新记录时，评价日推后不会使等级变差 / with no new records a later asOf never worsens the grade (plan 三(一)2: 信用修复、公示期满)', () => {
    fc.assert(
      fc.property(gradedCaseArb({ to: '2025-06-30' }), asOfArb, fc.nat({ max: 1500 }), ({ enterprise, events }, asOf, step) => {
        const hist = events.filter((x) => x.date <= asOf);
        const later = fromDayNumber(Math.min(toDayNumber(asOf) + step, toDayNumber('2027-12-31')));
        const a = graderAt(asOf)(enterprise, hist);
        const b = graderAt(later)(enterprise, hist);
        expect(gi(b.grade)).toBeLessThanOrEqual(gi(a.grade));
        expect(b.scoreHundredths).toBeGreaterThanOrEqual(a.scoreHundredths);
      }),
      { numRuns: 100 },
    );
  });

  it('例外情形只会降低等级，从不提高 / exceptions only ever lower the grade, never raise it (plan 三(二)4; tiers-inspections §1.4 hybrid score + override)', () => {
    const noExceptions = withJson((j) => {
      j.parameters.grading.exceptions = {};
    });
    // Heavy histories too, so that scores below an exception's cap occur (D by score with a C-cap listing).
    const heavy = usccArb.chain((u) =>
      fc.record({
        enterprise: enterpriseArb(u),
        events: fc
          .tuple(historyArb(u), fc.array(adverseEventArb(u, '2024-06-01', '2025-12-31'), { maxLength: 25 }))
          .map(([h, extra]) => [...h, ...extra.map((x, k) => ({ ...x, id: `heavy-${k}` }) as CreditEvent)]),
      }),
    );
    fc.assert(
      fc.property(heavy, dateBetween('2025-06-01', '2026-06-30'), ({ enterprise, events }, asOf) => {
        const full = graderAt(asOf).explain(enterprise, events, { path: false });
        const bare = createGrader(noExceptions, asOf)(enterprise, events);
        expect(gi(full.grade)).toBeGreaterThanOrEqual(gi(full.scoreGrade));
        expect(bare.scoreHundredths).toBe(full.scoreHundredths);
        expect(bare.grade).toBe(full.scoreGrade);
        expect(gi(full.grade)).toBeGreaterThanOrEqual(gi(bare.grade));
      }),
      { numRuns: 100 },
    );
  });

  it('分数始终在 [0, 100] 之内，且与等级分数线一致 / the score stays in [0, 100] and matches the grade thresholds (plan 三(二)4)', () => {
    fc.assert(
      fc.property(
        usccArb.chain((u) => fc.record({ e: enterpriseArb(u), evs: historyArb(u, { maxLength: 60 }), asOf: asOfArb })),
        ({ e, evs, asOf }) => {
          const r = graderAt(asOf).explain(e, evs, { path: false });
          expect(r.scoreHundredths).toBeGreaterThanOrEqual(0);
          expect(r.scoreHundredths).toBeLessThanOrEqual(10000);
          const s = r.scoreHundredths;
          const expected = s >= 9000 ? 'A' : s >= 7000 ? 'B' : s >= 4000 ? 'C' : 'D';
          expect(r.scoreGrade).toBe(expected);
          // The score is 100 minus capped group deductions plus capped positives.
          const deducted = r.groups.reduce((a, g) => a + g.deductedHundredths, 0);
          expect(r.scoreHundredths).toBe(Math.max(0, Math.min(10000, 10000 - deducted + r.positiveHundredths)));
          for (const g of r.groups) expect(g.deductedHundredths).toBeLessThanOrEqual(g.capHundredths);
        },
      ),
      RUNS,
    );
  });
});

describe('确定性 / determinism', () => {
  it('记录顺序不影响结果 / the order of records never matters (plan 三(二)4)', () => {
    fc.assert(
      fc.property(
        gradedCaseArb().chain((c) => fc.record({ c: fc.constant(c), perm: fc.shuffledSubarray(c.events, { minLength: c.events.length, maxLength: c.events.length }) })),
        asOfArb,
        ({ c, perm }, asOf) => {
          const g = graderAt(asOf);
          expect(canonicalJson(g.explain(c.enterprise, perm))).toBe(canonicalJson(g.explain(c.enterprise, c.events)));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('相同输入相同输出，且与缓存无关 / same input, same output, independent of caches and graders (plan 三(二)4)', () => {
    fc.assert(
      fc.property(gradedCaseArb(), asOfArb, ({ enterprise, events }, asOf) => {
        const fresh = createGrader(rb, asOf).explain(enterprise, structuredClone(events));
        const warm = graderAt(asOf);
        warm.explain(enterprise, events);
        expect(canonicalJson(warm.explain(enterprise, events))).toBe(canonicalJson(fresh));
      }),
      { numRuns: 60 },
    );
  });

  it('批量结果与逐个评价结果完全相同 / batch results equal single results exactly (plan 三(二)4)', () => {
    fc.assert(
      fc.property(fc.array(gradedCaseArb({ maxLength: 6 }), { maxLength: 8 }), asOfArb, (cases, asOf) => {
        const uniq = [...new Map(cases.map((c) => [c.enterprise.uscc, c])).values()];
        const flat = uniq.flatMap((c) => c.events);
        const batch = gradeBatch(uniq.map((c) => c.enterprise), flat, { rulebook: rb, asOf });
        const g = graderAt(asOf);
        const single = uniq.map((c) => g(c.enterprise, c.events)).sort((a, b) => (a.uscc < b.uscc ? -1 : 1));
        expect(canonicalJson(batch.results)).toBe(canonicalJson(single));
        for (const c of uniq) {
          const full = g.explain(c.enterprise, c.events);
          const compact = single.find((s) => s.uscc === c.enterprise.uscc)!;
          expect({ uscc: full.uscc, scoreHundredths: full.scoreHundredths, grade: full.grade, riskLevel: full.riskLevel, supervisionClass: full.supervisionClass, reasonCodes: full.reasonCodes }).toEqual({
            uscc: compact.uscc,
            scoreHundredths: compact.scoreHundredths,
            grade: compact.grade,
            riskLevel: compact.riskLevel,
            supervisionClass: compact.supervisionClass,
            reasonCodes: compact.reasonCodes,
          });
        }
        expect(batch.issues).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('跳过校验的快速路径与校验路径结果相同 / the trusted fast path equals the validating path on valid input (plan 三(二)4)', () => {
    fc.assert(
      fc.property(gradedCaseArb(), asOfArb, ({ enterprise, events }, asOf) => {
        const fast = createGrader(rb, asOf, { validate: false });
        expect(canonicalJson(fast(enterprise, events))).toBe(canonicalJson(graderAt(asOf)(enterprise, events)));
      }),
      { numRuns: 60 },
    );
  });
});

describe('监管类别 / supervision class', () => {
  it('等级更差或风险更高，抽查比例不降、检查次数不减 / a worse grade or a higher risk never gets a lower sampling ratio or fewer inspections (plan 三(二)4: 对综合评价低的企业严检查和多检查)', () => {
    fc.assert(
      fc.property(gradedCaseArb(), gradedCaseArb(), asOfArb, (a, b, asOf) => {
        const g = graderAt(asOf);
        const ra = g.explain(a.enterprise, a.events, { path: false });
        const rb2 = g.explain(b.enterprise, b.events, { path: false });
        if (gi(ra.grade) <= gi(rb2.grade) && RISK_LEVELS.indexOf(ra.riskLevel) <= RISK_LEVELS.indexOf(rb2.riskLevel)) {
          const ca = ra.supervisionClassDetail;
          const cb = rb2.supervisionClassDetail;
          expect(Number(cb.samplingRatio) >= Number(ca.samplingRatio)).toBe(true);
          expect(cb.inspectionsPerYearMax).toBeGreaterThanOrEqual(ca.inspectionsPerYearMax);
          if (ca.keyItemsFullCoverage) expect(cb.keyItemsFullCoverage).toBe(true);
          if (!ca.proactiveOnsiteOff) expect(cb.proactiveOnsiteOff).toBe(false);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('不单调的矩阵或类别在加载规则集时即被拒绝，并指出单元格 / a non-monotone matrix or class table is rejected at load, naming the cells (plan 三(二)4)', () => {
    const ids = ['class-1', 'class-2', 'class-3', 'class-4'];
    const cellArb = fc.constantFrom(...ids);
    const rowArb = fc.record({ low: cellArb, medium: cellArb, high: cellArb });
    fc.assert(
      fc.property(fc.record({ A: rowArb, B: rowArb, C: rowArb, D: rowArb }), fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 4 }), (matrix, ratios) => {
        const j = structuredClone(defaultRulebookJson()) as any;
        j.parameters.grading.classMatrix.values[0].value = matrix;
        ids.forEach((id, k) => {
          j.parameters.grading.supervisionClasses.values[0].value[id].samplingRatio = (ratios[k]! / 100).toString();
        });
        const r = safeLoadRulebook(j);
        const rank = (id: string): number => ids.indexOf(id);
        let monotone = true;
        for (let g = 0; g < 4; g++)
          for (let k = 0; k < 3; k++) {
            const here = rank((matrix as any)[CREDIT_GRADES[g]!][RISK_LEVELS[k]!]);
            if (g > 0 && here < rank((matrix as any)[CREDIT_GRADES[g - 1]!][RISK_LEVELS[k]!])) monotone = false;
            if (k > 0 && here < rank((matrix as any)[CREDIT_GRADES[g]!][RISK_LEVELS[k - 1]!])) monotone = false;
          }
        for (let k = 1; k < 4; k++) if (ratios[k]! < ratios[k - 1]!) monotone = false;
        expect(r.ok).toBe(monotone);
        if (!r.ok) expect(r.issues.some((i) => /classMatrix|supervisionClasses/.test(String(i.params['path'])))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('输入校验 / input checking', () => {
  const mutations: ((e: Record<string, unknown>) => unknown)[] = [
    (e) => e,
    (e) => ({ ...e, extra: 1 }),
    (e) => {
      const { id: _id, ...rest } = e;
      return rest;
    },
    (e) => ({ ...e, date: '2025-02-30' }),
    (e) => ({ ...e, date: '2025-2-3' }),
    (e) => ({ ...e, uscc: 'ABC' }),
    (e) => ({ ...e, uscc: String(e['uscc']).replace(/^9/, 'I') }),
    (e) => ({ ...e, type: 'fine' }),
    (e) => ({ ...e, type: undefined }),
    (e) => ({ ...e, id: '' }),
    (e) => ({ ...e, id: 7 }),
    (e) => ({ ...e, fineAmountFen: -1 }),
    (e) => ({ ...e, fineAmountFen: 1.5 }),
    (e) => ({ ...e, fineAmountFen: undefined }),
    (e) => ({ ...e, penaltyKinds: [] }),
    (e) => ({ ...e, penaltyKinds: ['fine', 'flogging'] }),
    (e) => ({ ...e, decisionDate: '2020-01-01' }),
    (e) => ({ ...e, publicationDate: '2019-01-01' }),
    (e) => ({ ...e, year: 2013 }),
    (e) => ({ ...e, year: 2101 }),
    (e) => ({ ...e, year: '2024' }),
    (e) => ({ ...e, level: 'E' }),
    (e) => ({ ...e, substantiated: 'yes' }),
    (e) => ({ ...e, outcome: 'ok' }),
    (e) => ({ ...e, removedOn: '2001-01-01' }),
    (e) => ({ ...e, repairedOn: '2001-01-01' }),
    (e) => ({ ...e, ofRecord: '' }),
    (e) => ({ ...e, reason: 'other' }),
    (e) => ({ ...e, procedure: 'summary' }),
    (e) => ({ ...e, tier: 'light' }),
    (e) => ({ ...e, sector: '' }),
    (e) => ({ ...e, seriousList: 1 }),
    (e) => ({ ...e, partyType: 'person' }),
    () => null,
    () => [],
    () => 'administrativePenalty',
  ];

  it('快速校验器与 zod 模式接受和拒绝完全相同的记录 / the fast checker accepts and rejects exactly what the zod schema does (plan 三(二)4: 采信)', () => {
    fc.assert(
      fc.property(usccArb.chain((u) => historyArb(u, { maxLength: 4 })), fc.nat(), (evs, m) => {
        for (const e of evs) {
          const v = mutations[m % mutations.length]!(e as unknown as Record<string, unknown>);
          expect(checkCreditEvent(v) === null).toBe(creditEventSchema.safeParse(v).success);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('企业快速校验器与 zod 模式一致 / the enterprise checker agrees with the zod schema (plan 三(二)4)', () => {
    const em: ((e: Record<string, unknown>) => unknown)[] = [
      (e) => e,
      (e) => ({ ...e, industryCode: 'Z9999' }),
      (e) => ({ ...e, industryCode: '6' }),
      (e) => ({ ...e, industryCode: 'H62101' }),
      (e) => ({ ...e, licences: ['Food'] }),
      (e) => ({ ...e, licences: 'food-business' }),
      (e) => ({ ...e, status: 'closed' }),
      (e) => ({ ...e, name: '' }),
      (e) => ({ ...e, street: undefined }),
      (e) => ({ ...e, registeredCapitalFen: -5 }),
      (e) => ({ ...e, scale: 'huge' }),
      (e) => ({ ...e, onNoDisturbanceList: 'no' }),
      (e) => ({ ...e, foo: 'bar' }),
      (e) => ({ ...e, registrationDate: '2024-13-01' }),
    ];
    fc.assert(
      fc.property(enterpriseArb(), fc.nat(), (e, m) => {
        const v = em[m % em.length]!(e as unknown as Record<string, unknown>);
        expect(checkEnterprise(v) === null).toBe(enterpriseSchema.safeParse(v).success);
      }),
      { numRuns: 300 },
    );
  });

  it('每条记录要么计入，要么带原因报告 / every record is counted or reported with a reason (plan 三(二)4; nothing silently dropped)', () => {
    fc.assert(
      fc.property(gradedCaseArb({ maxLength: 6 }), usccArb, asOfArb, ({ enterprise, events }, other, asOf) => {
        fc.pre(other !== enterprise.uscc);
        const foreign = { type: 'complaint', id: 'foreign-1', uscc: other, date: '2024-01-02', substantiated: true };
        const bogus = { type: 'rumour', id: 'bogus-1', uscc: enterprise.uscc, date: '2024-01-02' };
        const r = graderAt(asOf).explain(enterprise, [...events, foreign, bogus]);
        const named = new Set(r.issues.map((i) => i.location?.record));
        expect(named.has('foreign-1')).toBe(true);
        expect(named.has('bogus-1')).toBe(true);
        for (const e of events) if (e.date > asOf) expect(r.issues.some((i) => i.code === 'GRADING_EVENT_AFTER_ASOF' && i.location?.record === e.id)).toBe(true);
      }),
      { numRuns: 80 },
    );
  });
});

describe('改善路径 / path to a better grade', () => {
  it('所给的日期和修复确实使等级变好 / the dates and repairs given really improve the grade (plan 三(一)2: 信用修复主动告知)', () => {
    fc.assert(
      fc.property(gradedCaseArb({ to: '2025-06-30' }), dateBetween('2025-01-01', '2025-06-30'), ({ enterprise, events }, asOf) => {
        const hist = events.filter((e) => e.date <= asOf);
        const r = graderAt(asOf).explain(enterprise, hist);
        const p = r.path!;
        expect(p.currentGrade).toBe(r.grade);
        if (p.byTime) {
          expect(p.byTime.date > asOf).toBe(true);
          expect(gi(graderAt(p.byTime.date)(enterprise, hist).grade)).toBeLessThan(gi(r.grade));
          // Earliest: the day before, the grade has not improved yet.
          const before = fromDayNumber(toDayNumber(p.byTime.date) - 1);
          if (before > asOf) expect(graderAt(before)(enterprise, hist).grade).toBe(r.grade);
        }
        if (p.byRepair) {
          const fixes = p.byRepair.repairs.map((x, k) => ({ type: 'creditRepair', id: `path-fix-${k}`, uscc: enterprise.uscc, date: x.repairDate, ofRecord: x.recordId, repairedOn: x.repairDate }) as CreditEvent);
          const after = graderAt(p.byRepair.date)(enterprise, [...hist, ...fixes]);
          expect(gi(after.grade)).toBeLessThan(gi(r.grade));
        }
      }),
      { numRuns: 80 },
    );
  });
});

export type { Enterprise };
