/**
 * Rendering and verification of the 专用信用报告: a zh-CN text document and an HTML document, each
 * carrying the report's data (canonical JSON) and its SHA-256 verification digest, so that a
 * receiving bank or tenderer can check that not one character was altered.
 */
import { makeIssue, type Issue } from '../_lib/issues/index.js';
import { canonicalJson } from '../_lib/hash.js';
import type { Rulebook } from '../rulebook/index.js';
import { rulebookHash } from '../rulebook/index.js';
import { PENALTY_KIND_NAMES_ZH } from '../repair/index.js';
import { CREDIT_REPORT_FORMAT, creditReportDigest, type CreditReport, type CreditReportRecord } from './credit-report.js';

// One table of penalty-kind names for notices and reports: the repair area's.
const PENALTY_KIND_ZH: Readonly<Record<string, string>> = PENALTY_KIND_NAMES_ZH;

const MEASURE_KIND_ZH: Readonly<Record<string, string>> = {
  seal: '查封场所、设施或者财物',
  seizure: '扣押财物',
  freeze: '冻结存款、汇款',
  other: '其他行政强制措施',
};

const DIGITS = '零一二三四五六七八九';

/** 1 → 一, 12 → 十二, 41 → 四十一 (section numbers). */
function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 100) {
    const t = Math.floor(n / 10);
    const u = n % 10;
    return `${t === 1 ? '' : DIGITS[t]!}十${u === 0 ? '' : DIGITS[u]!}`;
  }
  return String(n);
}

/** Integer fen → "1,234.50" yuan, exact. */
function yuan(fen: number): string {
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  return `${String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(cents).padStart(2, '0')}`;
}

/**
 * The status words of a record: 已修复 / 已移出 / 已解除 / 公示中 …
 *
 * @example
 * ```ts
 * recordStatusZh(record); // '已修复（2024-02-20）；已停止公示（2024-02-20 起）'
 * ```
 */
export function recordStatusZh(r: CreditReportRecord): string {
  const parts: string[] = [];
  if (r.repaired) parts.push(`已修复（${r.repaired.on}）`);
  if (r.removed) parts.push(`${r.kind === 'compulsoryMeasure' ? '已解除' : '已移出'}（${r.removed.on}）`);
  if (r.publicity) {
    const p = r.publicity;
    if (p.state === 'published') parts.push(`公示中${p.endsOn ? `（${p.endsOn} 起不再公示）` : ''}`);
    else if (p.state === 'ended') parts.push(`已停止公示${p.endsOn ? `（${p.endsOn} 起）` : ''}`);
    else parts.push('未在信用平台公示');
  }
  return parts.length ? parts.join('；') : '—';
}

function recordLines(r: CreditReportRecord): string[] {
  const head = `${r.kindZh}  ${r.date}${r.documentNumber ? `  ${r.documentNumber}` : ''}`;
  const facts: string[] = [];
  if (r.authority) facts.push(`${r.kind === 'dishonestJudgmentDebtor' ? '执行法院' : '实施机关'}：${r.authority}`);
  if (r.procedure) facts.push(`程序：${r.procedure === 'simple' ? '简易程序' : '普通程序'}`);
  if (r.penaltyKinds) facts.push(`处罚种类：${r.penaltyKinds.map((k) => PENALTY_KIND_ZH[k] ?? k).join('、')}`);
  if (r.fineAmountFen !== undefined) facts.push(`罚没金额：${yuan(r.fineAmountFen)}元`);
  if (r.measureKind) facts.push(`措施：${MEASURE_KIND_ZH[r.measureKind] ?? r.measureKind}`);
  return [head, ...(facts.length ? [facts.join('；')] : []), `状态：${recordStatusZh(r)}`, `记录编号：${r.id}`];
}

function headerLines(report: CreditReport): [string, string][] {
  return [
    ['主体名称', report.subject.name],
    ['统一社会信用代码', report.subject.uscc],
    ['地区', `${report.region.name}（${report.region.code}）`],
    ['报告期间', `${report.range.from} 至 ${report.range.to}`],
    ['数据截止日', report.dataCutOff],
    ['查询领域', report.domains.map((d) => d.nameZh).join('、')],
    ['记录类别', report.recordKinds.map((k) => (k.kind === 'administrativePenalty' ? `${k.nameZh}（含简易程序）` : k.nameZh)).join('、')],
  ];
}

function notes(report: CreditReport): string[] {
  const out = [
    '本报告列示上述期间、领域内的全部记录；已修复的记录照常列示并标注“已修复”，不予隐去。',
    '领域下标注“本期间内无记录”的，表示截至数据截止日，该领域在报告期间内无上述类别的记录。',
  ];
  for (const c of report.categoriesNotInData) out.push(`本报告数据源不含${c.nameZh}（${c.nameEn}），未作判断。`);
  return out;
}

const DATA_PREFIX = '数据 data: ';
const DIGEST_PREFIX = '校验码 verification digest (sha256): ';

/**
 * Renders the report as a zh-CN plain-text document. Deterministic (same report → same bytes). The
 * last two lines carry the report data as canonical JSON and its SHA-256 digest, which
 * {@link verifyCreditReport} uses.
 *
 * @example
 * ```ts
 * const text = renderCreditReportText(report);
 * verifyCreditReport(text).ok; // true
 * ```
 */
export function renderCreditReportText(report: CreditReport): string {
  const L: string[] = [report.titleZh, report.titleEn, ''];
  for (const [k, v] of headerLines(report)) L.push(`${k}：${v}`);
  L.push('');
  report.domains.forEach((d, i) => {
    L.push(`${chineseNumber(i + 1)}、${d.nameZh}（${d.nameEn}）`);
    if (d.records.length === 0) L.push(`    ${d.statement ?? ''}`);
    d.records.forEach((r, j) => {
      const [first, ...rest] = recordLines(r);
      L.push(`  ${j + 1}. ${first}`);
      for (const line of rest) L.push(`     ${line}`);
    });
    L.push('');
  });
  L.push('说明：');
  notes(report).forEach((n, i) => L.push(`  ${i + 1}. ${n}`));
  L.push('');
  L.push(`规则集 rulebook：${report.rulebook.id}（版本 ${report.rulebook.edition}，sha256 ${report.rulebook.hash}）`);
  L.push(`生成工具：xinfeng ${report.libraryVersion}；格式 ${report.format}`);
  L.push(`${DATA_PREFIX}${canonicalJson(report)}`);
  L.push(`${DIGEST_PREFIX}${report.digest}`);
  return `${L.join('\n')}\n`;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** JSON safe inside <script>: no "<", ">", "&" or line separators survive literally. */
function scriptJson(value: unknown): string {
  return canonicalJson(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const DATA_SCRIPT_OPEN = '<script type="application/json" id="xinfeng-credit-report">';

/**
 * Renders the report as a self-contained zh-CN HTML document. Every value is escaped. The report data
 * (canonical JSON) is embedded in a `<script type="application/json">` element and the digest is shown
 * in the footer and in a `<meta>` element. Deterministic.
 *
 * @example
 * ```ts
 * writeFileSync('report.html', renderCreditReportHtml(report));
 * ```
 */
export function renderCreditReportHtml(report: CreditReport): string {
  const e = escapeHtml;
  const H: string[] = [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta name="xinfeng-report-digest" content="sha256:${e(report.digest)}">`,
    `<title>${e(report.titleZh)} — ${e(report.subject.name)}</title>`,
    '<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.5}table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:top}.none{color:#555}.repaired{color:#06c;font-weight:bold}footer{font-size:.85em;word-break:break-all;margin-top:2em}</style>',
    '</head>',
    '<body>',
    `<h1>${e(report.titleZh)}</h1>`,
    `<p>${e(report.titleEn)}</p>`,
    '<table class="subject">',
  ];
  for (const [k, v] of headerLines(report)) H.push(`<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`);
  H.push('</table>');
  report.domains.forEach((d, i) => {
    H.push(`<section id="domain-${e(d.id)}">`);
    H.push(`<h2>${e(chineseNumber(i + 1))}、${e(d.nameZh)}（${e(d.nameEn)}）</h2>`);
    if (d.records.length === 0) {
      H.push(`<p class="none">${e(d.statement ?? '')}</p>`);
    } else {
      H.push('<table><thead><tr><th>序号</th><th>类别</th><th>日期</th><th>文号</th><th>内容</th><th>状态</th><th>记录编号</th></tr></thead><tbody>');
      d.records.forEach((r, j) => {
        const facts = recordLines(r).slice(1, -2).join('；');
        const status = recordStatusZh(r);
        H.push(
          `<tr><td>${j + 1}</td><td>${e(r.kindZh)}</td><td>${e(r.date)}</td><td>${e(r.documentNumber ?? '')}</td><td>${e(facts)}</td><td${r.repaired ? ' class="repaired"' : ''}>${e(status)}</td><td>${e(r.id)}</td></tr>`,
        );
      });
      H.push('</tbody></table>');
    }
    H.push('</section>');
  });
  H.push('<h2>说明</h2>', '<ol>');
  for (const n of notes(report)) H.push(`<li>${e(n)}</li>`);
  H.push('</ol>');
  H.push('<footer>');
  H.push(`<p>规则集 rulebook：${e(report.rulebook.id)}（版本 ${e(report.rulebook.edition)}，sha256 ${e(report.rulebook.hash)}）；生成工具：xinfeng ${e(report.libraryVersion)}；格式 ${e(report.format)}</p>`);
  H.push(`<p>校验码 verification digest (sha256)：<code>${e(report.digest)}</code></p>`);
  H.push('</footer>');
  H.push(`${DATA_SCRIPT_OPEN}${scriptJson(report)}</script>`);
  H.push('</body>', '</html>');
  return `${H.join('\n')}\n`;
}

/** Result of {@link verifyCreditReport}. */
export interface CreditReportVerification {
  /** True when content, digest, rendering (for documents) and the optional expectations all agree. */
  readonly ok: boolean;
  readonly format: 'structured' | 'text' | 'html';
  /** The digest the report states, when it could be read. */
  readonly statedDigest?: string;
  /** The digest recomputed from the content, when it could be read. */
  readonly computedDigest?: string;
  /** The report data, when it could be read (even if verification failed). */
  readonly report?: CreditReport;
  /** Why verification failed (empty when ok). */
  readonly issues: readonly Issue[];
}

/** Options of {@link verifyCreditReport}. */
export interface VerifyCreditReportOptions {
  /** The digest the issuer recorded (e.g. looked up via 合规一码通); must match too. */
  readonly expectedDigest?: string;
  /** The rulebook the report must have been computed with (its hash must match). */
  readonly rulebook?: Rulebook;
}

function firstDifference(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return n;
}

function looksLikeReport(x: unknown): x is CreditReport {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Partial<CreditReport>;
  return (
    r.format === CREDIT_REPORT_FORMAT &&
    // The algorithm tag is outside the hashed content, so it must be exactly the one we use.
    r.digestAlgorithm === 'sha256' &&
    typeof r.digest === 'string' &&
    /^[0-9a-f]{64}$/.test(r.digest) &&
    typeof r.dataCutOff === 'string' &&
    typeof r.subject === 'object' &&
    r.subject !== null &&
    typeof r.range === 'object' &&
    r.range !== null &&
    Array.isArray(r.domains) &&
    Array.isArray(r.recordKinds) &&
    Array.isArray(r.categoriesNotInData) &&
    typeof r.rulebook === 'object' &&
    r.rulebook !== null &&
    typeof r.rulebook.hash === 'string' &&
    r.domains.every((d) => typeof d === 'object' && d !== null && Array.isArray((d as { records?: unknown }).records))
  );
}

function extractData(doc: string, format: 'text' | 'html'): { data?: unknown; reason?: string } {
  let json: string | undefined;
  if (format === 'html') {
    const at = doc.lastIndexOf(DATA_SCRIPT_OPEN);
    const end = at < 0 ? -1 : doc.indexOf('</script>', at);
    if (at >= 0 && end > at) json = doc.slice(at + DATA_SCRIPT_OPEN.length, end);
    else return { reason: 'no embedded report data element' };
  } else {
    const lines = doc.split('\n');
    // The data line is the last one with the prefix (a record field cannot forge a later one).
    let line: string | undefined;
    for (let i = lines.length - 1; i >= 0 && line === undefined; i--) if (lines[i]!.startsWith(DATA_PREFIX)) line = lines[i];
    if (line === undefined) return { reason: 'no data line' };
    json = line.slice(DATA_PREFIX.length);
  }
  try {
    return { data: JSON.parse(json) as unknown };
  } catch (err) {
    return { reason: `embedded data is not JSON (${(err as Error).message})` };
  }
}

/**
 * Verifies a 专用信用报告 given as the structured report, or as the rendered text or HTML document.
 *
 * - Structured: the digest is recomputed from the content and must equal `report.digest`.
 * - Document: the embedded data is read, its digest recomputed and compared with the stated one,
 *   and the document is re-rendered from the data and compared character by character — so a
 *   change of any single character, visible or not, fails verification.
 * - With `expectedDigest` (the issuer's record) and/or `rulebook`, those must match as well.
 *
 * A digest proves the document is unaltered relative to itself; comparing it with the issuer's
 * record (`expectedDigest`) proves it is the report that was issued.
 *
 * @example
 * ```ts
 * const text = renderCreditReportText(report);
 * verifyCreditReport(text).ok;                       // true
 * verifyCreditReport(text.replace('无记录', '无纪录')).ok; // false
 * ```
 */
export function verifyCreditReport(input: CreditReport | string, options: VerifyCreditReportOptions = {}): CreditReportVerification {
  const issues: Issue[] = [];
  let format: CreditReportVerification['format'] = 'structured';
  let report: CreditReport | undefined;
  if (typeof input === 'string') {
    format = /^\s*<!DOCTYPE html>/i.test(input) ? 'html' : 'text';
    const { data, reason } = extractData(input, format);
    if (reason !== undefined || !looksLikeReport(data)) {
      return { ok: false, format, issues: [makeIssue('SERVICES_REPORT_MALFORMED', { reason: reason ?? 'embedded data is not a credit report' })] };
    }
    report = data;
    let rendered: string;
    try {
      rendered = format === 'html' ? renderCreditReportHtml(report) : renderCreditReportText(report);
    } catch (err) {
      return { ok: false, format, issues: [makeIssue('SERVICES_REPORT_MALFORMED', { reason: `embedded data cannot be rendered (${(err as Error).message})` })] };
    }
    if (rendered !== input) {
      issues.push(makeIssue('SERVICES_REPORT_RENDERING_MISMATCH', { format, position: firstDifference(rendered, input) + 1 }));
    }
  } else {
    if (!looksLikeReport(input)) {
      return { ok: false, format, issues: [makeIssue('SERVICES_REPORT_MALFORMED', { reason: 'not a credit report object' })] };
    }
    report = input;
  }
  let computed: string;
  try {
    computed = creditReportDigest(report);
  } catch (err) {
    return { ok: false, format, report, issues: [makeIssue('SERVICES_REPORT_MALFORMED', { reason: (err as Error).message })] };
  }
  if (computed !== report.digest) issues.push(makeIssue('SERVICES_REPORT_DIGEST_MISMATCH', { stated: report.digest, computed }));
  if (options.expectedDigest !== undefined && options.expectedDigest.toLowerCase() !== report.digest) {
    issues.push(makeIssue('SERVICES_REPORT_EXPECTED_DIGEST', { stated: report.digest, expected: options.expectedDigest }));
  }
  if (options.rulebook !== undefined) {
    const h = rulebookHash(options.rulebook);
    if (h !== report.rulebook.hash) issues.push(makeIssue('SERVICES_REPORT_RULEBOOK_MISMATCH', { stated: report.rulebook.hash, expected: h }));
  }
  return { ok: issues.length === 0, format, statedDigest: report.digest, computedDigest: computed, report, issues };
}
