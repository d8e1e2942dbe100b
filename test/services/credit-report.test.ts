import { describe, expect, it } from 'vitest';
import {
  buildCreditReport,
  defaultRulebook,
  isXinfengError,
  NO_RECORD_STATEMENT,
  renderCreditReportHtml,
  renderCreditReportText,
  verifyCreditReport,
  withOverrides,
} from '../../src/index.js';
import { enterprise, records, USCC } from './fixtures.js';

const rulebook = defaultRulebook();
const asOf = '2025-06-30';
const build = (over: { from?: string; to?: string; domains?: string[] } = {}) =>
  buildCreditReport({ enterprise, records, from: '2022-07-01', to: '2025-06-30', ...over }, { rulebook, asOf });

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return isXinfengError(e) ? e.code : 'not-xinfeng';
  }
  return undefined;
};

describe('专用信用报告 / special credit report (plan 三(一)2; 发改财金〔2025〕565号)', () => {
  it('lists a repaired penalty, marked 已修复, next to a simple-procedure penalty, a compulsory measure and a removed listing', () => {
    const { report, excluded, warnings } = build();
    const all = report.domains.flatMap((d) => d.records.map((r) => [d.id, r.id]));
    expect(all).toEqual([
      ['market-regulation', 'sl-1'],
      ['market-regulation', 'p-2024-simple'],
      ['ecology-environment', 'p-2023-env'],
      ['emergency-management', 'cm-1'],
      ['other', 'p-unmapped'],
    ]);
    const env = report.domains.find((d) => d.id === 'ecology-environment')!.records[0]!;
    expect(env.repaired).toEqual({ on: '2024-02-20', byRecord: 'r-1' });
    const simple = report.domains.find((d) => d.id === 'market-regulation')!.records[1]!;
    expect(simple.procedure).toBe('simple');
    expect(report.domains.find((d) => d.id === 'market-regulation')!.records[0]!.removed).toEqual({ on: '2025-01-15', byRecord: 'sr-1' });
    expect(report.domains.find((d) => d.id === 'emergency-management')!.records[0]!.removed).toEqual({ on: '2024-12-01' });
    // Every other input record is accounted for.
    expect(excluded.map((x) => [x.id, x.reason])).toEqual([
      ['p-2021-old', 'outsideRange'],
      ['r-1', 'appliedAsRepairOrRemoval'],
      ['p-other', 'otherEnterprise'],
      ['c-1', 'notReportedKind'],
      ['sr-1', 'appliedAsRepairOrRemoval'],
    ]);
    const codes = warnings.map((w) => w.code);
    expect(codes).toContain('SERVICES_RECORD_FALLBACK_DOMAIN');
    expect(codes).toContain('SERVICES_RECORD_OTHER_ENTERPRISE');
    expect(codes).toContain('SERVICES_CATEGORY_NOT_IN_DATA');
  });

  it('states the record kinds the data cannot carry instead of implying there are none', () => {
    const { report } = buildCreditReport({ enterprise, records: [], from: '2024-01-01', to: asOf, unavailableKinds: ['compulsoryMeasure'] }, { rulebook, asOf });
    expect(report.categoriesNotInData.map((c) => c.id)).toEqual(['criminal-judgment', 'compulsoryMeasure']);
    expect(renderCreditReportText(report)).toContain('本报告数据源不含行政强制信息（compulsory measures），未作判断。');
  });

  it('states "本期间内无记录" for each selected domain without records', () => {
    const { report } = build({ domains: ['tax', 'ecology-environment'] });
    expect(report.domains.map((d) => d.id)).toEqual(['ecology-environment', 'tax']); // catalogue order
    expect(report.domains[1]!.records).toEqual([]);
    expect(report.domains[1]!.statement).toBe(NO_RECORD_STATEMENT);
    expect(report.domains[0]!.statement).toBeUndefined();
    const text = renderCreditReportText(report);
    expect(text).toContain('二、税务（Taxation）\n    本期间内无记录 / no record in this period');
    expect(text).toContain('状态：已修复（2024-02-20）');
    expect(text).toContain('罚没金额：120,000.00元');
  });

  it('a range that starts after the repaired record excludes it; one that spans it includes it', () => {
    expect(build({ from: '2023-04-19', domains: ['ecology-environment'] }).report.domains[0]!.records).toEqual([]);
    expect(build({ from: '2023-04-18', to: '2023-04-18', domains: ['ecology-environment'] }).report.domains[0]!.records.map((r) => r.id)).toEqual(['p-2023-env']);
  });

  it('enforces the range rules of the rulebook (5 years, not after the cut-off, from ≤ to) and known domains', () => {
    expect(codeOf(() => build({ from: '2020-06-30', to: '2025-06-30' }))).toBe('SERVICES_REPORT_RANGE_TOO_LONG');
    expect(codeOf(() => build({ from: '2020-07-01', to: '2025-06-30' }))).toBeUndefined(); // exactly five years
    expect(codeOf(() => build({ from: '2020-02-29', to: '2025-02-28' }))).toBeUndefined();
    expect(codeOf(() => build({ from: '2020-02-29', to: '2025-03-01' }))).toBe('SERVICES_REPORT_RANGE_TOO_LONG');
    expect(codeOf(() => build({ from: '2025-01-01', to: '2025-07-01' }))).toBe('SERVICES_REPORT_RANGE_AFTER_CUTOFF');
    expect(codeOf(() => build({ from: '2025-01-02', to: '2025-01-01' }))).toBe('SERVICES_REPORT_RANGE_INVALID');
    expect(codeOf(() => build({ domains: ['markt-regulation'] }))).toBe('SERVICES_UNKNOWN_DOMAIN');
  });

  it('renders HTML with every value escaped and verifies text, HTML and structured forms', () => {
    const evil = { ...enterprise, name: '<script>alert("x")</script>&公司' };
    const { report } = buildCreditReport({ enterprise: evil, records, from: '2022-07-01', to: asOf }, { rulebook, asOf });
    const html = renderCreditReportHtml(report);
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;公司');
    expect(verifyCreditReport(html).ok).toBe(true);
    expect(verifyCreditReport(html, { rulebook }).ok).toBe(true);
    const text = renderCreditReportText(report);
    const v = verifyCreditReport(text, { expectedDigest: report.digest });
    expect(v.ok).toBe(true);
    expect(v.format).toBe('text');
    expect(verifyCreditReport(report).ok).toBe(true);
    // Altered: one character in the visible text, in the data, in the digest.
    expect(verifyCreditReport(text.replace('已修复', '未修复')).issues[0]!.code).toBe('SERVICES_REPORT_RENDERING_MISMATCH');
    expect(verifyCreditReport(text.replace('"p-2023-env"', '"p-2023-eny"')).ok).toBe(false);
    expect(verifyCreditReport({ ...report, range: { ...report.range, from: '2022-07-02' } }).issues[0]!.code).toBe('SERVICES_REPORT_DIGEST_MISMATCH');
    expect(verifyCreditReport('hello').issues[0]!.code).toBe('SERVICES_REPORT_MALFORMED');
    // Regression (found by the property test): the algorithm tag lies outside the hashed content.
    expect(verifyCreditReport(text.replace('"digestAlgorithm":"sha256"', '"digestAlgorithm":"0ha256"')).ok).toBe(false);
    expect(verifyCreditReport({ ...report, digestAlgorithm: 'md5' as 'sha256' }).ok).toBe(false);
    expect(verifyCreditReport(text, { expectedDigest: '0'.repeat(64) }).issues[0]!.code).toBe('SERVICES_REPORT_EXPECTED_DIGEST');
  });

  it('the digest covers the rulebook hash and the data cut-off date', () => {
    const a = build().report;
    const later = buildCreditReport({ enterprise, records, from: '2022-07-01', to: '2025-06-30' }, { rulebook, asOf: '2025-07-01' }).report;
    expect(later.digest).not.toBe(a.digest);
    const rb2 = withOverrides(rulebook, { edition: '2026.11-test' });
    const b = buildCreditReport({ enterprise, records, from: '2022-07-01', to: '2025-06-30' }, { rulebook: rb2, asOf }).report;
    expect(b.rulebook.hash).not.toBe(a.rulebook.hash);
    expect(b.digest).not.toBe(a.digest);
    expect(verifyCreditReport(renderCreditReportText(b), { rulebook }).issues.map((i) => i.code)).toEqual(['SERVICES_REPORT_RULEBOOK_MISMATCH']);
  });

  it('is byte-identical whatever the order of the input records', () => {
    const a = renderCreditReportHtml(build().report);
    const rev = buildCreditReport({ enterprise, records: [...records].reverse(), from: '2022-07-01', to: asOf }, { rulebook, asOf });
    expect(renderCreditReportHtml(rev.report)).toBe(a);
    expect(rev.report.subject.uscc).toBe(USCC);
  });

  it('states publicity: injected lookup, and by default the repair area rules (简易程序 penalties are not published)', () => {
    const { report } = buildCreditReport(
      { enterprise, records, from: '2022-07-01', to: asOf, domains: ['market-regulation'] },
      { rulebook, asOf, publicity: (p, repairedOn) => (p.procedure === 'simple' ? { state: 'notPublished' } : { state: repairedOn ? 'ended' : 'published', endsOn: '2027-09-03' }) },
    );
    expect(report.domains[0]!.records[1]!.publicity).toEqual({ state: 'notPublished' });
    expect(renderCreditReportText(report)).toContain('未在信用平台公示');
    const def = build({ domains: ['market-regulation', 'ecology-environment'] }).report;
    const simple = def.domains[0]!.records.find((r) => r.id === 'p-2024-simple')!;
    expect(simple.publicity?.state).toBe('notPublished');
    const repaired = def.domains[1]!.records[0]!;
    expect(repaired.repaired).toBeDefined();
    expect(repaired.publicity?.state).toBe('ended'); // repaired 2024-02-20, before the cut-off
    expect(build({}).report.domains[0]!.records.every((r) => r.kind !== 'administrativePenalty' || r.publicity !== undefined)).toBe(true);
    const off = buildCreditReport({ enterprise, records, from: '2022-07-01', to: asOf }, { rulebook, asOf, publicity: false }).report;
    expect(off.domains.flatMap((d) => d.records).some((r) => r.publicity)).toBe(false);
  });
});
