/**
 * Deterministic zh-CN rendering of the 信用修复告知书: plain text and printable HTML. Same notice →
 * byte-identical output; every input string is HTML-escaped.
 */
import type { CreditRepairNotice } from './notice.js';

/**
 * A date in Chinese (2025-03-10 → 2025年3月10日).
 *
 * @example
 * ```ts
 * dateZh('2025-03-10'); // '2025年3月10日'
 * ```
 */
export function dateZh(date: string): string {
  return `${date.slice(0, 4)}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
}

/**
 * Fen to yuan with thousands separators, exact (integer arithmetic).
 *
 * @example
 * ```ts
 * yuanFromFen(2_000_050); // '20,000.50'
 * ```
 */
export function yuanFromFen(fen: number): string {
  const y = Math.floor(fen / 100);
  const f = fen - y * 100;
  return `${String(y).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(f).padStart(2, '0')}`;
}

const NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

interface Section {
  readonly title: string;
  readonly lines: readonly (string | readonly [label: string, value: string])[];
  readonly list?: readonly string[];
}

function citation(c: { title: string; docNo?: string; article?: string; status: string }): string {
  const doc = `《${c.title}》${c.docNo ? `（${c.docNo}）` : ''}${c.article ? c.article : ''}`;
  return c.status === 'confirmed' ? doc : `${doc}〔${c.status === 'secondary' ? '二手来源' : c.status === 'inferred' ? '推定' : '本库默认'}〕`;
}

// Builds the document once, as data; both renderers print it.
function sections(n: CreditRepairNotice): { opening: string; sections: Section[] } {
  const p = n.penalty;
  const party = n.party.type === 'person' ? '你' : '你单位';
  const fine = p.fineAmountFen !== undefined ? `（罚款人民币${yuanFromFen(p.fineAmountFen)}元）` : '';
  const opening =
    `${p.authority}于${dateZh(p.decisionDate)}作出${p.decisionNo}《行政处罚决定书》，因${party}${p.violationType}，` +
    `依法给予${p.kindsZh.join('、')}${fine}的行政处罚（${p.procedure === 'simple' ? '简易程序' : '普通程序'}）。` +
    `根据“两书同达”要求，现将该行政处罚信息的公示及信用修复事项告知如下：`;
  const pub = n.publication;
  const s1: (string | readonly [string, string])[] = [];
  s1.push(['是否公示', pub.willBePublished ? '是' : `否（${pub.unpublishedReasonZh ?? ''}）`]);
  s1.push(['失信信息等级', `${pub.tierZh}${pub.tierBasis === 'authority' ? '（处罚机关认定）' : ''}`]);
  if (pub.willBePublished) {
    s1.push(['公示平台', pub.platforms.map((x) => (x.url ? `${x.nameZh}（${x.url}）` : x.nameZh)).join('；')]);
    for (const line of pub.byPlatform) {
      const head = `${line.platformsZh.join('、')}（${line.ruleSetName}）`;
      if (!line.published) {
        s1.push([head, `不予公示：${line.unpublishedReasonZh ?? ''}`]);
        continue;
      }
      const parts = [`${line.basisZh}（${dateZh(line.basisDate)}）`];
      if (line.minimumPeriodZh && line.minimumPeriodEnd) parts.push(`最短公示期限${line.minimumPeriodZh}，至${dateZh(line.minimumPeriodEnd)}届满`);
      if (line.maximumPeriodZh && line.maximumPeriodEnd) parts.push(`最长公示期限${line.maximumPeriodZh}，至${dateZh(line.maximumPeriodEnd)}届满`);
      if (line.automaticEnd) parts.push(`${dateZh(line.automaticEnd)}起自动停止公示`);
      if (line.earliestRepairDate) parts.push(`${dateZh(line.earliestRepairDate)}起可申请信用修复`);
      if (line.nonRepairableZh) parts.push(line.nonRepairableZh);
      s1.push([head, parts.join('；')]);
    }
  }
  const out: Section[] = [{ title: '公示情况', lines: s1 }];
  if (pub.willBePublished) {
    const r = n.repair;
    const s2: (string | readonly [string, string])[] = [];
    s2.push(['最早可申请修复日', pub.earliestRepairDate ? dateZh(pub.earliestRepairDate) : '不适用提前修复，公示期满自动停止公示']);
    if (pub.earliestClearDate && pub.earliestClearDate !== pub.earliestRepairDate) s2.push(['各平台均可停止公示的最早日期', dateZh(pub.earliestClearDate)]);
    if (pub.automaticEnd) s2.push(['自动停止公示日', dateZh(pub.automaticEnd)]);
    out.push({ title: '信用修复', lines: s2 });
    for (const g of r.byRuleSet) {
      const lines: string[] = [];
      const numbered = (label: string, items: readonly string[]) => {
        if (!items.length) return;
        lines.push(`${label}：`);
        items.forEach((it, j) => lines.push(`  ${j + 1}. ${it}`));
      };
      numbered('修复条件', g.conditions);
      numbered('申请材料', g.materials);
      numbered('办理渠道', g.offlineWindow ? [...g.channels, `线下：${g.offlineWindow}`] : g.channels);
      numbered('不适用提前修复的情形', g.nonRepairable);
      if (g.handling) lines.push(`办理时限：${g.handling}`);
      out.push({ title: `信用修复事项：${g.platformsZh.join('、')}（${g.ruleSetName}）`, lines });
    }
  }
  const s3: (string | readonly [string, string])[] = [];
  if (n.deadlines.finePaymentDue) s3.push(['罚款缴纳期限', `${dateZh(n.deadlines.finePaymentDue)}前（期限末日为法定休假日的，顺延至休假日后的第一个工作日）`]);
  if (n.reminders.beforeEligible) s3.push(['修复提醒（可申请前）', dateZh(n.reminders.beforeEligible)]);
  if (n.reminders.atEligible) s3.push(['修复提醒（可申请时）', dateZh(n.reminders.atEligible)]);
  if (n.reminders.afterEligibleIfUnrepaired) s3.push(['修复提醒（仍未修复时）', dateZh(n.reminders.afterEligibleIfUnrepaired)]);
  s3.push(['信用评价中停止计算该记录之日', n.stopsCountingOn ? dateZh(n.stopsCountingOn) : '不计入（不予公示）']);
  out.push({ title: '期限提示', lines: s3 });
  out.push({ title: '异议申诉', lines: [n.objectionChannel] });
  out.push({
    title: '联系方式',
    lines: [['联系部门', n.contact.dept], ['联系电话', n.contact.phone], ...(n.contact.address ? [['地址', n.contact.address] as const] : [])],
  });
  out.push({ title: '法律依据', lines: [], list: n.legalBasis.map(citation) });
  return { opening, sections: out };
}

const FREE = '信用修复不收取任何费用。请警惕以“删除不良信息”“代办修复”为名收取费用的中介服务。';

/**
 * Renders a notice as zh-CN plain text (LF line endings, deterministic).
 *
 * @example
 * ```ts
 * fs.writeFileSync('notice.txt', renderNoticeText(notice));
 * ```
 */
export function renderNoticeText(n: CreditRepairNotice): string {
  const { opening, sections: secs } = sections(n);
  const L: string[] = [];
  L.push(n.agencyName, '信用修复告知书', n.noticeNo, '');
  L.push(`${n.party.name}${n.party.uscc ? `（统一社会信用代码：${n.party.uscc}）` : ''}：`, '');
  L.push(opening, '');
  secs.forEach((s, i) => {
    L.push(`${NUM[i] ?? String(i + 1)}、${s.title}`);
    for (const l of s.lines) L.push(typeof l === 'string' ? `    ${l}` : `    ${l[0]}：${l[1]}`);
    (s.list ?? []).forEach((item, j) => L.push(`    ${j + 1}. ${item}`));
    L.push('');
  });
  L.push(FREE, '');
  L.push(`${n.agencyName}`, dateZh(n.issuedOn), '（本告知书与行政处罚决定书同时送达）', '');
  L.push(`规则集 ${n.stamp.rulebookId} sha256:${n.stamp.rulebookHash.slice(0, 16)}；计算日 ${n.stamp.asOf}；xinfeng ${n.stamp.libraryVersion}`, '');
  return L.join('\n');
}

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @example
 * ```ts
 * escapeHtml('<a href="x">&</a>'); // '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;'
 * ```
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

const CSS = `body{font-family:"SimSun","Songti SC",serif;max-width:800px;margin:2em auto;line-height:1.8;color:#000}
h1{text-align:center;font-size:1.6em;margin:0.2em 0}.agency{text-align:center;font-size:1.3em}.no{text-align:center}
h2{font-size:1.1em;margin:1em 0 0.3em}table{border-collapse:collapse;width:100%}td{border:1px solid #666;padding:4px 8px;vertical-align:top}
td.k{width:30%;white-space:nowrap}.sign{text-align:right;margin-top:2em}.free{font-weight:bold}.stamp{font-size:0.8em;color:#555;margin-top:2em}
@media print{body{margin:0;max-width:none}.stamp{page-break-inside:avoid}@page{size:A4;margin:2cm}}`;

/**
 * Renders a notice as a self-contained printable HTML page (A4 print styles, no scripts, no
 * network). Every input string is escaped.
 *
 * @example
 * ```ts
 * fs.writeFileSync('notice.html', renderNoticeHtml(notice));
 * ```
 */
export function renderNoticeHtml(n: CreditRepairNotice): string {
  const e = escapeHtml;
  const { opening, sections: secs } = sections(n);
  const H: string[] = [];
  H.push('<!DOCTYPE html>', '<html lang="zh-CN">', '<head>', '<meta charset="utf-8">', `<title>${e(n.noticeNo)} 信用修复告知书</title>`, `<style>${CSS}</style>`, '</head>', '<body>');
  H.push(`<div class="agency">${e(n.agencyName)}</div>`, '<h1>信用修复告知书</h1>', `<p class="no">${e(n.noticeNo)}</p>`);
  H.push(`<p>${e(n.party.name)}${n.party.uscc ? `（统一社会信用代码：${e(n.party.uscc)}）` : ''}：</p>`);
  H.push(`<p>${e(opening)}</p>`);
  secs.forEach((s, i) => {
    H.push(`<h2>${e(`${NUM[i] ?? String(i + 1)}、${s.title}`)}</h2>`);
    const pairs = s.lines.filter((l): l is readonly [string, string] => typeof l !== 'string');
    for (const l of s.lines) if (typeof l === 'string') H.push(`<p>${e(l)}</p>`);
    if (pairs.length) {
      H.push('<table>');
      for (const [k, v] of pairs) H.push(`<tr><td class="k">${e(k)}</td><td>${e(v)}</td></tr>`);
      H.push('</table>');
    }
    if (s.list?.length) {
      H.push('<ol>');
      for (const item of s.list) H.push(`<li>${e(item)}</li>`);
      H.push('</ol>');
    }
  });
  H.push(`<p class="free">${e(FREE)}</p>`);
  H.push(`<div class="sign"><p>${e(n.agencyName)}</p><p>${e(dateZh(n.issuedOn))}</p><p>（本告知书与行政处罚决定书同时送达）</p></div>`);
  H.push(`<p class="stamp">${e(`规则集 ${n.stamp.rulebookId} sha256:${n.stamp.rulebookHash.slice(0, 16)}；计算日 ${n.stamp.asOf}；xinfeng ${n.stamp.libraryVersion}`)}</p>`);
  H.push('</body>', '</html>', '');
  return H.join('\n');
}
