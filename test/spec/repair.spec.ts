/**
 * 信用修复告知书与公示期限：审计用规格 / credit-repair notices and publicity periods: the auditors' specification.
 * Plan 三(一)2 (两书同达); NDRC Orders 58 and 36; SAMR Order 45; 国市监信规〔2021〕3号; 国办发〔2025〕22号.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultRulebook, valueAt } from '../../src/rulebook/index.js';
import { addPeriod, fromDayNumber, toDayNumber } from '../../src/calendar/index.js';
import {
  PENALTY_KINDS,
  buildNotices,
  createPublicityCalculator,
  renderNoticeHtml,
  renderNoticeText,
  type AgencySettings,
  type PenaltyDecision,
  type PenaltyKind,
  type PublicityInput,
  type PublicityTier,
} from '../../src/repair/index.js';

const rb = defaultRulebook();
const calc = createPublicityCalculator(rb);
const RUNS = { numRuns: 200 };
const SECTORS = ['food', 'drug', 'specialEquipment', 'workSafety', 'fire', 'marketRegulation', 'environment', 'cityManagement', 'other'];
const D0 = toDayNumber('2019-07-01');
const D1 = toDayNumber('2026-12-31');

const dateArb = (lo = D0, hi = D1) => fc.integer({ min: lo, max: hi }).map(fromDayNumber);
// Fines: mostly everyday amounts, sometimes around the Shanghai lower-fine line (¥50,000) or huge.
const fineArb = fc.oneof(
  fc.integer({ min: 10_000, max: 20_000_000 }),
  fc.integer({ min: 4_999_000, max: 5_001_000 }),
  fc.integer({ min: 50_000_000, max: 300_000_000 }),
);
const kindsArb = fc.uniqueArray(fc.constantFrom(...PENALTY_KINDS), { minLength: 1, maxLength: 4 });

const inputArb: fc.Arbitrary<PublicityInput> = fc
  .record(
    {
      decisionDay: fc.integer({ min: D0, max: D1 }),
      pubOffset: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
      penaltyKinds: kindsArb,
      fine: fineArb,
      procedure: fc.constantFrom('ordinary', 'ordinary', 'ordinary', 'simple') as fc.Arbitrary<'simple' | 'ordinary'>,
      sector: fc.option(fc.constantFrom(...SECTORS), { nil: undefined }),
      seriousList: fc.option(fc.boolean(), { nil: undefined }),
      partyType: fc.option(fc.constantFrom('organisation', 'person') as fc.Arbitrary<'organisation' | 'person'>, { nil: undefined }),
      marketRegulation: fc.option(fc.boolean(), { nil: undefined }),
    },
    { requiredKeys: ['decisionDay', 'penaltyKinds', 'fine', 'procedure'] },
  )
  .map((r) => {
    const i: PublicityInput = { decisionDate: fromDayNumber(r.decisionDay), penaltyKinds: r.penaltyKinds, procedure: r.procedure };
    if (r.pubOffset !== undefined) i.publicationDate = fromDayNumber(r.decisionDay + r.pubOffset);
    if (r.penaltyKinds.includes('fine')) i.fineAmountFen = r.fine;
    if (r.sector !== undefined) i.sector = r.sector;
    if (r.seriousList !== undefined) i.seriousList = r.seriousList;
    if (r.partyType !== undefined) i.partyType = r.partyType;
    if (r.marketRegulation !== undefined) i.marketRegulation = r.marketRegulation;
    return i;
  });

// "Gone" dates: an unpublished record is gone from the start (−∞).
const NEVER = '0000-00-00';
const clearOf = (w: ReturnType<typeof calc>) => w.earliestClearDate ?? NEVER;
const endOf = (w: ReturnType<typeof calc>) => w.automaticEnd ?? NEVER;
const stopOf = (w: ReturnType<typeof calc>) => w.stopsCountingOn ?? NEVER;

describe('公示期限 / publicity periods', () => {
  it('最早可申请修复日不早于起算日加最短公示期限 / the earliest repair date is never before the basis date plus the tier minimum of the rule set in force (Order 58; Order 36 第十条; 国市监信规〔2021〕3号 第六条)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const w = calc(input);
        for (const p of w.platformWindows) {
          if (!p.published || !p.repairable || p.category !== 'tier') continue;
          const rs = valueAt(rb, p.series === 'gsxt' ? 'repair.ruleSets.gsxt' : 'repair.ruleSets.creditChina', p.basisDate).value;
          const min = rs.tiers[w.tier].minimum;
          expect(min).not.toBeNull();
          expect(p.earliestRepairDate! >= addPeriod(p.basisDate, min!)).toBe(true);
          expect(p.earliestRepairDate! > p.basisDate || (min as { days?: number }).days === 0).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('自动停止公示日不早于最早可申请修复日 / the automatic end is never before the earliest repair date, on every platform and overall (Order 58; Order 36; SAMR Order 45 第十三条)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const w = calc(input);
        for (const p of w.platformWindows) if (p.published && p.earliestRepairDate) expect(p.automaticEnd! >= p.earliestRepairDate).toBe(true);
        if (w.published) {
          expect(w.automaticEnd! >= w.earliestClearDate!).toBe(true);
          if (w.earliestRepairDate) expect(w.automaticEnd! >= w.earliestRepairDate).toBe(true);
          expect(w.automaticEnd! > w.basisDate).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('增加处罚种类不会缩短任何期限 / adding a penalty kind never shortens the earliest clear date, the automatic end or the grade end (several kinds → the longest period; Order 58 as restated by Shenzhen; Order 36)', () => {
    fc.assert(
      fc.property(inputArb, fc.constantFrom(...PENALTY_KINDS), (input, extra) => {
        fc.pre(!input.penaltyKinds.includes(extra));
        const a = calc(input);
        const more: PublicityInput = { ...input, penaltyKinds: [...input.penaltyKinds, extra] };
        if (extra === 'fine') more.fineAmountFen = 20_000_000; // an ordinary (not lower) fine
        const b = calc(more);
        expect(clearOf(b) >= clearOf(a)).toBe(true);
        expect(endOf(b) >= endOf(a)).toBe(true);
        expect(stopOf(b) >= stopOf(a)).toBe(true);
        if (a.published) expect(b.published).toBe(true);
      }),
      RUNS,
    );
  });

  it('严重不短于一般，一般不短于轻微 / 严重 is never shorter than 一般, 一般 never shorter than 轻微 (国办发〔2025〕22号; Order 36)', () => {
    const order: PublicityTier[] = ['minor', 'general', 'serious'];
    fc.assert(
      fc.property(inputArb, (input) => {
        const ws = order.map((tier) => calc({ ...input, tier, seriousList: false }));
        for (let i = 1; i < ws.length; i++) {
          expect(clearOf(ws[i]!) >= clearOf(ws[i - 1]!)).toBe(true);
          expect(endOf(ws[i]!) >= endOf(ws[i - 1]!)).toBe(true);
          if (ws[i - 1]!.published) expect(ws[i]!.published).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('同一规则集下，决定日期越晚，各日期不会提前 / under the same rule sets, a later decision date never gives an earlier repair, clear or end date (Civil Code Arts. 201–202)', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 400 }), (input, shift) => {
        const later: PublicityInput = { ...input, decisionDate: fromDayNumber(toDayNumber(input.decisionDate) + shift) };
        if (input.publicationDate) later.publicationDate = fromDayNumber(toDayNumber(input.publicationDate) + shift);
        const a = calc(input);
        const b = calc(later);
        fc.pre(a.ruleSetIds.join() === b.ruleSetIds.join() && toDayNumber(later.decisionDate) <= D1);
        fc.pre(a.platformWindows.every((p, i) => p.ruleSetFrom === b.platformWindows[i]?.ruleSetFrom));
        if (a.earliestRepairDate && b.earliestRepairDate) expect(b.earliestRepairDate >= a.earliestRepairDate).toBe(true);
        expect(clearOf(b) >= clearOf(a)).toBe(true);
        expect(endOf(b) >= endOf(a)).toBe(true);
      }),
      RUNS,
    );
  });

  it('简易程序和仅警告的处罚决定从不公示 / simple-procedure and warning-only decisions are never published and never count in the grade (沪府办规〔2024〕8号; SAMR Order 45 第二条)', () => {
    fc.assert(
      fc.property(inputArb, fc.boolean(), (input, simple) => {
        const i: PublicityInput = simple ? { ...input, procedure: 'simple' } : { ...input, penaltyKinds: ['warning'], fineAmountFen: undefined };
        const w = calc(i);
        expect(w.published).toBe(false);
        expect(w.platforms).toEqual([]);
        expect(w.stopsCountingOn).toBeUndefined();
      }),
      RUNS,
    );
  });

  it('适用的规则集是规则集自身规定的起算日当日有效的规则集 / the rule set applied is the one in force on the date that rule set counts from: decision date for Credit China, publication date for GSXT (Order 36 第十条; SAMR Order 45 第十三条)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const w = calc(input);
        for (const p of w.platformWindows) {
          const rs = valueAt(rb, p.series === 'gsxt' ? 'repair.ruleSets.gsxt' : 'repair.ruleSets.creditChina', p.basisDate).value;
          expect(p.ruleSetIds).toEqual(rs.ids);
          expect(p.basis).toBe(rs.basis);
          if (p.basis === 'decisionDate') expect(p.basisDate).toBe(input.decisionDate);
          else if (input.publicationDate) expect(p.basisDate).toBe(input.publicationDate);
          else expect(p.basisDate >= input.decisionDate).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('信用评价停止计算日介于最早可清除日与自动停止日之间，且随修复日期单调 / stopsCountingOn lies between the earliest clear date and the automatic end and never moves earlier when the repair is granted later (shared with grading, plan 三(二)4)', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 1500 }), fc.integer({ min: 0, max: 400 }), (input, r1, dr) => {
        const d = toDayNumber(input.decisionDate);
        const a = calc({ ...input, repairedOn: fromDayNumber(d + r1) });
        const b = calc({ ...input, repairedOn: fromDayNumber(d + r1 + dr) });
        if (!a.published) return;
        expect(a.stopsCountingOn! >= a.earliestClearDate!).toBe(true);
        expect(a.stopsCountingOn! <= a.automaticEnd!).toBe(true);
        expect(b.stopsCountingOn! >= a.stopsCountingOn!).toBe(true);
        expect(calc(input).stopsCountingOn).toBe(a.automaticEnd);
      }),
      RUNS,
    );
  });
});

const agency: AgencySettings = {
  name: '上海市闵行区市场监督管理局',
  contact: { dept: '信用监督管理科', phone: '021-00000000' },
  objectionChannel: '“信用中国”网站异议申诉',
  noticeNumberPattern: '闵市监信修告〔{year}〕{seq:5}号',
};
const decisionArb: fc.Arbitrary<PenaltyDecision> = fc
  .tuple(inputArb, fc.integer({ min: 1, max: 999 }), fc.string({ minLength: 1, maxLength: 12 }), fc.string({ minLength: 1, maxLength: 12 }))
  .map(([i, n, name, violation]) => ({ ...i, decisionNo: `闵市监处罚〔${i.decisionDate.slice(0, 4)}〕${n}号`, partyName: name, authority: '上海市闵行区市场监督管理局', violationType: violation }));

describe('告知书 / notices', () => {
  it('输出与输入顺序无关且逐字节一致 / notices and their documents are byte-identical whatever the input order (determinism)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(decisionArb, { minLength: 1, maxLength: 8, selector: (d) => d.decisionNo }), fc.infiniteStream(fc.double()), (ds, rnd) => {
        const keys = ds.map(() => rnd.next().value as number);
        const shuffled = ds.map((d, i) => [keys[i]!, d] as const).sort((x, y) => x[0] - y[0]).map((x) => x[1]);
        const opts = { rulebook: rb, asOf: '2026-11-26' };
        const a = buildNotices(ds, agency, opts);
        const b = buildNotices(shuffled, agency, opts);
        expect(b.notices.map(renderNoticeText)).toEqual(a.notices.map(renderNoticeText));
        expect(b.notices.map(renderNoticeHtml)).toEqual(a.notices.map(renderNoticeHtml));
        expect(new Set(a.notices.map((n) => n.noticeNo)).size).toBe(ds.length);
      }),
      { numRuns: 60 },
    );
  });

  it('HTML 文书对全部输入转义 / the HTML document escapes every input string (no markup injection)', () => {
    fc.assert(
      fc.property(decisionArb, fc.string({ maxLength: 10 }), (d, s) => {
        const evil = `<x-inj a="${s}">&'`;
        const n = buildNotices([{ ...d, partyName: evil, violationType: evil }], { ...agency, name: evil, objectionChannel: evil }, { rulebook: rb, asOf: '2026-11-26' }).notices[0]!;
        const html = renderNoticeHtml(n);
        expect(html).not.toContain('<x-inj');
        expect(html).toContain('&lt;x-inj');
      }),
      { numRuns: 100 },
    );
  });

  it('告知书所载日期与共享计算一致 / the notice states exactly the dates of the shared publicity calculation (one implementation for notices and grading)', () => {
    fc.assert(
      fc.property(decisionArb, (d) => {
        const n = buildNotices([d], agency, { rulebook: rb, asOf: '2026-11-26' }).notices[0]!;
        const w = calc(d);
        expect(n.publication.willBePublished).toBe(w.published);
        expect(n.publication.earliestRepairDate).toBe(w.earliestRepairDate);
        expect(n.publication.automaticEnd).toBe(w.automaticEnd);
        expect(n.stopsCountingOn).toBe(w.stopsCountingOn);
        const text = renderNoticeText(n);
        if (w.earliestRepairDate) {
          const [y, m, day] = w.earliestRepairDate.split('-').map(Number);
          expect(text).toContain(`${y}年${m}月${day}日`);
        }
      }),
      { numRuns: 100 },
    );
  });
});
