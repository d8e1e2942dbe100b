/**
 * Specification of 免罚/免强 decisions (src/leniency), as fast-check properties: plan 三(一)3
 * ("严格落实'免罚''免强'事项清单……细化减轻处罚情形，减少查封、扣押等强制措施"), 行政处罚法 Arts. 30–37, 51,
 * 行政强制法 Arts. 16, 25; docs: shared/domain/leniency.md §9.
 * Cases are drawn over every item of the bundled lists (behaviours, facts named by their
 * conditions, dates 2020–2026, Minhang/Tianjin/Hangzhou jurisdictions).
 * On failure fast-check prints the seed and path to replay the counterexample.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/_lib/hash.js';
import { Decimal } from '../../src/_lib/decimal.js';
import { fromDayNumber, toDayNumber } from '../../src/calendar/index.js';
import { makeUscc } from '../../src/uscc/index.js';
import {
  decideLeniency,
  defaultLeniencyLists,
  itemInForce,
  leniencyRank,
  loadLeniencyList,
  type CaseFactsInput,
  type LedgerEntry,
  type LeniencyDecision,
  type LeniencyList,
  type Predicate,
} from '../../src/leniency/index.js';

const LISTS = defaultLeniencyLists();
const PENALTY_ITEMS = LISTS.filter((l) => l.kind !== 'no_compulsion').flatMap((l) => l.items.map((item) => ({ list: l, item })));
const BEHAVIOURS = [...new Set(PENALTY_ITEMS.flatMap(({ item }) => (item.match.behaviours ?? []).map((b) => `${item.domain}|${b}`)))].sort();
BEHAVIOURS.push('market|market.unlicensed_operation', 'food|food.other_violation');

type Spec = { kind: 'flag' } | { kind: 'count'; max: number } | { kind: 'amount'; max: string } | { kind: 'ratio'; other: string; role: 'num' | 'den' } | { kind: 'date' } | { kind: 'enum'; values: string[] };
const SPECS = new Map<string, Spec>();
function collect(p: Predicate): void {
  switch (p.kind) {
    case 'flag': SPECS.set(p.field, { kind: 'flag' }); break;
    case 'countMax': SPECS.set(p.field, { kind: 'count', max: p.max }); break;
    case 'amountMax': SPECS.set(p.field, { kind: 'amount', max: p.max }); break;
    case 'ratioMax': SPECS.set(p.numerator, { kind: 'ratio', other: p.denominator, role: 'num' }); SPECS.set(p.denominator, { kind: 'ratio', other: p.numerator, role: 'den' }); break;
    case 'durationMax': SPECS.set(p.startField, { kind: 'date' }); if (p.endField) SPECS.set(p.endField, { kind: 'date' }); break;
    case 'enumIn': SPECS.set(p.field, { kind: 'enum', values: p.values }); break;
    case 'not': collect(p.p); break;
    case 'all': case 'any': p.ps.forEach(collect); break;
    default: break;
  }
}
for (const l of LISTS) for (const it of l.items) it.conditions.forEach(collect);
for (const f of ['trivialCircumstances', 'noObviousSocialHarm']) SPECS.set(f, { kind: 'flag' });
const FIELD_NAMES = [...SPECS.keys()].sort();

const PARTY = makeUscc({ divisionCode: '310112', subjectBody: 'MA1FL8X0' });
const START = toDayNumber('2020-01-01');
const END = toDayNumber('2026-03-31');
const RULES_FROM = toDayNumber('2021-07-15');
const d = (n: number): string => fromDayNumber(n);

const amountArb = (max: string) =>
  fc.oneof(fc.constant(max), fc.integer({ min: 0, max: 200_000 }).map((fen) => new Decimal(fen).div(100).toFixed(2)));

const factValueArb = (name: string, spec: Spec): fc.Arbitrary<unknown> => {
  switch (spec.kind) {
    case 'flag': return fc.boolean();
    case 'count': return fc.integer({ min: 0, max: spec.max + 2 });
    case 'amount': return amountArb(spec.max);
    case 'ratio': return spec.role === 'num' ? fc.integer({ min: 0, max: 150 }).map((c) => new Decimal(c).div(100).toFixed(2)) : fc.constantFrom('2', '3', '4.5');
    case 'date': return fc.integer({ min: START - 90, max: END }).map(d);
    case 'enum': return fc.constantFrom(...spec.values, 'other');
    default: return fc.constant(name);
  }
};
const factsArb = fc.record(Object.fromEntries(FIELD_NAMES.map((n) => [n, factValueArb(n, SPECS.get(n)!)]))) as fc.Arbitrary<Record<string, unknown>>;

const correctionArb = (occ: number, disc: number) =>
  fc.oneof(
    fc.constant({ correctedAt: null }),
    fc.integer({ min: occ, max: disc }).map((n) => ({ correctedAt: d(n), onTheSpot: n === disc, orderedDeadline: d(disc + 10) })),
    fc.integer({ min: 1, max: 30 }).map((k) => ({ correctedAt: d(disc + k), onTheSpot: false, orderedDeadline: d(disc + 15) })),
  );

const penaltyArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ fineRange: fc.constantFrom({ min: '5000', max: '50000' }, { min: '0', max: '2000' }, { min: '50000', max: '100000' }, { min: '0', max: '5000' }) }) },
  { weight: 1, arbitrary: fc.constantFrom({ provision: { law: '食品安全法', article: 124, paragraph: 1, item: 5 }, fineRange: { min: '50000', max: '100000' } }, { provision: { law: '食品安全法', article: 125, paragraph: 2 }, fineRange: { min: '0', max: '2000' } }, { provision: { law: '税收征收管理法', article: 62 }, fineRange: { min: '0', max: '2000' } }, { provision: { law: '消防法', article: 67 } }) },
);

/** A complete case: every fact any condition names is given, so no outcome is facts_needed. */
const caseArb: fc.Arbitrary<{ c: CaseFactsInput; asOf: string; ledger: LedgerEntry[] }> = fc
  .record({
    beh: fc.constantFrom(...BEHAVIOURS),
    occ: fc.integer({ min: START, max: END }),
    discAfter: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 2000 })),
    decAfter: fc.integer({ min: 0, max: 120 }),
    harm: fc.constantFrom('none', 'minor', 'serious'),
    involves: fc.boolean(),
    minor: fc.boolean(),
    jurisdiction: fc.constantFrom('CN-SH-MH', 'CN-SH-MH', 'CN-SH-MH', 'CN-TJ', 'CN-ZJ-HZ'),
    party: fc.oneof({ weight: 4, arbitrary: fc.constant({ id: PARTY, type: 'organisation' as const }) }, { weight: 1, arbitrary: fc.integer({ min: 10, max: 70 }).map((age) => ({ id: PARTY, type: 'natural' as const, age })) }),
    facts: factsArb,
    penalty: penaltyArb,
    redLine: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    mitigator: fc.oneof({ weight: 5, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.constantFrom({ eliminatedHarm: true }, { confessedUnknownViolation: true }) }),
    illegalGains: fc.constantFrom('0', '0', '35.50', '1200'),
    priorDays: fc.array(fc.integer({ min: 1, max: 1500 }), { maxLength: 2 }),
    measure: fc.option(fc.constantFrom('documents', 'tools_equipment', 'materials', 'goods', 'premises'), { nil: undefined }),
    lesser: fc.boolean(),
  })
  .chain((r) => {
    const disc = Math.min(r.occ + r.discAfter, END + 200);
    const dec = Math.max(disc + r.decAfter, RULES_FROM);
    return correctionArb(r.occ, disc).map((correction) => {
      const [domain, behaviour] = r.beh.split('|') as [CaseFactsInput['domain'], string];
      const c: CaseFactsInput = {
        caseId: 'MH-P-1',
        party: r.party,
        jurisdiction: r.jurisdiction,
        domain,
        behaviour,
        suspectedCrime: false,
        redLines: { nationalSecurity: false, lifeHealthOrMajorProperty: r.redLine, basicMarketOrSocialOrder: false },
        involvesLifeHealthFinancialSafety: r.involves,
        harm: r.harm as 'none',
        minorViolation: r.minor,
        dates: { occurredAt: d(r.occ), discoveredAt: d(disc), decidedAt: d(dec) },
        correction,
        amounts: { illegalGains: r.illegalGains, ...(typeof r.facts.goodsValue === 'string' ? { goodsValue: r.facts.goodsValue } : {}) },
        mitigators: r.mitigator as Record<string, boolean>,
        facts: r.facts as never,
        penalty: r.penalty,
        ...(r.measure ? { proposedMeasure: { type: 'seize' as const, target: r.measure as 'goods', authorisedByLaw: true, targetRelatedToCase: true, alreadySealedByAnotherOrgan: false, lesserMeasureSuffices: r.lesser } } : {}),
      };
      const ledger: LedgerEntry[] = r.priorDays.map((k, i) => ({ partyId: PARTY, date: d(r.occ - k), behaviour, violationType: 'prior', domain, kind: 'penalty', caseId: `MH-OLD-${i}` }));
      return { c, asOf: d(dec), ledger };
    });
  });

const decide = (x: { c: CaseFactsInput; asOf: string; ledger: LedgerEntry[] }, lists: readonly LeniencyList[] = LISTS): LeniencyDecision =>
  decideLeniency(x.c, { asOf: x.asOf, ledger: x.ledger, lists });
const rank = (o: LeniencyDecision): number => {
  const r = leniencyRank(o.outcome);
  if (r === undefined) throw new Error(`unranked outcome ${o.outcome}: ${o.factsNeeded.join(', ')}`);
  return r;
};
const RUNS = { numRuns: 200 };

describe('免罚 / 免强 leniency decisions', () => {
  it('事实齐全的案件从不返回“需补充事实” / a case with every fact given is always decided, never facts_needed (leniency.md §9.3; plan 三(一)3)', () => {
    fc.assert(fc.property(caseArb, (x) => {
      expect(decide(x).outcome).not.toBe('facts_needed');
    }), RUNS);
  });

  it('生成器覆盖各类结果（性质检验非空转）/ the case generator reaches every kind of outcome, so the properties are not vacuous (leniency.md §9.1)', () => {
    const seen = new Set(fc.sample(caseArb, { numRuns: 400, seed: 20250630 }).map((x) => decide(x).outcome));
    for (const o of ['no_penalty_mandatory', 'no_penalty_discretionary', 'time_barred', 'ordinary_penalty', 'mitigate_lighter_or_reduced', 'order_correction_first'] as const) expect(seen).toContain(o);
  });

  const aggravations: [string, (x: { c: CaseFactsInput; asOf: string; ledger: LedgerEntry[] }) => { c: CaseFactsInput; asOf: string; ledger: LedgerEntry[] }][] = [
    ['危害后果加重 / harm increased', (x) => ({ ...x, c: { ...x.c, harm: x.c.harm === 'none' ? 'minor' : 'serious' } })],
    ['未改正 / correction withdrawn', (x) => ({ ...x, c: { ...x.c, correction: { correctedAt: null } } })],
    ['窗口内追加在先违法 / a prior violation in the window added', (x) => ({ ...x, ledger: [...x.ledger, { partyId: PARTY, date: fromDayNumber(toDayNumber(x.c.dates.occurredAt) - 30), behaviour: x.c.behaviour, violationType: 'prior', domain: x.c.domain, kind: 'penalty', caseId: 'MH-NEW-PRIOR' }] })],
    ['涉案金额增大 / larger amounts', (x) => ({ ...x, c: { ...x.c, amounts: Object.fromEntries(Object.entries(x.c.amounts ?? {}).map(([k, v]) => [k, new Decimal(v).plus('1000').toFixed(2)])), facts: Object.fromEntries(Object.entries(x.c.facts ?? {}).map(([k, v]) => [k, SPECS.get(k)?.kind === 'count' ? (v as number) + 1 : SPECS.get(k)?.kind === 'amount' ? new Decimal(v as string).plus('1000').toFixed(2) : SPECS.get(k)?.kind === 'ratio' && (SPECS.get(k) as { role: string }).role === 'num' ? new Decimal(v as string).plus('0.5').toFixed(2) : v])) as never } })],
  ];
  for (const [label, aggravate] of aggravations) {
    it(`加重情节不会使结果更宽：${label.split(' / ')[0]} / an aggravating fact never moves a case toward leniency: ${label.split(' / ')[1]} (行政处罚法第三十二条、第三十三条; plan 三(一)3)`, () => {
      fc.assert(fc.property(caseArb, (x) => {
        expect(rank(decide(aggravate(x)))).toBeLessThanOrEqual(rank(decide(x)));
      }), RUNS);
    });
  }

  it('及时改正不会使结果更严 / correcting in time never moves a case away from leniency (行政处罚法第三十三条第一款; plan 三(一)3)', () => {
    fc.assert(fc.property(caseArb, (x) => {
      const disc = x.c.dates.discoveredAt;
      const uncorrected = { ...x, c: { ...x.c, correction: { correctedAt: null } } };
      const corrected = { ...x, c: { ...x.c, correction: { correctedAt: disc, onTheSpot: true, orderedDeadline: fromDayNumber(toDayNumber(disc) + 10) } } };
      expect(rank(decide(corrected))).toBeGreaterThanOrEqual(rank(decide(uncorrected)));
    }), RUNS);
  });

  /** Independent Civil Code year arithmetic: same month/day n years later; 29 Feb → 28 Feb. */
  function plusYears(date: string, n: number): string {
    const [y, m, dd] = date.split('-').map(Number) as [number, number, number];
    const ny = y + n;
    const leap = (ny % 4 === 0 && ny % 100 !== 0) || ny % 400 === 0;
    const day = m === 2 && dd === 29 && !leap ? 28 : dd;
    return `${ny}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }

  it('超过追责时效当且仅当期间届满 / a case is time-barred exactly when its period has run: 2 years, 5 years for life/health/financial safety with harm, 5 years for tax, from the end of a continuing act (行政处罚法第三十六条; 税收征收管理法第八十六条)', () => {
    fc.assert(fc.property(caseArb, fc.boolean(), fc.integer({ min: 0, max: 400 }), fc.boolean(), (x, continuing, runDays, tax) => {
      const occ = toDayNumber(x.c.dates.occurredAt);
      const end = occ + runDays;
      const disc = toDayNumber(x.c.dates.discoveredAt) + (continuing ? runDays : 0);
      const c: CaseFactsInput = {
        ...x.c,
        ...(tax ? { domain: 'tax', behaviour: 'tax.late_filing', penalty: { provision: { law: '税收征收管理法', article: 62 } } } : {}),
        dates: { occurredAt: d(occ), continuing, ...(continuing ? { endedAt: d(end) } : {}), discoveredAt: d(disc), decidedAt: d(Math.max(disc, RULES_FROM)) },
      };
      const start = continuing ? d(end) : d(occ);
      const taxLaw = tax || (x.c.penalty as { provision?: { law: string } } | undefined)?.provision?.law === '税收征收管理法';
      const years = taxLaw ? 5 : x.c.involvesLifeHealthFinancialSafety && x.c.harm !== 'none' ? 5 : 2;
      const barred = d(disc) > plusYears(start, years);
      const r = decideLeniency(c, { asOf: d(Math.max(disc, RULES_FROM)), ledger: x.ledger });
      expect(r.outcome === 'time_barred').toBe(barred);
      expect(r.limitation?.years).toBe(years);
    }), RUNS);
  });

  it('时效边界：届满当日发现不超时效，次日发现超时效 / discovered on the last day is in time, the next day is barred (行政处罚法第三十六条; 民法典第二百零一条、第二百零二条)', () => {
    fc.assert(fc.property(fc.integer({ min: toDayNumber('2020-01-01'), max: toDayNumber('2023-12-31') }), (occ) => {
      const base = { caseId: 'B', party: { id: PARTY, type: 'organisation' as const }, domain: 'market' as const, behaviour: 'market.unlicensed_operation', suspectedCrime: false, involvesLifeHealthFinancialSafety: false, harm: 'none' as const };
      const last = plusYears(d(occ), 2);
      const at = (disc: string) => decideLeniency({ ...base, dates: { occurredAt: d(occ), discoveredAt: disc } }, { asOf: '2026-06-30', ledger: [] });
      expect(at(last).outcome).not.toBe('time_barred');
      expect(at(d(toDayNumber(last) + 1)).outcome).toBe('time_barred');
    }), { numRuns: 100 });
  });

  it('非依法处罚的结果至少援引一条法条 / every outcome other than an ordinary penalty cites at least one article (行政处罚法第三十三条、第五十七条; 行政强制法第十六条)', () => {
    fc.assert(fc.property(caseArb, (x) => {
      const r = decide(x);
      if (r.outcome !== 'ordinary_penalty') expect(r.legalBasis.some((b) => b.kind === 'statute' && /第.+条/.test(b.cite))).toBe(true);
      if (r.compulsory?.outcome === 'no_compulsory_measure') expect(r.compulsory.legalBasis.some((b) => b.startsWith('行政强制法第十六条'))).toBe(true);
    }), RUNS);
  });

  function shuffled<T>(xs: readonly T[], seed: number): T[] {
    const a = [...xs];
    let s = seed >>> 0 || 1;
    for (let i = a.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) >>> 0;
      const j = s % (i + 1);
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }
  const reorder = (seed: number): readonly LeniencyList[] =>
    shuffled(LISTS, seed).map((l) => {
      const { hash: _h, items, ...rest } = l;
      return loadLeniencyList({ ...rest, items: shuffled(items, seed + 7).map(({ id: _i, listId: _l, ...it }) => it) });
    });

  it('结果与清单、事项、台账的顺序无关（逐字节相同）/ the decision does not depend on the order of lists, items or ledger entries — byte-identical (leniency.md §9.3; plan 三(一)3)', () => {
    fc.assert(fc.property(caseArb, fc.integer({ min: 1, max: 2 ** 31 - 1 }), (x, seed) => {
      const a = decide(x);
      const b = decideLeniency(x.c, { asOf: x.asOf, ledger: shuffled(x.ledger, seed), lists: reorder(seed) });
      expect(JSON.parse(canonicalJson(b))).toEqual(JSON.parse(canonicalJson(a)));
    }), { numRuns: 100 });
  });

  it('清单事项只在有效期内适用，有效期外仅可依从旧兼从轻适用 / a list item never applies outside its effective dates, except via Art. 37 in the party’s favour (行政处罚法第三十七条)', () => {
    fc.assert(fc.property(caseArb, (x) => {
      const r = decide(x);
      const m = r.matchedItem;
      if (!m) return;
      const list = LISTS.find((l) => l.id === m.listId)!;
      const item = list.items.find((i) => i.id === m.id)!;
      const av = r.applicableVersion!;
      const atAct = itemInForce(list, item, av.actTime);
      const atDecision = itemInForce(list, item, av.decisionTime);
      expect(atAct || atDecision).toBe(true);
      if (av.chosen === 'decision_time') {
        expect(atDecision).toBe(true);
        expect(leniencyRank(av.decisionTimeOutcome)!).toBeGreaterThan(leniencyRank(av.actTimeOutcome)!);
        expect(r.legalBasis.some((b) => b.cite === '行政处罚法第三十七条')).toBe(true);
      } else expect(atAct).toBe(true);
    }), RUNS);
  });

  it('从轻罚款区间在法定幅度最低比例内，减轻低于法定最低 / the 从轻 range lies in [min, min + share·(max − min)] and 减轻 is below the minimum (行政处罚法第三十二条; 苏市监规〔2024〕7号)', () => {
    fc.assert(fc.property(caseArb, (x) => {
      const r = decide(x);
      if (!r.fine) return;
      const { statutory: s, lighter: l, lighterShare } = r.fine;
      const min = new Decimal(s.min);
      const max = new Decimal(s.max);
      expect(new Decimal(l.min).eq(min)).toBe(true);
      expect(new Decimal(l.max).gte(min)).toBe(true);
      expect(new Decimal(l.max).lte(min.plus(max.minus(min).times(lighterShare)))).toBe(true);
      expect(new Decimal(l.max).plus('0.01').gt(min.plus(max.minus(min).times(lighterShare)))).toBe(true);
      expect(r.fine.reduced.belowMin).toBe(s.min);
    }), RUNS);
  });

  it('首违免罚后追加台账记录，窗口内再犯不再首违免罚 / after a first-offence waiver, appending its ledger entry defeats a repeat within the window (国市监法〔2025〕10号; 行政处罚法第三十三条第一款)', () => {
    fc.assert(fc.property(caseArb, fc.integer({ min: 1, max: 300 }), (x, later) => {
      const r = decide(x);
      if (r.ledgerEntry?.kind !== 'first_offence_waiver' || !r.matchedItem) return;
      const occ2 = fromDayNumber(toDayNumber(x.c.dates.occurredAt) + later);
      const disc2 = fromDayNumber(toDayNumber(occ2) + 1);
      const dec2 = fromDayNumber(Math.max(toDayNumber(disc2), RULES_FROM));
      const second = { c: { ...x.c, caseId: 'MH-P-2', dates: { occurredAt: occ2, discoveredAt: disc2, decidedAt: dec2 }, correction: { correctedAt: disc2, onTheSpot: true } }, asOf: dec2, ledger: [...x.ledger, r.ledgerEntry] };
      const r2 = decide(second);
      const again = r2.candidates.find((c) => c.id === r.matchedItem!.id && c.evaluatedAt === occ2);
      if (again) expect(again.status).toBe('unmet');
      expect(r2.matchedItem?.id === r.matchedItem.id && r2.ledgerEntry?.kind === 'first_offence_waiver').toBe(false);
    }), RUNS);
  });

  it('缺少决定所依据的事实时不猜测 / removing a fact the decisive item relied on never leaves that item decisive (leniency.md §9.3 "facts needed")', () => {
    fc.assert(fc.property(caseArb, (x) => {
      const r = decide(x);
      if (!r.matchedItem) return;
      const used = r.conditions.flatMap((c) => c.facts.map((f) => f.name)).filter((n) => n.startsWith('facts.') || n === 'harm');
      if (!used.length) return;
      const name = used[0]!;
      const c = structuredClone(x.c) as CaseFactsInput & { facts: Record<string, unknown> };
      if (name === 'harm') delete c.harm;
      else delete c.facts[name.slice('facts.'.length)];
      const r2 = decide({ ...x, c });
      expect(r2.matchedItem?.id).not.toBe(r.matchedItem.id);
    }), RUNS);
  });

  it('同一输入逐字节相同的输出 / same inputs give byte-identical outputs (plan 三(一)3)', () => {
    fc.assert(fc.property(caseArb, (x) => {
      expect(canonicalJson(decide(x))).toBe(canonicalJson(decide(structuredClone(x))));
    }), { numRuns: 100 });
  });

  it('强制措施继续时期限为30日（可延长30日，检测期间不计入）/ a measure that proceeds ends within 30 days, 60 with one extension, testing days excluded (行政强制法第二十五条)', () => {
    fc.assert(fc.property(caseArb, fc.integer({ min: 0, max: 20 }), (x, testing) => {
      if (!x.c.proposedMeasure) return;
      const c = { ...x.c, proposedMeasure: { ...x.c.proposedMeasure, testingDays: testing, lesserMeasureSuffices: false }, facts: { ...x.c.facts, trivialCircumstances: false, noObviousSocialHarm: false } };
      const r = decideLeniency(c, { asOf: x.asOf, ledger: x.ledger });
      const cm = r.compulsory!;
      if (cm.outcome !== 'measure_may_proceed') return;
      const start = toDayNumber(cm.deadline!.startOn);
      expect(toDayNumber(cm.deadline!.lastDay) - start).toBe(30 + testing);
      expect(toDayNumber(cm.deadline!.lastDayIfExtended) - start).toBe(60 + testing);
      expect(cm.documents.map((x) => x.zh)).toContain('查封扣押决定书');
    }), RUNS);
  });
});
