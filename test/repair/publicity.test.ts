import { describe, expect, it } from 'vitest';
import { defaultRulebook, withOverrides } from '../../src/rulebook/index.js';
import { createPublicityCalculator, publicityWindow, type PublicityInput } from '../../src/repair/index.js';
import { isXinfengError } from '../../src/_lib/issues/index.js';

const rb = defaultRulebook();
const calc = createPublicityCalculator(rb);
const base: PublicityInput = { decisionDate: '2025-03-10', penaltyKinds: ['fine'], fineAmountFen: 2_000_000, procedure: 'ordinary' };
const w = (over: Partial<PublicityInput>) => calc({ ...base, ...over });
const pick = (x: ReturnType<typeof calc>) => ({
  minimumPeriodEnd: x.minimumPeriodEnd,
  earliestRepairDate: x.earliestRepairDate,
  maximumPeriodEnd: x.maximumPeriodEnd,
  automaticEnd: x.automaticEnd,
});

describe('信用中国 / Credit China: NDRC Order 58 + 沪府办规〔2024〕8号 (2023-05-01 – 2026-03-31)', () => {
  it('一般处罚: 3 months minimum, 3 years maximum from the decision date (Order 58; 民法典第二百零一、二百零二条; rulebook nextDay)', () => {
    const r = w({});
    expect(r.ruleSetIds).toEqual(['NDRC_ORDER58_2023', 'SH_REPAIR_2024']);
    expect(r.platforms).toEqual(['creditChina', 'creditChinaShanghai']);
    expect(pick(r)).toEqual({ minimumPeriodEnd: '2025-06-10', earliestRepairDate: '2025-06-11', maximumPeriodEnd: '2028-03-10', automaticEnd: '2028-03-11' });
    expect(r.stopsCountingOn).toBe('2028-03-11');
    expect(r.tier).toBe('general');
  });

  it('食品/药品/特种设备/安全生产/消防: 1-year minimum (Order 58 as restated by 沪府办规〔2024〕8号)', () => {
    for (const sector of ['food', 'drug', 'specialEquipment', 'workSafety', 'fire']) {
      const r = w({ sector, marketRegulation: false });
      expect(r.minimumPeriodEnd, sector).toBe('2026-03-10');
      expect(r.earliestRepairDate, sector).toBe('2026-03-11');
      expect(r.automaticEnd, sector).toBe('2028-03-11');
      expect(r.platformWindows[0]!.sectorApplied).toBe(sector);
    }
  });

  it('月末: 2025-11-30 + 3 months ends 2026-02-28 (民法典第二百零二条: no 30 February → last day of the month)', () => {
    const r = w({ decisionDate: '2025-11-30' });
    expect(pick(r)).toEqual({ minimumPeriodEnd: '2026-02-28', earliestRepairDate: '2026-03-01', maximumPeriodEnd: '2028-11-30', automaticEnd: '2028-12-01' });
  });

  it('月末闰年: 2023-11-30 + 3 months ends 2024-02-29 (Order 58 before 沪府办规〔2024〕8号; 民法典第二百零二条)', () => {
    const r = w({ decisionDate: '2023-11-30' });
    expect(r.ruleSetIds).toEqual(['NDRC_ORDER58_2023']);
    expect(r.minimumPeriodEnd).toBe('2024-02-29');
    expect(r.earliestRepairDate).toBe('2024-03-01');
  });

  it('等待期不顺延节假日: a minimum ending on 2025-10-01 (国庆) is not rolled (credit-repair.md §8.1; 民法典第二百零三条 applies to deadlines only)', () => {
    const r = w({ decisionDate: '2025-07-01' });
    expect(r.minimumPeriodEnd).toBe('2025-10-01');
    expect(r.earliestRepairDate).toBe('2025-10-02');
  });

  it('简易程序与仅警告/通报批评不公示 (沪府办规〔2024〕8号)', () => {
    expect(w({ procedure: 'simple', fineAmountFen: 20_000 }).published).toBe(false);
    expect(w({ procedure: 'simple', fineAmountFen: 20_000 }).unpublishedReason).toBe('simpleProcedure');
    expect(w({ penaltyKinds: ['warning'] }).unpublishedReason).toBe('onlyExemptKinds');
    expect(w({ penaltyKinds: ['warning', 'circulatedCriticism'] }).published).toBe(false);
    expect(w({ penaltyKinds: ['warning'] }).stopsCountingOn).toBeUndefined();
    expect(w({ penaltyKinds: ['warning', 'fine'] }).published).toBe(true);
  });

  it('boundary: a decision on 2026-03-31 is still under Order 58 (Order 36 in force 2026-04-01)', () => {
    const r = w({ decisionDate: '2026-03-31' });
    expect(r.ruleSetIds).toEqual(['NDRC_ORDER58_2023', 'SH_REPAIR_2024']);
    expect(pick(r)).toEqual({ minimumPeriodEnd: '2026-06-30', earliestRepairDate: '2026-07-01', maximumPeriodEnd: '2029-03-31', automaticEnd: '2029-04-01' });
  });
});

describe('信用中国 / Credit China: NDRC Order 36 (from 2026-04-01)', () => {
  it('一般: 3 months – 1 year from the decision date (Order 36 第十条; 国办发〔2025〕22号)', () => {
    const r = w({ decisionDate: '2026-04-01' });
    expect(r.ruleSetIds).toEqual(['NDRC_ORDER36_2025']);
    expect(pick(r)).toEqual({ minimumPeriodEnd: '2026-07-01', earliestRepairDate: '2026-07-02', maximumPeriodEnd: '2027-04-01', automaticEnd: '2027-04-02' });
  });

  it('严重: licence revocation 1 – 3 years (Order 36; tier table)', () => {
    const r = w({ decisionDate: '2026-05-20', penaltyKinds: ['licenceRevocation'], fineAmountFen: undefined });
    expect(r.tier).toBe('serious');
    expect(pick(r)).toEqual({ minimumPeriodEnd: '2027-05-20', earliestRepairDate: '2027-05-21', maximumPeriodEnd: '2029-05-20', automaticEnd: '2029-05-21' });
  });

  it('轻微: not published in principle (Order 36; 国办发〔2025〕22号)', () => {
    const r = w({ decisionDate: '2026-05-20', tier: 'minor' });
    expect(r.published).toBe(false);
    expect(r.unpublishedReason).toBe('minorTier');
    expect(r.tierBasis).toBe('authority');
  });

  it('严重失信名单 lifts the tier to 严重 (Order 36; 国办发〔2025〕22号 两书同达 covers listing decisions)', () => {
    const r = w({ decisionDate: '2026-05-20', seriousList: true, tier: 'general' });
    expect(r.tier).toBe('serious');
    expect(r.earliestRepairDate).toBe('2027-05-21');
    expect(r.warnings.map((i) => i.code)).toContain('REPAIR_TIER_RAISED_BY_SERIOUS_LIST');
  });

  it('巨额罚款 (≥ ¥1,000,000 for an organisation, library default) is 严重; ¥999,999.99 is 一般', () => {
    expect(w({ decisionDate: '2026-05-20', fineAmountFen: 100_000_000 }).tier).toBe('serious');
    expect(w({ decisionDate: '2026-05-20', fineAmountFen: 99_999_999 }).tier).toBe('general');
    expect(w({ decisionDate: '2026-05-20', fineAmountFen: 10_000_000, partyType: 'person' }).tier).toBe('serious');
  });

  it('月末: 2026-11-30 + 3 months = 2027-02-28; 2026-05-31 + 3 months = 2026-08-31 (民法典第二百零二条)', () => {
    expect(w({ decisionDate: '2026-11-30' }).minimumPeriodEnd).toBe('2027-02-28');
    expect(w({ decisionDate: '2026-11-30' }).earliestRepairDate).toBe('2027-03-01');
    expect(w({ decisionDate: '2026-05-31' }).minimumPeriodEnd).toBe('2026-08-31');
  });

  it('Order 36 has no sector minimum: a food penalty on 2026-04-01 can be repaired before one of 2026-03-31 (regime change, not a bug)', () => {
    const before = w({ decisionDate: '2026-03-31', sector: 'food', marketRegulation: false });
    const after = w({ decisionDate: '2026-04-01', sector: 'food', marketRegulation: false });
    expect(before.earliestRepairDate).toBe('2027-04-01');
    expect(after.earliestRepairDate).toBe('2026-07-02');
  });

  it('暂扣许可证件/降低资质等级 are 一般 by default; the contested choice is a rulebook value (Order 36 draft vs CMS summary)', () => {
    expect(w({ decisionDate: '2026-05-20', penaltyKinds: ['licenceSuspension'] }).tier).toBe('general');
    const strict = withOverrides(rb, {
      parameters: { repair: { contestedKindTiers: { values: [{ ...rb.parameters.repair.contestedKindTiers.values[0]!, value: { licenceSuspension: 'serious', qualificationDowngrade: 'serious' } }] } } },
    });
    const r = publicityWindow({ ...base, decisionDate: '2026-05-20', penaltyKinds: ['licenceSuspension'] }, strict);
    expect(r.tier).toBe('serious');
    expect(r.earliestRepairDate).toBe('2027-05-21');
  });
});

describe('信用中国 / Credit China: 发改办财金〔2019〕527号 (2019-07-01 – 2023-04-30)', () => {
  it('一般 3 months – 1 year, 严重 6 months – 3 years, from the decision date (527号)', () => {
    const g = w({ decisionDate: '2022-05-10' });
    expect(g.ruleSetIds).toEqual(['NDRC_527_2019']);
    expect(pick(g)).toEqual({ minimumPeriodEnd: '2022-08-10', earliestRepairDate: '2022-08-11', maximumPeriodEnd: '2023-05-10', automaticEnd: '2023-05-11' });
    const s = w({ decisionDate: '2022-05-10', penaltyKinds: ['licenceRevocation'] });
    expect(pick(s)).toEqual({ minimumPeriodEnd: '2022-11-10', earliestRepairDate: '2022-11-11', maximumPeriodEnd: '2025-05-10', automaticEnd: '2025-05-11' });
  });

  it('before 2019-07-01 no rule set is in force: not assessed, with a warning', () => {
    const r = w({ decisionDate: '2018-05-10' });
    expect(r.published).toBe(false);
    expect(r.unpublishedReason).toBe('noRuleSet');
    expect(r.warnings.map((i) => i.code)).toEqual(['REPAIR_NO_RULE_SET']);
  });
});

describe('国家企业信用信息公示系统 / GSXT: SAMR Order 45 + repair rules (from the publication date)', () => {
  const mr: Partial<PublicityInput> = { decisionDate: '2025-03-15', publicationDate: '2025-04-02', sector: 'marketRegulation', fineAmountFen: 10_000_000 };

  it('2021 rules: 6 months minimum, 3 years maximum, from publication (Order 45 第十三条; 国市监信规〔2021〕3号 第六条)', () => {
    const r = w(mr);
    const g = r.platformWindows.find((p) => p.series === 'gsxt')!;
    expect(g.ruleSetIds).toEqual(['SAMR_ORDER45_2021', 'SAMR_REPAIR_2021']);
    expect(g.basisDate).toBe('2025-04-02');
    expect(g.earliestRepairDate).toBe('2025-10-03');
    expect(g.automaticEnd).toBe('2028-04-03');
    const c = r.platformWindows.find((p) => p.series === 'creditChina')!;
    expect(c.earliestRepairDate).toBe('2025-06-16');
    expect(c.automaticEnd).toBe('2028-03-16');
    expect(pick(r)).toEqual({ minimumPeriodEnd: '2025-10-02', earliestRepairDate: '2025-10-03', maximumPeriodEnd: '2028-04-02', automaticEnd: '2028-04-03' });
    expect(r.basis).toBe('publicationDate');
    expect(r.platforms).toEqual(['creditChina', 'creditChinaShanghai', 'gsxt']);
  });

  it('2021 rules, food: 1 year from publication (国市监信规〔2021〕3号 第六条)', () => {
    const g = w({ ...mr, sector: 'food' }).platformWindows.find((p) => p.series === 'gsxt')!;
    expect(g.earliestRepairDate).toBe('2026-04-03');
  });

  it('较低数额罚款 (Shanghai ≤ ¥50,000 for organisations, inclusive) only: expires after 3 months, no repair (Order 45 第十三条; 沪市监规范〔2022〕8号)', () => {
    const r = w({ ...mr, fineAmountFen: 5_000_000 });
    const g = r.platformWindows.find((p) => p.series === 'gsxt')!;
    expect(g.category).toBe('lightPenalty');
    expect(g.repairable).toBe(false);
    expect(g.automaticEnd).toBe('2025-07-03');
    // Credit China still runs Order 58; the record is clear once repaired there and expired on GSXT.
    expect(r.earliestRepairDate).toBe('2025-06-16');
    expect(r.earliestClearDate).toBe('2025-07-03');
    expect(r.repairable).toBe(true);
    expect(w({ ...mr, fineAmountFen: 5_000_001 }).platformWindows[1]!.category).toBe('tier');
    expect(w({ ...mr, fineAmountFen: 500_001, partyType: 'person' }).platformWindows[1]!.category).toBe('tier');
  });

  it('通报批评 only: not on Credit China (Shanghai), 3 months on GSXT (Order 45 第二条、第十三条)', () => {
    const r = w({ ...mr, penaltyKinds: ['circulatedCriticism'], fineAmountFen: undefined });
    expect(r.platforms).toEqual(['gsxt']);
    expect(r.automaticEnd).toBe('2025-07-03');
    expect(r.repairable).toBe(false);
    expect(r.stopsCountingOn).toBe('2025-07-03');
  });

  it('较重处罚 (责令停产停业 …): no early repair on GSXT (Order 45 第十四条第三款)', () => {
    const r = w({ ...mr, penaltyKinds: ['fine', 'productionSuspension'], repairedOn: '2026-06-01' });
    const g = r.platformWindows.find((p) => p.series === 'gsxt')!;
    expect(g.repairable).toBe(false);
    expect(g.nonRepairableKinds).toEqual(['productionSuspension']);
    expect(r.stopsCountingOn).toBe('2028-04-03');
    expect(r.warnings.map((i) => i.code)).toContain('REPAIR_NOT_REPAIRABLE');
  });

  it('2025 rules (from 2025-12-25): 一般 3 months – 1 year from publication (new SAMR repair rule, SECONDARY)', () => {
    const r = w({ decisionDate: '2026-01-05', publicationDate: '2026-01-15', sector: 'marketRegulation', fineAmountFen: 10_000_000 });
    const g = r.platformWindows.find((p) => p.series === 'gsxt')!;
    expect(g.ruleSetIds).toEqual(['SAMR_ORDER45_2021', 'SAMR_REPAIR_2025']);
    expect(g.minimumPeriodEnd).toBe('2026-04-15');
    expect(g.earliestRepairDate).toBe('2026-04-16');
    expect(g.automaticEnd).toBe('2027-01-16');
    // Credit China (Order 58, decided 2026-01-05) runs longer and sets the overall end.
    expect(r.automaticEnd).toBe('2029-01-06');
    expect(r.basis).toBe('decisionDate');
  });

  it('the GSXT rule set is chosen by the publication date: decided 2025-12-20, published 2025-12-26 → 2025 rules', () => {
    const g = w({ decisionDate: '2025-12-20', publicationDate: '2025-12-26', sector: 'marketRegulation' }).platformWindows[1]!;
    expect(g.ruleSetIds).toContain('SAMR_REPAIR_2025');
    const g2 = w({ decisionDate: '2025-12-20', publicationDate: '2025-12-24', sector: 'marketRegulation' }).platformWindows[1]!;
    expect(g2.ruleSetIds).toContain('SAMR_REPAIR_2021');
  });

  it('unknown publication date: assumed 20 working days after the decision (Order 45 第九条; 2025 holiday calendar)', () => {
    // 2025-09-19 (Fri): 9/22–26 (5), 9/28 调休 (6), 9/29–30 (8), 10/1–8 holiday, 10/9–10 (10), 10/11 调休 (11), 10/13–17 (16), 10/20–23 (20)
    const r = w({ decisionDate: '2025-09-19', sector: 'marketRegulation' });
    const g = r.platformWindows[1]!;
    expect(g.basisDate).toBe('2025-10-23');
    expect(g.basisAssumed).toBe(true);
    expect(r.warnings.map((i) => i.code)).toContain('REPAIR_PUBLICATION_DATE_ASSUMED');
  });
});

describe('stopsCountingOn (shared with grading)', () => {
  it('repair granted after eligibility: the record stops counting on the repair date', () => {
    expect(w({ repairedOn: '2025-08-01' }).stopsCountingOn).toBe('2025-08-01');
  });
  it('repair recorded before eligibility: the earliest repair date is used, with a warning', () => {
    const r = w({ repairedOn: '2025-04-01' });
    expect(r.stopsCountingOn).toBe('2025-06-11');
    expect(r.warnings.map((i) => i.code)).toContain('REPAIR_REPAIRED_BEFORE_ELIGIBLE');
  });
  it('repair after the automatic end changes nothing', () => {
    expect(w({ repairedOn: '2029-01-01' }).stopsCountingOn).toBe('2028-03-11');
  });
  it('sameDay convention (rulebook choice): repair possible on the last day of the minimum period', () => {
    const v = rb.parameters.repair.minimumPeriodReached.values[0]!;
    const same = withOverrides(rb, { parameters: { repair: { minimumPeriodReached: { values: [{ ...v, value: 'sameDay' }] } } } });
    const r = publicityWindow(base, same);
    expect(r.earliestRepairDate).toBe('2025-06-10');
    expect(r.automaticEnd).toBe('2028-03-10');
  });
});

describe('misuse throws typed errors', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return isXinfengError(e) ? e.code : 'other';
    }
    return 'none';
  };
  it('bad dates, kinds, procedure, amounts', () => {
    expect(code(() => w({ decisionDate: '2025-02-30' }))).toBe('INVALID_CALENDAR_DATE');
    expect(code(() => w({ penaltyKinds: ['flogging' as never] }))).toBe('REPAIR_UNKNOWN_PENALTY_KIND');
    expect(code(() => w({ penaltyKinds: [] }))).toBe('REPAIR_INVALID_INPUT');
    expect(code(() => w({ procedure: 'summary' as never }))).toBe('REPAIR_INVALID_INPUT');
    expect(code(() => w({ fineAmountFen: 12.5 }))).toBe('REPAIR_INVALID_INPUT');
  });
  it('an unknown sector is a warning, not an error', () => {
    expect(w({ sector: 'aviation' }).warnings.map((i) => i.code)).toEqual(['REPAIR_UNKNOWN_SECTOR']);
  });
});
