/**
 * fast-check arbitraries of enterprises and credit histories for grading (realistic shapes:
 * Minhang USCCs, GB/T 4754 codes of the plan's key sectors and of ordinary trades, event mixes that
 * follow what district exports contain). Reusable by other areas' specs.
 */
import fc from 'fast-check';
import { fromDayNumber, makeUscc, toDayNumber, USCC_CHARSET } from '../../../src/index.js';
import type { CreditEvent, Enterprise } from '../../../src/grading/index.js';

/** Day range of generated record dates. */
export const HISTORY_FROM = '2022-03-01';
export const HISTORY_TO = '2026-06-30';

/** A date between two dates (inclusive). */
export function dateBetween(from: string, to: string): fc.Arbitrary<string> {
  return fc.integer({ min: toDayNumber(from), max: toDayNumber(to) }).map(fromDayNumber);
}

/** A valid Minhang (310112) USCC of an enterprise (registration department 9, category 1). */
export const usccArb: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...USCC_CHARSET.split('')), { minLength: 8, maxLength: 8 })
  .map((cs) => makeUscc({ divisionCode: '310112', subjectBody: cs.join('') }));

/** GB/T 4754-2017 codes: key sectors of plan 三(一)1 and ordinary trades. */
export const INDUSTRY_CODES = [
  'H6210', 'H6220', 'H6241', 'C2710', 'C2720', 'F5151', 'F5251', 'C2614', 'C2651', 'F5162', 'F5169', 'D4511', 'F5266',
  'C3411', 'C3435', 'E4710', 'E4811', 'E4910', 'E5010', 'C1431', 'C1512', 'F5211', 'F5231', 'I6510', 'I6421', 'L7212',
  'M7320', 'M7491', 'O8010', 'R8710', 'G5430', 'K7010', 'C3311', 'C3982', 'F5137', 'F5181', 'H',
] as const;

/** Licence ids of the default rulebook's licence-risk table. */
export const LICENCES = ['food-business', 'food-production', 'drug-business', 'drug-production', 'hazardous-chemicals-business', 'gas-business', 'special-equipment-use', 'construction-qualification'] as const;

/** A realistic enterprise (optionally with a fixed USCC). */
export function enterpriseArb(uscc?: string): fc.Arbitrary<Enterprise> {
  return fc
    .record(
      {
        uscc: uscc !== undefined ? fc.constant(uscc) : usccArb,
        name: fc.constantFrom('上海闵联餐饮有限公司', '上海莘庄化工贸易有限公司', '上海虹桥医药连锁有限公司', '上海吴泾燃气服务有限公司', '上海七宝科技有限公司', '上海梅陇建设工程有限公司'),
        industryCode: fc.constantFrom(...INDUSTRY_CODES),
        registrationDate: dateBetween('1995-01-01', '2024-12-31'),
        registeredCapitalFen: fc.integer({ min: 1_000_000, max: 50_000_000_000 }),
        district: fc.constant('闵行区'),
        street: fc.constantFrom('莘庄镇', '七宝镇', '颛桥镇', '华漕镇', '虹桥镇', '梅陇镇', '吴泾镇', '马桥镇', '浦江镇', '江川路街道', '古美路街道', '新虹街道', '浦锦街道', ''),
        status: fc.constantFrom('active', 'active', 'active', 'suspended'),
        scale: fc.constantFrom('micro', 'small', 'medium', 'large'),
        licences: fc.uniqueArray(fc.constantFrom(...LICENCES), { maxLength: 2 }),
        onNoDisturbanceList: fc.boolean(),
      },
      { requiredKeys: ['uscc', 'name', 'industryCode', 'registrationDate', 'district', 'street', 'status'] },
    ) as fc.Arbitrary<Enterprise>;
}

type Base = Omit<CreditEvent, 'id'>;

const penaltyKindsArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant(['fine']) },
  { weight: 2, arbitrary: fc.constant(['warning']) },
  { weight: 3, arbitrary: fc.constant(['fine', 'confiscation']) },
  { weight: 1, arbitrary: fc.constant(['licenceSuspension', 'fine']) },
  { weight: 1, arbitrary: fc.constant(['licenceRevocation']) },
  { weight: 1, arbitrary: fc.constant(['productionSuspension', 'fine']) },
) as fc.Arbitrary<CreditEvent extends { penaltyKinds: infer K } ? K : never>;

/** An administrative penalty (the date is the decision date). */
export function penaltyArb(uscc: string, from = HISTORY_FROM, to = HISTORY_TO): fc.Arbitrary<Base> {
  return fc
    .record({
      date: dateBetween(from, to),
      pubLag: fc.option(fc.integer({ min: 0, max: 25 }), { nil: undefined }),
      penaltyKinds: penaltyKindsArb,
      fineAmountFen: fc.option(fc.integer({ min: 10_000, max: 200_000_000 }), { nil: undefined }),
      sector: fc.option(fc.constantFrom('food', 'drug', 'specialEquipment'), { nil: undefined }),
      procedure: fc.constantFrom('ordinary', 'ordinary', 'ordinary', 'simple'),
      tier: fc.option(fc.constantFrom('minor', 'general', 'serious'), { nil: undefined }),
      n: fc.integer({ min: 1, max: 999 }),
    })
    .map((r) => {
      const e: Record<string, unknown> = {
        type: 'administrativePenalty',
        uscc,
        date: r.date,
        decisionNumber: `闵市监案处〔${r.date.slice(0, 4)}〕${r.n}号`,
        decisionDate: r.date,
        penaltyKinds: r.penaltyKinds,
        authority: '上海市闵行区市场监督管理局',
        procedure: r.procedure,
      };
      if (r.pubLag !== undefined) e['publicationDate'] = fromDayNumber(toDayNumber(r.date) + r.pubLag);
      if (r.fineAmountFen !== undefined && (r.penaltyKinds as readonly string[]).includes('fine')) e['fineAmountFen'] = r.fineAmountFen;
      if (r.sector !== undefined) e['sector'] = r.sector;
      if (r.tier !== undefined) e['tier'] = r.tier;
      return e as unknown as Base;
    });
}

/** An adverse record of any kind (never a removal, repair or commendation). */
export function adverseEventArb(uscc: string, from = HISTORY_FROM, to = HISTORY_TO): fc.Arbitrary<Base> {
  const d = dateBetween(from, to);
  return fc.oneof(
    { weight: 5, arbitrary: penaltyArb(uscc, from, to) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('abnormalOperationListing'), uscc: fc.constant(uscc), date: d, reason: fc.constantFrom('annualReportNotFiled', 'disclosureOverdue', 'falseDisclosure', 'unreachableAtAddress') }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('seriousIllegalListing'), uscc: fc.constant(uscc), date: d }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('dishonestJudgmentDebtor'), uscc: fc.constant(uscc), date: d, caseNumber: fc.constant('（2024）沪0112执1234号') }) },
    { weight: 3, arbitrary: fc.record({ type: fc.constant('inspectionResult'), uscc: fc.constant(uscc), date: d, outcome: fc.constantFrom('problemsFound', 'problemsCorrected') }) },
    { weight: 3, arbitrary: fc.record({ type: fc.constant('complaint'), uscc: fc.constant(uscc), date: d, substantiated: fc.constant(true) }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('taxCreditLevel'), uscc: fc.constant(uscc), date: d, year: fc.integer({ min: 2021, max: 2025 }), level: fc.constant('D') }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('annualReportLate'), uscc: fc.constant(uscc), date: d, year: fc.integer({ min: 2021, max: 2025 }) }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('annualReportMissing'), uscc: fc.constant(uscc), date: d, year: fc.integer({ min: 2021, max: 2025 }) }) },
  ) as fc.Arbitrary<Base>;
}

/** Any base record (adverse, neutral or positive), before ids are assigned. */
export function baseEventArb(uscc: string, from = HISTORY_FROM, to = HISTORY_TO): fc.Arbitrary<Base> {
  const d = dateBetween(from, to);
  return fc.oneof(
    { weight: 6, arbitrary: penaltyArb(uscc, from, to) },
    { weight: 3, arbitrary: fc.record({ type: fc.constant('inspectionResult'), uscc: fc.constant(uscc), date: d, outcome: fc.constantFrom('problemsFound', 'problemsCorrected') }) },
    { weight: 3, arbitrary: fc.record({ type: fc.constant('complaint'), uscc: fc.constant(uscc), date: d, substantiated: fc.constant(true) }) },
    // Listings, debtors, tax D and report faults are rarer in district exports.
    { weight: 2, arbitrary: adverseEventArb(uscc, from, to) },
    { weight: 4, arbitrary: fc.record({ type: fc.constant('inspectionResult'), uscc: fc.constant(uscc), date: d, outcome: fc.constant('noProblems') }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('complaint'), uscc: fc.constant(uscc), date: d, substantiated: fc.constant(false) }) },
    { weight: 2, arbitrary: fc.record({ type: fc.constant('taxCreditLevel'), uscc: fc.constant(uscc), date: d, year: fc.integer({ min: 2021, max: 2025 }), level: fc.constantFrom('A', 'B', 'M', 'C') }) },
    { weight: 1, arbitrary: fc.record({ type: fc.constant('commendation'), uscc: fc.constant(uscc), date: d, level: fc.constantFrom('district', 'city', 'national'), title: fc.constant('守合同重信用企业') }) },
  ) as fc.Arbitrary<Base>;
}

function laterDate(date: string, maxDate: string): fc.Arbitrary<string> {
  return date <= maxDate ? dateBetween(date, maxDate) : fc.constant(date);
}

/**
 * A credit history of one enterprise: unique record ids, then removals and repairs that refer to
 * earlier records (dated on or after them, on or before `to`).
 */
export function historyArb(uscc: string, options: { maxLength?: number; from?: string; to?: string } = {}): fc.Arbitrary<CreditEvent[]> {
  const from = options.from ?? HISTORY_FROM;
  const to = options.to ?? HISTORY_TO;
  return fc
    .array(baseEventArb(uscc, from, to), { maxLength: options.maxLength ?? 10 })
    .map((bs) => bs.map((b, i) => ({ ...b, id: `r${i}` }) as CreditEvent))
    .chain((base) => {
      const follow = base.flatMap((e): fc.Arbitrary<CreditEvent | null>[] => {
        if (e.type === 'abnormalOperationListing' || e.type === 'seriousIllegalListing') {
          const rt = e.type === 'abnormalOperationListing' ? 'abnormalOperationRemoval' : 'seriousIllegalRemoval';
          return [fc.option(fc.record({ d: laterDate(e.date, to), explicit: fc.boolean() }).map((r) => ({ type: rt, id: `${e.id}-out`, uscc, date: r.d, ...(r.explicit ? { ofRecord: e.id } : {}) }) as CreditEvent), { nil: null, freq: 2 })];
        }
        if (e.type === 'administrativePenalty') {
          return [fc.option(laterDate(e.date, to).map((d) => ({ type: 'creditRepair', id: `${e.id}-fix`, uscc, date: d, ofRecord: e.id, repairedOn: d }) as CreditEvent), { nil: null, freq: 3 })];
        }
        return [];
      });
      return (follow.length ? fc.tuple(...follow) : fc.constant([] as (CreditEvent | null)[])).map((extra) => [...base, ...extra.filter((x): x is CreditEvent => x !== null)]);
    });
}

/** An enterprise with its history. */
export function gradedCaseArb(options: { maxLength?: number; to?: string } = {}): fc.Arbitrary<{ enterprise: Enterprise; events: CreditEvent[] }> {
  return usccArb.chain((uscc) => fc.record({ enterprise: enterpriseArb(uscc), events: historyArb(uscc, options) }));
}
