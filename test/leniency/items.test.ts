import { describe, expect, it } from 'vitest';
import { decideLeniency, defaultLeniencyLists, type CaseFactsInput, type LedgerEntry } from '../../src/leniency/index.js';
import { baseCase, merge, priorEntry } from './helpers.js';

/**
 * Domain file §9.2: every example item, with one case that meets it and, for each of its
 * conditions in order, one case that misses exactly that condition.
 */
interface Row {
  /** §9.2 row number. */
  n: number;
  id: string;
  track: 'A' | 'B';
  meet: CaseFactsInput;
  /** One patch per condition, in the item's condition order. `ledger` replaces the ledger. */
  misses: [label: string, patch: Record<string, unknown> & { ledger?: LedgerEntry[] }][];
}

const prior = (behaviour: string, date = '2024-11-10', domain: LedgerEntry['domain'] = 'food') => ({ ledger: [priorEntry(behaviour, date, { domain })] });
const NOT_CORRECTED = { correction: { correctedAt: null } };
const LATE_CORRECTION = { correction: { correctedAt: '2025-05-30', onTheSpot: false, orderedDeadline: '2025-05-26' } };
const AFTER_DISCOVERY = { correction: { correctedAt: '2025-05-13', onTheSpot: false, orderedDeadline: '2025-05-20' } };
const HARM_MINOR = { harm: 'minor' };
const HARM_SERIOUS = { harm: 'serious' };
const ORDERED = { correction: { correctedAt: '2025-05-18', onTheSpot: false, orderedDeadline: '2025-05-20' } };

function food(behaviour: string, over: Partial<CaseFactsInput> = {}): CaseFactsInput {
  return baseCase({ domain: 'food', behaviour, ...over });
}
function tax(behaviour: string, over: Partial<CaseFactsInput> = {}): CaseFactsInput {
  return baseCase({ domain: 'tax', behaviour, harm: 'minor', ...ORDERED, amounts: { illegalGains: '0' }, facts: { irrecoverableTaxLoss: false, significantSocialImpact: false }, ...over } as Partial<CaseFactsInput> & { domain: 'tax'; behaviour: string });
}
const taxMisses = (behaviour: string, extra: Row['misses'] = []): Row['misses'] => [
  ['首违：2022年曾有同一事项（税务口径不限期）', { ledger: [priorEntry(behaviour, '2022-05-01', { domain: 'tax' })] }],
  ['危害后果严重', HARM_SERIOUS],
  ['造成不可挽回的税费损失', { facts: { irrecoverableTaxLoss: true } }],
  ['造成较大社会影响', { facts: { significantSocialImpact: true } }],
  ['逾期改正', LATE_CORRECTION],
  ...extra,
];
function fire(behaviour: string, facts: Record<string, unknown>): CaseFactsInput {
  return baseCase({ domain: 'fire', behaviour, facts: facts as never });
}
const SPOT_MISS: Row['misses'][number] = ['次日才整改（非当场）', AFTER_DISCOVERY];

const rows: Row[] = [
  { n: 1, id: 'SAMR-2025-10-FV#1', track: 'A', meet: food('food.unlicensed_bulk_sale', { facts: { noFoodSafetyIncident: true, goodsCategory: '散装糕点' } }),
    misses: [['两年内有同类违法', prior('food.unlicensed_bulk_sale')], ['未改正', NOT_CORRECTED], ['发生食品安全事故', { facts: { noFoodSafetyIncident: false } }], ['散装熟食', { facts: { goodsCategory: '散装熟食' } }]] },
  { n: 2, id: 'SAMR-2025-10-FV#2', track: 'A',
    meet: food('food.licence_expired', { dates: { occurredAt: '2025-03-02', continuing: true, endedAt: '2025-03-20', discoveredAt: '2025-03-18' }, correction: { correctedAt: '2025-03-20', onTheSpot: false, orderedDeadline: '2025-03-25' }, facts: { licenceExpiredOn: '2025-03-01', meetsLicenceConditions: true, noIncidentDuringValidity: true } }),
    misses: [['两年内有同类违法', { ledger: [priorEntry('food.licence_expired', '2024-01-05')] }], ['持续满一个月', { facts: { licenceExpiredOn: '2025-02-18' } }], ['不具备取证条件', { facts: { meetsLicenceConditions: false } }], ['有效期内发生事故', { facts: { noIncidentDuringValidity: false } }], ['逾期改正', { correction: { correctedAt: '2025-03-26' } }]] },
  { n: 3, id: 'SAMR-2025-10-FV#3', track: 'A', meet: food('food.noncompliant_agricultural_products', { facts: { notIntentional: true, nonComplianceNotCausedByParty: true, canProveSource: true, noFoodSafetyIncident: true } }),
    misses: [['两年内有同类违法', prior('food.noncompliant_agricultural_products')], ['主观故意', { facts: { notIntentional: false } }], ['不合格系其造成', { facts: { nonComplianceNotCausedByParty: false } }], ['不能说明进货来源', { facts: { canProveSource: false } }], ['发生事故', { facts: { noFoodSafetyIncident: false } }], ['未改正', NOT_CORRECTED]] },
  ...(['FV#4:food.no_safety_management_system', 'FV#5:food.staff_without_health_certificate', 'FV#6:food.label_defect'] as const).map((s, i): Row => {
    const [no, beh] = s.split(':') as [string, string];
    return { n: 4 + i, id: `SAMR-2025-10-${no}`, track: 'A', meet: food(beh, HARM_MINOR as never), misses: [['两年内有同类违法', prior(beh)], ['危害后果严重', HARM_SERIOUS], ['未改正', NOT_CORRECTED]] };
  }),
  { n: 7, id: 'SAMR-2025-10-FV#8', track: 'A', meet: baseCase({ domain: 'drug', behaviour: 'drug.prescription_drug_without_prescription', harm: 'minor' }),
    misses: [['两年内有同类违法', prior('drug.prescription_drug_without_prescription', '2023-06-01', 'drug')], ['危害后果严重', HARM_SERIOUS], ['未改正', NOT_CORRECTED]] },
  { n: 8, id: 'SAMR-2025-10-MN#2', track: 'A',
    meet: food('food.expired', { amounts: { goodsValue: '500' }, facts: { cateringStage: false, canProveSource: true, noFoodSafetyIncident: true, noFoodborneDisease: true } }),
    misses: [['餐饮环节', { facts: { cateringStage: true } }], ['不能说明来源', { facts: { canProveSource: false } }], ['货值超过500元', { amounts: { goodsValue: '500.01' } }], ['发生事故', { facts: { noFoodSafetyIncident: false } }], ['发生食源性疾病', { facts: { noFoodborneDisease: false } }], ['未改正', NOT_CORRECTED], ['有危害后果', HARM_MINOR]] },
  { n: 9, id: 'SAMR-2025-10-MN#1', track: 'A', meet: food('food.special_food_mixed_display'), misses: [['未改正', NOT_CORRECTED], ['有危害后果', HARM_MINOR]] },
  { n: 10, id: 'STA-2021-6#1', track: 'A', meet: tax('tax.bank_accounts_not_reported'), misses: taxMisses('tax.bank_accounts_not_reported') },
  { n: 11, id: 'STA-2021-6#3', track: 'A', meet: tax('tax.late_filing'), misses: taxMisses('tax.late_filing') },
  { n: 12, id: 'STA-2021-6#5', track: 'A', meet: tax('tax.invoice_substitute'), misses: taxMisses('tax.invoice_substitute', [['有违法所得', { amounts: { illegalGains: '120.50' } }]]) },
  { n: 13, id: 'STA-2021-6#10', track: 'A', meet: tax('tax.nonresident_contract_not_reported'), misses: taxMisses('tax.nonresident_contract_not_reported') },
  { n: 14, id: 'STA-2021-33#12', track: 'A', meet: tax('tax.registration_not_verified'), misses: taxMisses('tax.registration_not_verified') },
  { n: 15, id: 'SH-FIRE-2022#1.1', track: 'A', meet: fire('fire.detector_fault', { brokenDetectorsPerFloor: 1, systemFunctionUnaffected: true }),
    misses: [['每楼层2个', { facts: { brokenDetectorsPerFloor: 2 } }], SPOT_MISS, ['影响系统功能', { facts: { systemFunctionUnaffected: false } }], ['有危害后果', HARM_MINOR]] },
  { n: 16, id: 'SH-FIRE-2022#1.4', track: 'A', meet: fire('fire.emergency_lighting_fault', { faultyLightingPoints: 2, systemFunctionUnaffected: true }),
    misses: [['3处故障', { facts: { faultyLightingPoints: 3 } }], ['影响系统功能', { facts: { systemFunctionUnaffected: false } }], ['逾期改正', LATE_CORRECTION], ['有危害后果', HARM_MINOR]] },
  { n: 17, id: 'SH-FIRE-2022#1.5', track: 'A', meet: fire('fire.fire_door_open', { openFireDoors: 3 }),
    misses: [['4处', { facts: { openFireDoors: 4 } }], ['未改正', NOT_CORRECTED], ['有危害后果', HARM_MINOR]] },
  { n: 18, id: 'SH-FIRE-2022#2', track: 'A', meet: fire('fire.evacuation_route_blocked', { blockedWidth: '0.6', totalWidth: '3' }),
    misses: [['占用宽度超过20%', { facts: { blockedWidth: '0.61' } }], SPOT_MISS, ['有危害后果', HARM_MINOR]] },
  { n: 19, id: 'SH-FIRE-2022#3', track: 'A', meet: fire('fire.hydrant_obstructed', { obstructedHydrants: 1 }),
    misses: [['2处', { facts: { obstructedHydrants: 2 } }], SPOT_MISS, ['有危害后果', HARM_MINOR]] },
  { n: 20, id: 'SH-FIRE-2022#NF1', track: 'A', meet: fire('fire.sprinkler_damaged', { selfDiscoveredBeforeInspection: true, effectiveMeasuresTaken: true, damagedSprinklersPerFloor: 3 }),
    misses: [['检查发现前未自行发现', { facts: { selfDiscoveredBeforeInspection: false } }], ['未采取有效措施', { facts: { effectiveMeasuresTaken: false } }]] },
  ...(['1:city_management.site_notice_missing', '2:city_management.construction_nameplate_missing'] as const).map((s, i): Row => {
    const [no, beh] = s.split(':') as [string, string];
    return { n: 21 + i, id: `SH-CG-2020#${no}`, track: 'A', meet: baseCase({ domain: 'city_management', behaviour: beh, ...ORDERED } as never),
      misses: [['曾被发现', { ledger: [priorEntry(beh, '2021-03-01', { domain: 'city_management' })] }], ['逾期改正', LATE_CORRECTION], ['有危害后果', HARM_MINOR]] };
  }),
  { n: 23, id: 'SH-CG-2020#4', track: 'A', meet: baseCase({ domain: 'city_management', behaviour: 'city_management.road_car_washing' }),
    misses: [['曾被发现', { ledger: [priorEntry('city_management.road_car_washing', '2024-12-01', { domain: 'city_management' })] }], ['未改正', NOT_CORRECTED], ['有危害后果', HARM_MINOR]] },
  { n: 24, id: 'SH-SJ-2019-1#1.1', track: 'A',
    meet: baseCase({ domain: 'advertising', behaviour: 'advertising.drug_ad_approval_number_missing', dates: { occurredAt: '2023-06-01', discoveredAt: '2023-06-05', decidedAt: '2023-06-20' }, correction: { correctedAt: '2023-06-05', onTheSpot: true }, facts: { hasApprovalNumberAlready: true } }),
    misses: [['未取得批准文号', { facts: { hasApprovalNumberAlready: false } }], ['未改正', NOT_CORRECTED], ['有危害后果', HARM_MINOR]] },
  { n: 25, id: 'SH-MKT-2021-2#price', track: 'A',
    meet: baseCase({ domain: 'price', behaviour: 'price.price_not_marked', dates: { occurredAt: '2022-09-01', discoveredAt: '2022-09-02', decidedAt: '2022-09-15' }, correction: { correctedAt: '2022-09-02', onTheSpot: true } }),
    misses: [['曾被发现', { ledger: [priorEntry('price.price_not_marked', '2021-05-01', { domain: 'price' })] }], ['未改正', NOT_CORRECTED], ['有危害后果', HARM_MINOR]] },
  { n: 26, id: 'SH-ECO-2020#1', track: 'A',
    meet: baseCase({ domain: 'ecology', behaviour: 'ecology.construction_without_eia', dates: { occurredAt: '2024-03-01', discoveredAt: '2024-03-10', decidedAt: '2024-04-01' }, correction: { correctedAt: '2024-03-20', onTheSpot: false, orderedDeadline: '2024-03-25' }, facts: { stoppedAfterOrder: true, restoredOriginalState: true } }),
    misses: [['未停止建设', { facts: { stoppedAfterOrder: false } }], ['未恢复原状', { facts: { restoredOriginalState: false } }]] },
  { n: 27, id: 'CULT-TJ-2021#1', track: 'A', meet: baseCase({ domain: 'culture', behaviour: 'culture.entertainment_warning_sign_missing', jurisdiction: 'CN-TJ' }),
    misses: [['曾被发现', { ledger: [priorEntry('culture.entertainment_warning_sign_missing', '2022-01-01', { domain: 'culture' })] }], SPOT_MISS] },
];

const measure = { type: 'seize', authorisedByLaw: true, targetRelatedToCase: true, alreadySealedByAnotherOrgan: false } as const;
const trackB: Row[] = [
  { n: 28, id: 'YRD-NOFORCE-2024#4', track: 'B', meet: baseCase({ domain: 'market', behaviour: 'market.unlicensed_operation', proposedMeasure: { ...measure, target: 'documents' }, facts: { evidenceFixableByCopyOrDigital: true } }),
    misses: [['资料无法复制固定', { facts: { evidenceFixableByCopyOrDigital: false } }]] },
  { n: 29, id: 'YRD-NOFORCE-2024#2', track: 'B',
    meet: baseCase({ domain: 'market', behaviour: 'market.unlicensed_operation', proposedMeasure: { ...measure, target: 'tools_equipment' }, facts: { usableForOtherLawfulProduction: true, cooperatedWithInvestigation: true, mustBeConfiscatedOrDestroyed: false } }),
    misses: [['不可用于其他合法生产', { facts: { usableForOtherLawfulProduction: false } }], ['未改正', NOT_CORRECTED], ['不配合调查', { facts: { cooperatedWithInvestigation: false } }], ['依法应当没收销毁', { facts: { mustBeConfiscatedOrDestroyed: true } }]] },
  { n: 30, id: 'HZ-NOFORCE-1#ad', track: 'B',
    meet: baseCase({ domain: 'advertising', behaviour: 'advertising.absolute_terms', jurisdiction: 'CN-ZJ-HZ', proposedMeasure: { ...measure, target: 'goods' }, facts: { publicationChannel: 'own_premises', noObviousSocialHarm: true } }),
    misses: [['首次违法不成立', { ledger: [priorEntry('advertising.absolute_terms', '2023-02-01', { domain: 'advertising' })] }], ['在大众媒体发布', { facts: { publicationChannel: 'mass_media' } }], ['未改正', NOT_CORRECTED], ['有明显社会危害', { facts: { noObviousSocialHarm: false } }]] },
];

const ASOF = '2025-06-30';
const itemById = new Map(defaultLeniencyLists().flatMap((l) => l.items.map((it) => [it.id, it] as const)));

function decide(c: CaseFactsInput, ledger: LedgerEntry[] = []) {
  return decideLeniency(c, { asOf: ASOF, ledger });
}
function candidateOf(row: Row, d: ReturnType<typeof decide>) {
  const cs = row.track === 'A' ? d.candidates : (d.compulsory?.candidates ?? []);
  return cs.find((c) => c.id === row.id);
}

describe('§9.2 example items: one meeting case and one miss per condition', () => {
  it('covers all 30 example items of the domain file', () => {
    expect([...rows, ...trackB].map((r) => r.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });
  for (const row of [...rows, ...trackB]) {
    describe(`#${row.n} ${row.id}`, () => {
      const item = itemById.get(row.id);
      it('is encoded in the bundled lists', () => {
        expect(item).toBeDefined();
      });
      it('a case that meets every condition gets the item’s outcome', () => {
        const d = decide(row.meet);
        const c = candidateOf(row, d);
        expect(c?.status).toBe('met');
        if (row.track === 'A') {
          expect(d.matchedItem?.id).toBe(row.id);
          expect(d.outcome).toBe(item!.outcome);
          expect(d.legalBasis.some((b) => b.itemId === row.id)).toBe(true);
        } else {
          expect(d.compulsory?.outcome).toBe('no_compulsory_measure');
          expect(d.compulsory?.matchedItem?.id).toBe(row.id);
        }
      });
      it('has one miss per condition', () => {
        expect(row.misses.length).toBe(item!.conditions.length);
      });
      row.misses.forEach(([label, patch], i) => {
        it(`misses condition ${i + 1} (${item?.conditions[i]?.kind}): ${label}`, () => {
          const { ledger, ...rest } = patch;
          const d = decide(merge(row.meet, rest), ledger ?? []);
          const c = candidateOf(row, d);
          expect(c, 'item still considered').toBeDefined();
          expect(c!.status).toBe('unmet');
          expect(c!.conditions.map((r) => r.status)).toEqual(c!.conditions.map((_, j) => (j === i ? 'unmet' : 'met')));
          if (row.track === 'A') expect(d.matchedItem?.id).not.toBe(row.id);
          else expect(d.compulsory?.matchedItem?.id ?? null).not.toBe(row.id);
        });
      });
    });
  }
});
