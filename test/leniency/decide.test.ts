import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decideLeniency,
  defaultLeniencyLists,
  loadLeniencyList,
  safeLoadLeniencyList,
  combineLeniencyLists,
  citeProvision,
  chineseNumeral,
  isXinfengError,
  defaultRulebook,
  valueAt,
} from '../../src/index.js';
import { BUILTIN_LIST_JSON } from '../../src/leniency/builtin-lists.js';
import { baseCase, priorEntry, PARTY, NO_RED_LINES } from './helpers.js';

const ASOF = '2025-06-30';
/** The 无过错 item SH-FIRE-2022#NF1 also covers detector faults; these cases do not raise it. */
const NF = { selfDiscoveredBeforeInspection: false, effectiveMeasuresTaken: false };
const fireCase = (over = {}) =>
  baseCase({ domain: 'fire', behaviour: 'fire.detector_fault', facts: { brokenDetectorsPerFloor: 1, systemFunctionUnaffected: true, ...NF }, penalty: { provision: { law: '消防法', article: 60, paragraph: 1, item: 1 }, fineRange: { min: '5000', max: '50000' } }, ...over });

describe('bundled lists', () => {
  it('every data/leniency/*.json file is in the static index, and nothing else', () => {
    const files = readdirSync(join(__dirname, '../../data/leniency')).filter((f) => f.endsWith('.json')).sort();
    expect(Object.keys(BUILTIN_LIST_JSON).sort()).toEqual(files);
  });
  it('all bundled lists validate; ids are unique; item ids are LIST#itemNo', () => {
    const lists = defaultLeniencyLists();
    expect(lists.length).toBe(Object.keys(BUILTIN_LIST_JSON).length);
    expect(new Set(lists.map((l) => l.id)).size).toBe(lists.length);
    for (const l of lists) for (const it of l.items) expect(it.id).toBe(`${l.id}#${it.itemNo}`);
  });
  it('the abolished 2019 Shanghai list ends the day before 沪市监规范〔2023〕14号 abolished it', () => {
    const l = defaultLeniencyLists().find((x) => x.id === 'SH-SJ-2019-1')!;
    expect(l.effectiveTo).toBe('2023-12-24');
    expect(l.supersededBy).toBe('沪市监规范〔2023〕14号');
  });
});

describe('loadLeniencyList rejects a malformed list naming list, item and field', () => {
  const good = JSON.parse(readFileSync(join(__dirname, '../../data/leniency/sh-fire-2022.json'), 'utf8'));
  it('a negative count bound', () => {
    const bad = structuredClone(good);
    bad.items[0].conditions[0].max = -1;
    const r = safeLoadLeniencyList(bad, { source: 'bad.json' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]!.code).toBe('LENIENCY_LIST_INVALID');
    expect(r.issues[0]!.params).toMatchObject({ list: 'SH-FIRE-2022 (bad.json)', item: 'SH-FIRE-2022#1.1', field: 'conditions[0].max' });
  });
  it('a firstOffence condition in a list without a first-offence policy', () => {
    const bad = structuredClone(good);
    bad.items[3].conditions.push({ kind: 'firstOffence' });
    const r = safeLoadLeniencyList(bad);
    expect(!r.ok && r.issues.map((i) => `${i.params.item}|${i.params.field}`)).toEqual(['SH-FIRE-2022#1.4|conditions[4]']);
  });
  it('an amount written as a JSON float and an unknown key', () => {
    const bad = structuredClone(good);
    bad.items[1].conditions.push({ kind: 'amountMax', field: 'goodsValue', max: 500.5, inclusive: true, currency: 'CNY' });
    bad.items[2].colour = 'red';
    try {
      loadLeniencyList(bad);
      expect.unreachable();
    } catch (e) {
      expect(isXinfengError(e)).toBe(true);
      const msgs = (e as { issues: { params: Record<string, unknown> }[] }).issues.map((i) => `${i.params.item}|${i.params.field}`);
      expect(msgs).toContain('SH-FIRE-2022#1.2|conditions[3].max');
      expect(msgs).toContain('SH-FIRE-2022#1.3|colour');
    }
  });
  it('an item whose outcome does not fit the list kind, and a list that ends before it starts', () => {
    const bad = structuredClone(good);
    bad.items[0].outcome = 'no_compulsory_measure';
    bad.effectiveTo = '2020-01-01';
    const r = safeLoadLeniencyList(bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const fields = r.issues.map((i) => `${i.params.item}|${i.params.field}`);
    expect(fields).toContain('SH-FIRE-2022#1.1|outcome');
    expect(fields).toContain('(list)|effectiveTo');
  });
  it('invalid JSON text', () => {
    const r = safeLoadLeniencyList('{ "id": ', { source: 'x.json' });
    expect(!r.ok && r.issues[0]!.code).toBe('LENIENCY_LIST_JSON_SYNTAX');
  });
  it('two different lists with one id are refused', () => {
    const a = loadLeniencyList(good);
    const b = loadLeniencyList({ ...good, title: '另一份清单' });
    expect(() => combineLeniencyLists([a, b])).toThrow(/SH-FIRE-2022/);
    expect(combineLeniencyLists([a, a]).length).toBe(1);
  });
  it('a caller’s own list is used: adding a list is adding data', () => {
    const own = loadLeniencyList({
      id: 'MH-DEMO-2026', title: '闵行区示例轻微违法不予处罚清单', issuers: ['闵行区市场监督管理局'],
      jurisdiction: { code: 'CN-SH-MH', name: '闵行区', appliesIn: ['CN-SH-MH'] }, kind: 'minor', effectiveFrom: '2025-01-01', status: 'inferred',
      items: [{ itemNo: '1', domain: 'market', behaviour: '示例行为', violationType: '示例', match: { behaviours: ['market.demo'] }, violated: [], penaltyBasis: [],
        conditions: [{ kind: 'noHarmfulConsequence' }], outcome: 'no_penalty_mandatory', followUps: ['educate'], legalBasis: [{ law: '行政处罚法', article: 33, paragraph: 1 }], status: 'inferred' }],
    });
    const d = decideLeniency(baseCase({ domain: 'market', behaviour: 'market.demo' }), { asOf: ASOF, ledger: [], lists: [...defaultLeniencyLists(), own] });
    expect(d.matchedItem?.id).toBe('MH-DEMO-2026#1');
    expect(d.manualReview).toBe(true);
    expect(d.warnings.map((w) => w.code)).toContain('LENIENCY_ITEM_NOT_CONFIRMED');
  });
});

describe('Track A: ordered decision', () => {
  it('a fire case that meets SH-FIRE-2022#1.1 gets the documents, basis chain and a minor-waiver ledger entry', () => {
    const d = decideLeniency(fireCase(), { asOf: ASOF, ledger: [] });
    expect(d.outcome).toBe('no_penalty_mandatory');
    expect(d.outcomeZh).toBe('应当不予处罚');
    expect(d.mandatory).toBe(true);
    expect(d.legalBasis.map((b) => b.cite)).toEqual(['行政处罚法第三十三条第一款', '《上海市消防领域轻微违法行为不予行政处罚清单》第1.1项']);
    expect(d.documents.map((x) => x.zh)).toEqual(['不予行政处罚决定书', '批评教育记录']);
    expect(d.educationRequired).toBe(true);
    expect(d.ledgerEntry).toMatchObject({ partyId: PARTY, kind: 'minor_waiver', itemId: 'SH-FIRE-2022#1.1', date: '2025-05-10' });
    expect(d.stamp.rulebookId).toBe('cn-sh-minhang');
    expect(d.stamp.lists.length).toBe(defaultLeniencyLists().length);
  });
  it('suspected crime → 移送 before anything else; unknown → facts needed', () => {
    expect(decideLeniency(fireCase({ suspectedCrime: true }), { asOf: ASOF }).outcome).toBe('transfer_criminal');
    const d = decideLeniency(fireCase({ suspectedCrime: undefined }), { asOf: ASOF });
    expect(d.outcome).toBe('facts_needed');
    expect(d.factsNeeded).toEqual(['suspectedCrime']);
  });
  it('missing facts → facts needed with the list, never a guess', () => {
    const d = decideLeniency(fireCase({ facts: { systemFunctionUnaffected: true }, harm: undefined }), { asOf: ASOF, ledger: [] });
    expect(d.outcome).toBe('facts_needed');
    expect(d.factsNeeded).toEqual(expect.arrayContaining(['facts.brokenDetectorsPerFloor', 'harm']));
    const cand = d.candidates.find((c) => c.id === 'SH-FIRE-2022#1.1')!;
    expect(cand.status).toBe('unknown');
  });
  it('no ledger → a first-offence item cannot be decided', () => {
    const c = baseCase({ domain: 'food', behaviour: 'food.label_defect', harm: 'minor' });
    const d = decideLeniency(c, { asOf: ASOF });
    expect(d.outcome).toBe('facts_needed');
    expect(d.factsNeeded).toContain('ledger');
    expect(decideLeniency(c, { asOf: ASOF, ledger: [] }).matchedItem?.id).toBe('SAMR-2025-10-FV#6');
  });
  it('first-offence window: a same-type violation 25 months before the act no longer counts under the SAMR 2-year rule', () => {
    const c = baseCase({ domain: 'food', behaviour: 'food.label_defect', harm: 'minor' });
    const within = decideLeniency(c, { asOf: ASOF, ledger: [priorEntry('food.prepackaged_label_nonconforming', '2023-05-10', { violationType: '食品标签' })] });
    expect(within.matchedItem?.id).not.toBe('SAMR-2025-10-FV#6');
    const outside = decideLeniency(c, { asOf: ASOF, ledger: [priorEntry('food.prepackaged_label_nonconforming', '2023-05-09', { violationType: '食品标签' })] });
    expect(outside.matchedItem?.id).toBe('SAMR-2025-10-FV#6');
    const otherParty = decideLeniency(c, { asOf: ASOF, ledger: [{ ...priorEntry('food.label_defect', '2025-01-01'), partyId: 'someone-else' }] });
    expect(otherParty.matchedItem?.id).toBe('SAMR-2025-10-FV#6');
  });
  it('limitation: 2 years from the act; continuing acts count from their end; 5 years for life/health with harm', () => {
    const base = fireCase({ dates: { occurredAt: '2022-03-01', discoveredAt: '2024-03-02' } });
    const d = decideLeniency(base, { asOf: ASOF });
    expect(d.outcome).toBe('time_barred');
    expect(d.limitation).toMatchObject({ years: 2, startsOn: '2022-03-01', endsOn: '2024-03-01', barred: true });
    expect(d.legalBasis[0]!.cite).toBe('行政处罚法第三十六条');
    expect(decideLeniency(fireCase({ dates: { occurredAt: '2022-03-01', discoveredAt: '2024-03-01' } }), { asOf: ASOF, ledger: [] }).outcome).not.toBe('time_barred');
    const cont = decideLeniency(fireCase({ dates: { occurredAt: '2022-03-01', continuing: true, endedAt: '2023-01-10', discoveredAt: '2024-03-02' } }), { asOf: ASOF, ledger: [] });
    expect(cont.outcome).not.toBe('time_barred');
    expect(cont.limitation?.startsOn).toBe('2023-01-10');
    const ongoing = decideLeniency(fireCase({ dates: { occurredAt: '2019-03-01', continuing: true, endedAt: null, discoveredAt: '2025-05-12' } }), { asOf: ASOF, ledger: [] });
    expect(ongoing.limitation?.barred).toBe(false);
    const health = decideLeniency(fireCase({ harm: 'serious', involvesLifeHealthFinancialSafety: true, dates: { occurredAt: '2022-03-01', discoveredAt: '2024-03-02' } }), { asOf: ASOF, ledger: [] });
    expect(health.limitation?.years).toBe(5);
    expect(health.outcome).not.toBe('time_barred');
    const unknown = decideLeniency(fireCase({ harm: undefined, involvesLifeHealthFinancialSafety: undefined, dates: { occurredAt: '2022-03-01', discoveredAt: '2024-03-02' } }), { asOf: ASOF });
    expect(unknown.outcome).toBe('facts_needed');
    expect(unknown.factsNeeded).toEqual(['harm', 'involvesLifeHealthFinancialSafety']);
  });
  it('limitation: tax violations 5 years (税收征收管理法第八十六条)', () => {
    const d = decideLeniency(baseCase({ domain: 'tax', behaviour: 'tax.late_filing', penalty: { provision: { law: '税收征收管理法', article: 62 } }, dates: { occurredAt: '2021-03-01', discoveredAt: '2025-03-01' } }), { asOf: ASOF, ledger: [] });
    expect(d.limitation).toMatchObject({ years: 5, basis: '税收征收管理法第八十六条' });
    expect(d.outcome).not.toBe('time_barred');
  });
  it('Art. 37: an abolished list still applies to an act committed while it was in force', () => {
    const c = baseCase({ domain: 'advertising', behaviour: 'advertising.drug_ad_approval_number_missing', facts: { hasApprovalNumberAlready: true },
      dates: { occurredAt: '2023-11-20', discoveredAt: '2024-02-01', decidedAt: '2024-03-01' }, correction: { correctedAt: '2024-02-01', onTheSpot: true } });
    const d = decideLeniency(c, { asOf: '2024-03-01', ledger: [] });
    expect(d.matchedItem?.id).toBe('SH-SJ-2019-1#1.1');
    expect(d.applicableVersion).toMatchObject({ chosen: 'act_time', actTime: '2023-11-20', decisionTime: '2024-03-01' });
    const after = decideLeniency({ ...c, dates: { occurredAt: '2024-01-05', discoveredAt: '2024-02-01', decidedAt: '2024-03-01' } }, { asOf: '2024-03-01', ledger: [] });
    expect(after.matchedItem?.id).not.toBe('SH-SJ-2019-1#1.1');
  });
  it('Art. 37: a list adopted after the act applies when it is more lenient at decision time', () => {
    const c = baseCase({ domain: 'food', behaviour: 'food.label_defect', harm: 'minor', dates: { occurredAt: '2024-11-01', discoveredAt: '2024-12-10', decidedAt: '2025-03-01' }, correction: { correctedAt: '2024-12-10', onTheSpot: true } });
    const d = decideLeniency(c, { asOf: '2025-03-01', ledger: [] });
    expect(d.matchedItem?.id).toBe('SAMR-2025-10-FV#6');
    expect(d.applicableVersion?.chosen).toBe('decision_time');
    expect(d.legalBasis.map((b) => b.cite)).toContain('行政处罚法第三十七条');
  });
  it('red line: lists and the generic Art. 33 test cannot waive it; mitigation still applies', () => {
    const d = decideLeniency(fireCase({ redLines: { ...NO_RED_LINES, lifeHealthOrMajorProperty: true }, mitigators: { eliminatedHarm: true } }), { asOf: ASOF, ledger: [] });
    expect(d.outcome).toBe('mitigate_lighter_or_reduced');
    expect(d.mandatory).toBe(true);
    const unknown = decideLeniency(fireCase({ redLines: {} }), { asOf: ASOF, ledger: [] });
    expect(unknown.outcome).toBe('facts_needed');
    expect(unknown.factsNeeded).toEqual(['redLines.basicMarketOrSocialOrder', 'redLines.lifeHealthOrMajorProperty', 'redLines.nationalSecurity']);
    expect(unknown.candidates.find((c) => c.id === 'SH-FIRE-2022#1.1')?.status).toBe('met');
  });
  it('Arts. 30, 31, 33 ¶2: age under 14, incapacity, proven no fault (unless strict liability)', () => {
    const person = (age: number, extra = {}) => fireCase({ party: { id: '310112200001011234', type: 'natural', age }, facts: { brokenDetectorsPerFloor: 5, systemFunctionUnaffected: false, ...NF }, ...extra });
    expect(decideLeniency(person(13), { asOf: ASOF, ledger: [] }).legalBasis[0]!.cite).toBe('行政处罚法第三十条');
    const teen = decideLeniency(person(16, { harm: 'serious' }), { asOf: ASOF, ledger: [] });
    expect(teen.outcome).toBe('mitigate_lighter_or_reduced');
    expect(teen.mandatory).toBe(true);
    expect(decideLeniency(person(40, { party: { id: 'p', type: 'natural', age: 40, mentalCapacity: 'none' } }), { asOf: ASOF, ledger: [] }).outcome).toBe('no_penalty_mandatory');
    const noAge = decideLeniency(fireCase({ party: { id: 'p', type: 'natural' }, harm: 'serious' }), { asOf: ASOF, ledger: [] });
    expect(noAge.outcome).toBe('facts_needed');
    expect(noAge.factsNeeded).toContain('party.age');
    // When the outcome is already 应当不予处罚 on a list item, the age cannot change it and is not asked for.
    expect(decideLeniency(fireCase({ party: { id: 'p', type: 'natural' } }), { asOf: ASOF, ledger: [] }).outcome).toBe('no_penalty_mandatory');
    const noFault = decideLeniency(fireCase({ noFaultProven: true, facts: { brokenDetectorsPerFloor: 5, ...NF } }), { asOf: ASOF, ledger: [] });
    expect(noFault.legalBasis[0]!.cite).toBe('行政处罚法第三十三条第二款');
    const strict = decideLeniency(fireCase({ noFaultProven: true, harm: 'serious', facts: { brokenDetectorsPerFloor: 5, systemFunctionUnaffected: true, ...NF }, penalty: { strictLiability: true, fineRange: { min: '5000', max: '50000' } } }), { asOf: ASOF, ledger: [] });
    expect(strict.outcome).toBe('ordinary_penalty');
  });
  it('generic Art. 33 when no list item covers the act: mandatory if minor, corrected, no harm — flagged for manual review', () => {
    const c = baseCase({ domain: 'market', behaviour: 'market.signboard_irregular', minorViolation: true });
    const d = decideLeniency(c, { asOf: ASOF, ledger: [] });
    expect(d.outcome).toBe('no_penalty_mandatory');
    expect(d.manualReview).toBe(true);
    expect(d.warnings.map((w) => w.code)).toContain('LENIENCY_NO_LIST_ITEM');
    const first = decideLeniency({ ...c, minorViolation: false, harm: 'minor' }, { asOf: ASOF, ledger: [] });
    expect(first.outcome).toBe('no_penalty_discretionary');
    expect(first.mandatory).toBe(false);
    expect(first.documents.map((x) => x.zh)).toContain('包容免罚告知承诺书');
    expect(first.ledgerEntry?.kind).toBe('first_offence_waiver');
  });
  it('食品安全法136: exempt but confiscate; 125②: order correction first', () => {
    const c136 = baseCase({ domain: 'food', behaviour: 'food.noncompliant_goods', harm: 'serious', penalty: { provision: { law: '食品安全法', article: 124, paragraph: 1, item: 3 }, fineRange: { min: '50000', max: '100000' } },
      facts: { inspectionOnPurchasePerformed: true, provesNoKnowledge: true, canProveSource: true } });
    const d = decideLeniency(c136, { asOf: ASOF, ledger: [] });
    expect(d.outcome).toBe('exempt_with_confiscation');
    expect(d.documents.map((x) => x.zh)).toContain('没收物品清单');
    expect(d.followUps).toContain('confiscate_illegal_goods');
    const c125 = baseCase({ domain: 'food', behaviour: 'food.label_defect', harm: 'serious', penalty: { provision: { law: '食品安全法', article: 125, paragraph: 2 } }, facts: { labelDefectAffectsSafety: false, labelMisleading: false, refusedToCorrect: false } });
    const e = decideLeniency(c125, { asOf: ASOF, ledger: [] });
    expect(e.outcome).toBe('order_correction_first');
    expect(e.documents.map((x) => x.zh)).toEqual(['责令改正通知书']);
  });
  it('mitigation: 从轻 range uses the configured share exactly; 减轻 is below the minimum with 法制审核', () => {
    const d = decideLeniency(fireCase({ harm: 'serious', mitigators: { confessedUnknownViolation: true }, penalty: { fineRange: { min: '5000', max: '50000' }, concurrentPenalty: true } }), { asOf: ASOF, ledger: [] });
    expect(d.outcome).toBe('mitigate_lighter_or_reduced');
    expect(d.fine).toEqual({ statutory: { min: '5000', max: '50000' }, lighter: { min: '5000', max: '18500' }, lighterShare: '0.3', reduced: { belowMin: '5000', lighterTypeOnly: false, dropConcurrentPenalty: true } });
    expect(d.documents.map((x) => x.zh)).toContain('法制审核意见');
    expect(d.legalBasis[0]!.cite).toBe('行政处罚法第三十二条第（三）项');
    const odd = decideLeniency(fireCase({ harm: 'serious', penalty: { fineRange: { min: '0', max: '3333' } } }), { asOf: ASOF, ledger: [] });
    expect(odd.fine?.lighter.max).toBe('999.9');
  });
  it('Art. 51: simple procedure by party type and range; the organisation limit 3000 applies to 0–2000 tax fines', () => {
    const tax = decideLeniency(baseCase({ domain: 'tax', behaviour: 'tax.late_filing', harm: 'serious', penalty: { provision: { law: '税收征收管理法', article: 62 }, fineRange: { min: '0', max: '2000' } } }), { asOf: ASOF, ledger: [] });
    expect(tax.outcome).toBe('ordinary_penalty');
    expect(tax.simpleProcedure).toMatchObject({ eligible: 'yes', fineLimit: '3000', onTheSpotCollectionLimit: '100' });
    expect(tax.documents.map((x) => x.zh)).toContain('当场行政处罚决定书');
    const fire = decideLeniency(fireCase({ harm: 'serious' }), { asOf: ASOF, ledger: [] });
    expect(fire.simpleProcedure?.eligible).toBe('no');
    const person = decideLeniency(baseCase({ party: { id: 'p', type: 'natural', age: 30 }, domain: 'price', behaviour: 'price.other', harm: 'serious', penalty: { fineRange: { min: '0', max: '5000' } } }), { asOf: ASOF, ledger: [] });
    expect(person.simpleProcedure).toMatchObject({ eligible: 'if_fine_within_limit', fineLimit: '200' });
  });
  it('a case that is not valid input throws LENIENCY_CASE_INVALID naming the field', () => {
    try {
      decideLeniency({ ...fireCase(), dates: { occurredAt: '2025-02-30', discoveredAt: '2025-03-01' } }, { asOf: ASOF });
      expect.unreachable();
    } catch (e) {
      expect(isXinfengError(e) && e.code).toBe('LENIENCY_CASE_INVALID');
      expect((e as { issue: { params: { field: string } } }).issue.params.field).toBe('dates.occurredAt');
    }
    expect(() => decideLeniency(fireCase({ dates: { occurredAt: '2025-05-10', discoveredAt: '2025-05-01' } }), { asOf: ASOF })).toThrow(/discovered before/);
    expect(() => decideLeniency(fireCase(), { asOf: '2025/06/30' })).toThrow();
  });
  it('events after asOf come back as warnings', () => {
    const d = decideLeniency(fireCase(), { asOf: '2025-05-11', ledger: [] });
    expect(d.warnings.map((w) => w.code)).toContain('LENIENCY_DATE_AFTER_AS_OF');
  });
});

describe('Track B: 查封/扣押 proposed', () => {
  const measure = { type: 'seize' as const, authorisedByLaw: true, targetRelatedToCase: true, alreadySealedByAnotherOrgan: false };
  it('legality failures forbid the measure, citing 行政强制法', () => {
    const d = decideLeniency(fireCase({ proposedMeasure: { ...measure, target: 'goods', targetRelatedToCase: false } }), { asOf: ASOF, ledger: [] });
    expect(d.compulsory?.outcome).toBe('measure_not_permitted');
    expect(d.compulsory?.legalBasis).toEqual(['行政强制法第二十三条第一款']);
  });
  it('the Art. 16 ¶2 test without a list item: 免强, manual review', () => {
    const d = decideLeniency(baseCase({ domain: 'market', behaviour: 'market.x', proposedMeasure: { ...measure, target: 'goods' }, facts: { trivialCircumstances: true } }), { asOf: ASOF, ledger: [] });
    expect(d.compulsory).toMatchObject({ outcome: 'no_compulsory_measure', matchedItem: null, manualReview: true });
    expect(d.compulsory?.legalBasis).toContain('上海市优化营商环境条例第七十一条');
  });
  it('least-intrusive ladder: premises → facilities when sealing facilities suffices', () => {
    const d = decideLeniency(baseCase({ domain: 'market', behaviour: 'market.x', proposedMeasure: { ...measure, type: 'seal', target: 'premises', lesserMeasureSuffices: true }, facts: { trivialCircumstances: false, noObviousSocialHarm: false, essentialSupplyImpact: false, mustBeConfiscatedOrDestroyed: true } }), { asOf: ASOF, ledger: [] });
    expect(d.compulsory).toMatchObject({ outcome: 'use_lesser_measure', lesserMeasure: 'facilities' });
  });
  it('a measure that proceeds: 30 days (+30), testing days excluded, documents, 24 h report in an emergency', () => {
    const d = decideLeniency(baseCase({ domain: 'market', behaviour: 'market.x', proposedMeasure: { ...measure, target: 'goods', emergency: true, startOn: '2025-06-01', testingDays: 5 }, facts: { trivialCircumstances: false, noObviousSocialHarm: false, mustBeConfiscatedOrDestroyed: true } }), { asOf: ASOF, ledger: [] });
    expect(d.compulsory?.outcome).toBe('measure_may_proceed');
    expect(d.compulsory?.deadline).toEqual({ startOn: '2025-06-01', lastDay: '2025-07-06', lastDayIfExtended: '2025-08-05', testingDaysExcluded: 5 });
    expect(d.compulsory?.emergencyReportWithinHours).toBe(24);
    expect(d.compulsory?.documents.map((x) => x.zh)).toEqual(expect.arrayContaining(['查封扣押决定书', '场所、设施、财物清单（一式二份）', '现场笔录', '检测检验期间告知书']));
  });
  it('unknown legality facts → facts needed', () => {
    const d = decideLeniency(baseCase({ domain: 'market', behaviour: 'market.x', proposedMeasure: { type: 'seize', target: 'goods' } }), { asOf: ASOF, ledger: [] });
    expect(d.compulsory?.outcome).toBe('facts_needed');
    expect(d.compulsory?.factsNeeded).toContain('proposedMeasure.authorisedByLaw');
  });
});

describe('rulebook and citations', () => {
  it('the leniency parameters load, cited, with the Art. 36 periods', () => {
    const rb = defaultRulebook();
    expect(valueAt(rb, 'leniency.limitationGeneral', '2025-01-01').value).toEqual({ years: 2 });
    expect(valueAt(rb, 'leniency.lighterShare', '2025-01-01').source.status).toBe('inferred');
    expect(valueAt(rb, 'leniency.compulsoryMeasureDays', '2025-01-01').source.article).toBe('第二十五条、第三十二条');
  });
  it('statute-style citations', () => {
    expect(chineseNumeral(136)).toBe('一百三十六');
    expect(chineseNumeral(10)).toBe('十');
    expect(chineseNumeral(105)).toBe('一百零五');
    expect(chineseNumeral(60)).toBe('六十');
    expect(citeProvision({ law: '消防法', article: 60, paragraph: 1, item: 3 })).toBe('消防法第六十条第一款第（三）项');
  });
});
