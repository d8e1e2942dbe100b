import { describe, expect, it } from 'vitest';
import { defaultRulebook } from '../../src/rulebook/index.js';
import { isXinfengError } from '../../src/_lib/issues/index.js';
import { buildNotices, createPublicityCalculator, formatNoticeNumber, renderNoticeHtml, renderNoticeText, type AgencySettings, type PenaltyDecision } from '../../src/repair/index.js';

const rb = defaultRulebook();
const agency: AgencySettings = {
  name: '上海市闵行区市场监督管理局',
  contact: { dept: '信用监督管理科', phone: '021-00000000' },
  objectionChannel: '“信用中国”网站异议申诉栏目',
  noticeNumberPattern: '闵市监信修告〔{year}〕{seq:5}号',
};
const d: PenaltyDecision = {
  decisionNo: '闵市监处罚〔2025〕102号', decisionDate: '2025-01-31', publicationDate: '2025-02-20', partyName: '上海闵联贸易有限公司',
  authority: '上海市闵行区市场监督管理局', violationType: '发布虚假广告', penaltyKinds: ['fine'], fineAmountFen: 20_000_000, procedure: 'ordinary', sector: 'marketRegulation',
};

describe('信用修复告知书 / notice (plan 三(一)2 两书同达; 国办发〔2025〕22号; SAMR Order 45 第八条)', () => {
  it('notice number from the agency pattern', () => {
    expect(formatNoticeNumber(agency.noticeNumberPattern, 2025, 12)).toBe('闵市监信修告〔2025〕00012号');
    const code = (p: string) => { try { formatNoticeNumber(p, 2025, 1); } catch (e) { return isXinfengError(e) ? e.code : 'x'; } return 'none'; };
    expect(code('闵告〔{year}〕号')).toBe('REPAIR_NOTICE_PATTERN_INVALID');
    expect(code('闵告{month}{seq}')).toBe('REPAIR_NOTICE_PATTERN_INVALID');
  });

  it('month-end decision 2025-01-31: CC 3 months ends 2025-04-30 (民法典第二百零二条); GSXT 6 months from publication 2025-02-20; fine due 2025-02-17 (15 days, 2025-02-15 is a Saturday: 民法典第二百零三条 roll-over for the party’s deadline)', () => {
    const n = buildNotices([d], agency, { rulebook: rb, asOf: '2025-03-01' }).notices[0]!;
    const cc = n.publication.byPlatform[0]!;
    expect(cc.minimumPeriodEnd).toBe('2025-04-30');
    expect(cc.earliestRepairDate).toBe('2025-05-01');
    expect(n.publication.byPlatform[1]!.earliestRepairDate).toBe('2025-08-21');
    expect(n.publication.earliestRepairDate).toBe('2025-08-21');
    expect(n.deadlines.finePaymentDue).toBe('2025-02-17');
    // Reminders: 30 days before (2025-07-22, a Tuesday), at eligibility, 30 days after (2025-09-20 is a Saturday → 2025-09-22).
    expect(n.reminders).toEqual({ beforeEligible: '2025-07-22', atEligible: '2025-08-21', afterEligibleIfUnrepaired: '2025-09-22' });
    expect(n.noticeNo).toBe('闵市监信修告〔2025〕00001号');
    expect(n.stopsCountingOn).toBe(createPublicityCalculator(rb)(d).stopsCountingOn);
    const text = renderNoticeText(n);
    expect(text).toContain('最早可申请修复日：2025年8月21日');
    expect(text).toContain('罚款人民币200,000.00元');
    expect(text).toContain('《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）');
    expect(text).not.toContain('library default');
  });

  it('unpublished decision: the notice says so and gives the reason', () => {
    const n = buildNotices([{ ...d, procedure: 'simple', fineAmountFen: 100_000 }], agency, { rulebook: rb, asOf: '2025-03-01' }).notices[0]!;
    expect(n.publication.willBePublished).toBe(false);
    expect(renderNoticeText(n)).toContain('是否公示：否（适用简易程序作出的行政处罚不予公示）');
    expect(n.stopsCountingOn).toBeUndefined();
  });

  it('HTML is a printable, escaped, script-free page', () => {
    const n = buildNotices([{ ...d, partyName: '<script>alert(1)</script>&Co' }], agency, { rulebook: rb, asOf: '2025-03-01' }).notices[0]!;
    const html = renderNoticeHtml(n);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('@media print');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;Co');
  });

  it('a duplicated decision number rejects every copy; numbering restarts each year', () => {
    const b = buildNotices([d, d, { ...d, decisionNo: 'B', decisionDate: '2026-02-02' }, { ...d, decisionNo: 'A', decisionDate: '2026-01-05' }], agency, { rulebook: rb, asOf: '2026-03-01' });
    expect(b.rejected.map((r) => r.issues[0]!.code)).toEqual(['REPAIR_DECISION_DUPLICATE', 'REPAIR_DECISION_DUPLICATE']);
    expect(b.notices.map((n) => n.noticeNo)).toEqual(['闵市监信修告〔2026〕00001号', '闵市监信修告〔2026〕00002号']);
    expect(b.notices[0]!.penalty.decisionNo).toBe('A');
  });

  it('a decision after asOf is flagged', () => {
    const n = buildNotices([d], agency, { rulebook: rb, asOf: '2025-01-01' }).notices[0]!;
    expect(n.warnings.map((w) => w.code)).toContain('REPAIR_DECISION_AFTER_AS_OF');
  });
});

describe('hot path', () => {
  it('one calculator handles 300,000 decisions quickly (cached rule lookups per date)', () => {
    const calc = createPublicityCalculator(rb);
    const t0 = performance.now();
    let n = 0;
    for (let i = 0; i < 300_000; i++) {
      const day = 19_000 + (i % 2000);
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10); // test-only date generation
      const w = calc({ decisionDate: date, penaltyKinds: i % 3 ? ['fine'] : ['fine', 'confiscation'], fineAmountFen: (i % 97) * 100_000, procedure: 'ordinary', sector: i % 5 ? 'marketRegulation' : 'food', publicationDate: date });
      if (w.published) n++;
    }
    const ms = performance.now() - t0;
    console.log(`publicity: 300k decisions in ${ms.toFixed(0)} ms`);
    expect(n).toBeGreaterThan(0);
  });
});
