import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addPeriod,
  addWorkingDays,
  assessOnsiteReviewExemption,
  assignDomain,
  buildCreditReport,
  defaultRulebook,
  fromDayNumber,
  isWorkingDay,
  planPermitReminders,
  renderCreditReportHtml,
  renderCreditReportText,
  toDayNumber,
  valueAt,
  verifyCreditReport,
  type Permit,
  type ServiceRecord,
} from '../../src/index.js';

const rulebook = defaultRulebook();
const ASOF = '2025-12-31';
const USCC = '91310112MA1FL8X09J';
const OTHER = '91310112MA1G7K2Q1N';
const catalogue = valueAt(rulebook, 'services.creditReport.domainCatalogue', ASOF).value;
const DOMAIN_IDS = catalogue.domains.map((d) => d.id);
const REPORTED = new Set(valueAt(rulebook, 'services.creditReport.recordKinds', ASOF).value);

const D0 = toDayNumber('2020-01-01');
const D1 = toDayNumber(ASOF);
const dateArb = fc.integer({ min: D0, max: D1 + 40 }).map(fromDayNumber); // some after the cut-off
const authorityArb = fc.constantFrom(
  '上海市闵行区市场监督管理局',
  '上海市闵行区生态环境局',
  '国家税务总局上海市闵行区税务局',
  '上海市闵行区应急管理局',
  '上海市闵行区消防救援支队',
  '上海市闵行区建设和管理委员会',
  '上海市闵行区城市管理行政执法局',
  '上海市闵行区人民法院',
  '某某委员会',
);
const sectorArb = fc.option(fc.constantFrom('food', 'drug', 'environment', 'work-safety', 'fire', 'tax', 'unknown-sector'), { nil: undefined });
const usccArb = fc.constantFrom(USCC, USCC, USCC, USCC, OTHER);

const penaltyArb = fc.record({ uscc: usccArb, date: dateArb, authority: authorityArb, sector: sectorArb, simple: fc.boolean(), fen: fc.integer({ min: 0, max: 50_000_000 }) }).map(
  (x): ServiceRecord => ({
    type: 'administrativePenalty',
    id: '',
    uscc: x.uscc,
    date: x.date,
    decisionNumber: `闵罚〔${x.date.slice(0, 4)}〕${x.fen % 997}号`,
    decisionDate: x.date,
    penaltyKinds: x.simple ? ['warning'] : ['fine'],
    ...(x.simple ? {} : { fineAmountFen: x.fen }),
    authority: x.authority,
    ...(x.sector ? { sector: x.sector } : {}),
    procedure: x.simple ? 'simple' : 'ordinary',
  }),
);
const otherRecordArb = fc.oneof(
  fc.record({ uscc: usccArb, date: dateArb, authority: authorityArb, lifted: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }) }).map(
    (x): ServiceRecord => ({
      type: 'compulsoryMeasure', id: '', uscc: x.uscc, date: x.date, decisionNumber: '闵强〔2024〕1号', authority: x.authority, measureKind: 'seizure',
      ...(x.lifted !== undefined ? { liftedOn: addPeriod(x.date, { days: x.lifted }) } : {}),
    }),
  ),
  fc.record({ uscc: usccArb, date: dateArb }).map((x): ServiceRecord => ({ type: 'seriousIllegalListing', id: '', uscc: x.uscc, date: x.date, authority: '上海市闵行区市场监督管理局' })),
  fc.record({ uscc: usccArb, date: dateArb }).map((x): ServiceRecord => ({ type: 'seriousIllegalRemoval', id: '', uscc: x.uscc, date: x.date })),
  fc.record({ uscc: usccArb, date: dateArb }).map((x): ServiceRecord => ({ type: 'abnormalOperationListing', id: '', uscc: x.uscc, date: x.date, reason: 'annualReportNotFiled' })),
  fc.record({ uscc: usccArb, date: dateArb }).map((x): ServiceRecord => ({ type: 'dishonestJudgmentDebtor', id: '', uscc: x.uscc, date: x.date, caseNumber: '（2024）沪0112执1号', court: '上海市闵行区人民法院' })),
  fc.record({ uscc: usccArb, date: dateArb }).map((x): ServiceRecord => ({ type: 'complaint', id: '', uscc: x.uscc, date: x.date, substantiated: true })),
);

/** Realistic record sets with unique ids, plus credit repairs of some of them. */
const recordsArb = fc
  .tuple(fc.array(fc.oneof(penaltyArb, penaltyArb, otherRecordArb), { maxLength: 25 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 900 })), { maxLength: 6 }))
  .map(([rs, repairs]) => {
    const withIds = rs.map((r, i) => ({ ...r, id: `${r.type.slice(0, 3)}-${i}` }) as ServiceRecord);
    const reps: ServiceRecord[] = [];
    repairs.forEach(([pick, after], j) => {
      if (withIds.length === 0) return;
      const t = withIds[pick % withIds.length]!;
      const on = addPeriod(t.date, { days: after });
      reps.push({ type: 'creditRepair', id: `rep-${j}`, uscc: t.uscc, date: on, ofRecord: t.id, repairedOn: on });
    });
    return [...withIds, ...reps];
  });

/** A range within five years ending on or before the cut-off, and a domain selection. */
const requestArb = fc
  .tuple(fc.integer({ min: D0, max: D1 }), fc.integer({ min: 0, max: 5 * 365 }), fc.subarray(DOMAIN_IDS))
  .map(([a, len, domains]) => {
    const from = fromDayNumber(a);
    const to = fromDayNumber(Math.min(a + len, D1, toDayNumber(addPeriod(addPeriod(from, { days: -1 }), { years: 5 }))));
    return { from, to, domains };
  });

const enterprise = { uscc: USCC, name: '上海闵申化工有限公司' };

describe('专用信用报告 / special credit report (plan 三(一)2)', () => {
  it('报告恰好列示区间与所选领域内的全部记录，不含其外记录 / a report lists every record of the enterprise in the range and domains, and none outside them (plan 三(一)2; 发改财金〔2025〕565号)', () => {
    fc.assert(
      fc.property(recordsArb, requestArb, (records, req) => {
        const { report, excluded } = buildCreditReport({ enterprise, records, ...req }, { rulebook, asOf: ASOF });
        const selected = new Set(req.domains.length ? req.domains : DOMAIN_IDS);
        const expected = records
          .filter((r) => r.uscc === USCC && REPORTED.has(r.type as never) && r.date >= req.from && r.date <= req.to && selected.has(assignDomain(r, catalogue).domainId))
          .map((r) => `${assignDomain(r, catalogue).domainId}/${r.id}`)
          .sort();
        const listed = report.domains.flatMap((d) => d.records.map((r) => `${d.id}/${r.id}`)).sort();
        expect(listed).toEqual(expected);
        for (const d of report.domains) for (const r of d.records) expect(r.date >= req.from && r.date <= req.to).toBe(true);
        // Every input record is either listed or excluded with a reason: nothing is dropped.
        expect(listed.length + excluded.length).toBe(records.length);
        // Every selected domain appears, with the explicit statement exactly when empty.
        expect(report.domains.map((d) => d.id)).toEqual(DOMAIN_IDS.filter((id) => selected.has(id)));
        for (const d of report.domains) expect(d.statement === '本期间内无记录 / no record in this period').toBe(d.records.length === 0);
      }),
      { numRuns: 200 },
    );
  });

  it('已修复的记录照常列示并标注“已修复”，修复不会删除记录 / repaired records stay in the report, marked 已修复; a repair never removes a record (plan 三(一)2; 发改财金〔2025〕565号)', () => {
    fc.assert(
      fc.property(recordsArb, requestArb, (records, req) => {
        const withRepairs = buildCreditReport({ enterprise, records, ...req }, { rulebook, asOf: ASOF }).report;
        const without = buildCreditReport({ enterprise, records: records.filter((r) => r.type !== 'creditRepair'), ...req }, { rulebook, asOf: ASOF }).report;
        const ids = (rep: typeof withRepairs) => rep.domains.flatMap((d) => d.records.map((r) => r.id)).sort();
        expect(ids(withRepairs)).toEqual(ids(without));
        for (const d of withRepairs.domains) {
          for (const r of d.records) {
            const reps = records.filter((x) => x.type === 'creditRepair' && x.ofRecord === r.id && x.date <= ASOF && x.uscc === USCC).map((x) => x.date).sort();
            if (reps.length) expect(r.repaired?.on).toBe(reps[0]);
            else expect(r.repaired).toBeUndefined();
          }
        }
        const text = renderCreditReportText(withRepairs);
        const repairedCount = withRepairs.domains.flatMap((d) => d.records).filter((r) => r.repaired).length;
        expect(text.split('\n').filter((l) => l.includes('状态：') && l.includes('已修复')).length).toBe(repairedCount);
      }),
      { numRuns: 150 },
    );
  });

  it('修改报告文本或 HTML 的任意一个字符都无法通过校验 / changing any one character of a rendered report fails its verification (plan 三(一)2)', () => {
    const docs = fc
      .tuple(recordsArb, requestArb, fc.boolean())
      .map(([records, req, html]) => {
        const { report } = buildCreditReport({ enterprise, records, ...req }, { rulebook, asOf: ASOF });
        return html ? renderCreditReportHtml(report) : renderCreditReportText(report);
      });
    fc.assert(
      fc.property(docs, fc.nat(), fc.constantFrom('0', '1', 'a', ' ', '修', '无', '<', '"', '\n'), (doc, pos, ch) => {
        expect(verifyCreditReport(doc).ok).toBe(true);
        const i = pos % doc.length;
        const c = doc[i] === ch ? (ch === '0' ? '1' : '0') : ch;
        const altered = doc.slice(0, i) + c + doc.slice(i + 1);
        expect(verifyCreditReport(altered).ok).toBe(false);
        // Deleting or inserting one character fails too.
        expect(verifyCreditReport(doc.slice(0, i) + doc.slice(i + 1)).ok).toBe(false);
        expect(verifyCreditReport(doc.slice(0, i) + c + doc.slice(i)).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('报告与输入记录顺序无关，逐字节相同 / the report is byte-identical whatever the order of the input records (plan 三(一)2; determinism)', () => {
    fc.assert(
      fc.property(recordsArb, requestArb, fc.infiniteStream(fc.nat()), (records, req, rnd) => {
        const shuffled = records.map((r) => [rnd.next().value, r] as const).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
        const a = buildCreditReport({ enterprise, records, ...req }, { rulebook, asOf: ASOF });
        const b = buildCreditReport({ enterprise, records: shuffled, ...req }, { rulebook, asOf: ASOF });
        expect(renderCreditReportHtml(b.report)).toBe(renderCreditReportHtml(a.report));
        expect(b.excluded).toEqual(a.excluded);
        expect(b.warnings.map((w) => w.message)).toEqual(a.warnings.map((w) => w.message));
      }),
      { numRuns: 100 },
    );
  });
});

const TYPE_LEAD: Record<string, { calendarDays: number } | { workingDays: number }> = {
  排污许可证: { calendarDays: 60 },
  危险废物经营许可证: { workingDays: 30 },
  辐射安全许可证: { calendarDays: 30 },
};

const permitArb = fc
  .tuple(fc.constantFrom(...Object.keys(TYPE_LEAD)), fc.integer({ min: toDayNumber('2024-07-01'), max: toDayNumber('2026-12-31') }), fc.integer({ min: 1, max: 5 }), fc.nat(99999))
  .map(([permitType, exp, years, n]): Permit => {
    const expiresOn = fromDayNumber(exp);
    return {
      permitType,
      number: `沪环许〔${n}〕`,
      holderUscc: USCC,
      issuedOn: addPeriod(addPeriod(expiresOn, { days: 1 }), { years: -years }),
      expiresOn,
    };
  });

describe('限定期限许可续期提醒 / permit-expiry reminders (plan 三(一)2; 排污许可管理条例 第十四条)', () => {
  it('续期截止日总在到期日之前、为工作日，且留足法定提前期 / a renewal deadline is always before expiry, on a working day, and leaves at least the full lead time (plan 三(一)2; 民法典第二百零一条)', () => {
    fc.assert(
      fc.property(permitArb, fc.integer({ min: toDayNumber('2024-01-01'), max: toDayNumber('2026-12-31') }), (p, asOfN) => {
        const asOf = fromDayNumber(asOfN);
        const [r] = planPermitReminders([p], { rulebook, asOf }).reminders;
        expect(r).toBeDefined();
        expect(r!.deadline < p.expiresOn).toBe(true);
        expect(isWorkingDay(r!.deadline)).toBe(true);
        const lead = TYPE_LEAD[p.permitType]!;
        if ('calendarDays' in lead) {
          const nominal = addPeriod(p.expiresOn, { days: -lead.calendarDays });
          expect(r!.deadline <= nominal).toBe(true);
          // …and it is the latest such working day: no working day between it and the nominal day.
          for (let d = toDayNumber(r!.deadline) + 1; d <= toDayNumber(nominal); d++) expect(isWorkingDay(fromDayNumber(d))).toBe(false);
        } else {
          let count = 0;
          for (let d = toDayNumber(r!.deadline); d < toDayNumber(p.expiresOn); d++) if (isWorkingDay(fromDayNumber(d))) count++;
          expect(count).toBe(lead.workingDays);
          expect(r!.deadline).toBe(addWorkingDays(p.expiresOn, -lead.workingDays));
        }
        // Status agrees with the dates.
        const expected = asOf > p.expiresOn ? 'expired' : asOf > r!.deadline ? 'overdue' : asOf >= r!.reminders[0]!.date ? 'due' : 'upcoming';
        expect(r!.status).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('提醒结果与输入顺序无关 / reminders do not depend on the order of the permits (determinism)', () => {
    fc.assert(
      fc.property(fc.array(permitArb, { maxLength: 12 }), (ps) => {
        const a = planPermitReminders(ps, { rulebook, asOf: '2025-06-30' });
        const b = planPermitReminders([...ps].reverse(), { rulebook, asOf: '2025-06-30' });
        expect(b.reminders).toEqual(a.reminders);
        expect(b.counts).toEqual(a.counts);
      }),
      { numRuns: 100 },
    );
  });
});

const GRADES = ['A', 'B', 'C', 'D'] as const;
const RISKS = ['low', 'medium', 'high'] as const;

describe('低风险免于现场审核 / low-risk exemption from on-site review (plan 三(一)2)', () => {
  it('不符合免审条件的企业不会因等级变差或新增处罚而变为符合 / an enterprise that is not eligible never becomes eligible by a worse grade, a higher risk or an extra penalty (plan 三(一)2; 国市监信发〔2022〕6号)', () => {
    fc.assert(
      fc.property(
        recordsArb,
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.option(penaltyArb, { nil: undefined }),
        (records, g, rk, dg, dr, extra) => {
          const ent = { uscc: USCC, status: 'active' as const };
          const base = assessOnsiteReviewExemption({ enterprise: ent, records, grade: { grade: GRADES[g]!, riskLevel: RISKS[rk]! } }, { rulebook, asOf: ASOF });
          const more = extra ? [...records, { ...extra, id: 'extra-penalty', uscc: USCC }] : records;
          const worse = assessOnsiteReviewExemption(
            { enterprise: ent, records: more, grade: { grade: GRADES[Math.min(3, g + dg)]!, riskLevel: RISKS[Math.min(2, rk + dr)]! } },
            { rulebook, asOf: ASOF },
          );
          if (!base.eligible) expect(worse.eligible).toBe(false);
          // Stronger: no condition goes from unmet to met.
          base.conditions.forEach((c, i) => {
            if (!c.met) expect(worse.conditions[i]!.met).toBe(false);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
