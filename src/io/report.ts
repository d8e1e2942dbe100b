/**
 * 分析报告 (analyst report): one self-contained HTML file with inline SVG charts — no network, no
 * scripts from elsewhere, no fonts to fetch — that a director can open from a USB stick.
 */

/** One bar of a chart. */
export interface ReportBar {
  readonly label: string;
  readonly value: number;
  readonly color?: string;
}

/**
 * Everything the report shows. Sections whose input is absent say so instead of drawing nothing.
 *
 * @example
 * ```ts
 * const html = renderReport({ title: '闵行区信用+风险分级分类监管分析', asOf: '2025-06-30', rulebookId: 'cn-sh-minhang', rulebookHash: 'abc', enterprises: 2000, byGrade: { A: 1800 }, matrix: {}, byClass: {}, noInspection: 1600, onNoDisturbanceList: 240, rejectsByCode: {}, rejectsByFile: {}, reconciliation: [] });
 * ```
 */
export interface ReportData {
  readonly title: string;
  readonly asOf: string;
  readonly rulebookId: string;
  readonly rulebookHash: string;
  readonly enterprises: number;
  readonly byGrade: Readonly<Record<string, number>>;
  /** `grade|risk` → count. */
  readonly matrix: Readonly<Record<string, number>>;
  readonly byClass: Readonly<Record<string, number>>;
  /** Enterprises whose class plans no proactive inspection (无事不扰). */
  readonly noInspection: number;
  /** Enterprises on the 无感监测 list (from the grading summary), or undefined when unknown. */
  readonly onNoDisturbanceList?: number;
  readonly reconciliation: readonly { file: string; read: number; accepted: number; rejected: number; duplicates: number; orphans: number }[];
  readonly rejectsByCode: Readonly<Record<string, number>>;
  readonly rejectsByFile: Readonly<Record<string, number>>;
  readonly plan?: {
    readonly beforeByMonth: readonly number[];
    readonly afterByMonth: readonly number[];
    readonly byAgency: readonly { agency: string; before: number; after: number }[];
    readonly beforeMerging: number;
    readonly afterMerging: number;
    readonly joint: number;
    readonly offsiteTasks: number;
    readonly noDisturbanceSkipped?: number;
  };
  readonly repair?: {
    /** `YYYY-MM` → notices whose earliest repair date falls in that month. */
    readonly eligibleByMonth: Readonly<Record<string, number>>;
    readonly total: number;
    readonly notRepairable: number;
    readonly alreadyEligible: number;
  };
}

const GRADE_COLORS: Record<string, string> = { A: '#2e7d32', B: '#9ccc65', C: '#ffa726', D: '#c62828' };
const RISKS = ['low', 'medium', 'high'];
const RISK_ZH: Record<string, string> = { low: '低风险', medium: '中风险', high: '高风险' };

/**
 * Escapes text for HTML/SVG content and attributes.
 *
 * @example
 * ```ts
 * escapeHtml('<b>"A&B"</b>'); // '&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;'
 * ```
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function pct(n: number, d: number): string {
  if (!d) return '0%';
  // Integer arithmetic in tenths of a percent: no float noise in the printed figure.
  const t = Math.round((n * 1000) / d);
  return `${Math.floor(t / 10)}.${t % 10}%`;
}

/**
 * A vertical bar chart as an SVG string (bars are `<rect class="bar">`).
 *
 * @example
 * ```ts
 * barChart('等级分布', [{ label: 'A', value: 10 }, { label: 'B', value: 4 }]);
 * ```
 */
export function barChart(title: string, bars: readonly ReportBar[], opts: { width?: number; height?: number; color?: string } = {}): string {
  const w = opts.width ?? 560;
  const h = opts.height ?? 270;
  const pad = { l: 56, r: 12, t: 42, b: 44 };
  const max = Math.max(1, ...bars.map((b) => b.value));
  const bw = (w - pad.l - pad.r) / Math.max(1, bars.length);
  const y = (v: number) => pad.t + (h - pad.t - pad.b) * (1 - v / max);
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const v = Math.round((max * i) / 4);
    parts.push(`<line x1="${pad.l}" x2="${w - pad.r}" y1="${y(v)}" y2="${y(v)}" stroke="#e0e0e0"/><text x="${pad.l - 6}" y="${y(v) + 4}" text-anchor="end" class="tick">${fmt(v)}</text>`);
  }
  bars.forEach((b, i) => {
    const x = pad.l + i * bw + bw * 0.15;
    const top = y(b.value);
    parts.push(
      `<rect class="bar" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${(bw * 0.7).toFixed(1)}" height="${Math.max(0, h - pad.b - top).toFixed(1)}" fill="${b.color ?? opts.color ?? '#1565c0'}"><title>${escapeHtml(b.label)}: ${fmt(b.value)}</title></rect>`,
      `<text x="${(x + bw * 0.35).toFixed(1)}" y="${h - pad.b + 16}" text-anchor="middle" class="lbl">${escapeHtml(b.label)}</text>`,
      `<text x="${(x + bw * 0.35).toFixed(1)}" y="${(top - 4).toFixed(1)}" text-anchor="middle" class="val">${fmt(b.value)}</text>`,
    );
  });
  return `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg"><text x="${pad.l}" y="18" class="title">${escapeHtml(title)}</text>${parts.join('')}</svg>`;
}

/**
 * Paired bars (before / after) per category, e.g. inspections before and after merging.
 *
 * @example
 * ```ts
 * pairedBarChart('按月', ['1月', '2月'], [10, 12], [4, 5], ['合并前', '合并后']);
 * ```
 */
export function pairedBarChart(title: string, labels: readonly string[], a: readonly number[], b: readonly number[], legend: readonly [string, string]): string {
  const w = Math.max(560, labels.length * 48 + 80);
  const h = 280;
  const pad = { l: 56, r: 12, t: 40, b: 44 };
  const max = Math.max(1, ...a, ...b);
  const gw = (w - pad.l - pad.r) / Math.max(1, labels.length);
  const y = (v: number) => pad.t + (h - pad.t - pad.b) * (1 - v / max);
  const colors = ['#90a4ae', '#1565c0'];
  const parts: string[] = [
    `<rect x="${pad.l}" y="24" width="10" height="10" fill="${colors[0]}"/><text x="${pad.l + 14}" y="33" class="lbl">${escapeHtml(legend[0])}</text>`,
    `<rect x="${pad.l + 110}" y="24" width="10" height="10" fill="${colors[1]}"/><text x="${pad.l + 124}" y="33" class="lbl">${escapeHtml(legend[1])}</text>`,
  ];
  labels.forEach((l, i) => {
    [a[i] ?? 0, b[i] ?? 0].forEach((v, k) => {
      const x = pad.l + i * gw + gw * 0.1 + k * gw * 0.4;
      const top = y(v);
      parts.push(`<rect class="bar" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${(gw * 0.38).toFixed(1)}" height="${Math.max(0, h - pad.b - top).toFixed(1)}" fill="${colors[k]}"><title>${escapeHtml(l)} ${escapeHtml(legend[k as 0 | 1])}: ${fmt(v)}</title></rect>`);
    });
    parts.push(`<text x="${(pad.l + i * gw + gw / 2).toFixed(1)}" y="${h - pad.b + 16}" text-anchor="middle" class="lbl">${escapeHtml(l)}</text>`);
  });
  return `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg"><text x="${pad.l}" y="16" class="title">${escapeHtml(title)}</text>${parts.join('')}</svg>`;
}

/**
 * The credit × risk heat map (信用等级 × 风险等级): cells shaded by count.
 *
 * @example
 * ```ts
 * heatMap({ 'A|low': 100, 'D|high': 3 });
 * ```
 */
export function heatMap(matrix: Readonly<Record<string, number>>, grades: readonly string[] = ['A', 'B', 'C', 'D']): string {
  const cw = 120;
  const ch = 56;
  const pad = { l: 90, t: 52 };
  const w = pad.l + cw * RISKS.length + 12;
  const h = pad.t + ch * grades.length + 12;
  const max = Math.max(1, ...Object.values(matrix));
  const parts: string[] = [];
  RISKS.forEach((r, j) => parts.push(`<text x="${pad.l + j * cw + cw / 2}" y="${pad.t - 10}" text-anchor="middle" class="lbl">${RISK_ZH[r]} ${r}</text>`));
  grades.forEach((g, i) => {
    parts.push(`<text x="${pad.l - 10}" y="${pad.t + i * ch + ch / 2 + 5}" text-anchor="end" class="lbl">信用 ${escapeHtml(g)}</text>`);
    RISKS.forEach((r, j) => {
      const v = matrix[`${g}|${r}`] ?? 0;
      // Square-root shading so that small but important cells (D × high) stay visible.
      const t = Math.sqrt(v / max);
      const light = Math.round(96 - t * 60);
      parts.push(
        `<rect class="cell" x="${pad.l + j * cw}" y="${pad.t + i * ch}" width="${cw - 2}" height="${ch - 2}" fill="hsl(210, 70%, ${light}%)"><title>${g} × ${r}: ${fmt(v)}</title></rect>`,
        `<text x="${pad.l + j * cw + cw / 2}" y="${pad.t + i * ch + ch / 2 + 5}" text-anchor="middle" class="${light < 60 ? 'val inv' : 'val'}">${fmt(v)}</text>`,
      );
    });
  });
  return `<svg class="chart" role="img" aria-label="信用 × 风险 热力图" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg"><text x="10" y="18" class="title">信用等级 × 风险等级 credit × risk</text>${parts.join('')}</svg>`;
}

/**
 * Horizontal percentage bars (coverage of 无感监测 / 无事不扰 / 非现场).
 *
 * @example
 * ```ts
 * coverageChart([{ label: '无事不扰', value: 1600 }], 2000);
 * ```
 */
export function coverageChart(rows: readonly ReportBar[], total: number): string {
  const w = 560;
  const rh = 34;
  const h = 30 + rows.length * rh + 10;
  const lw = 230;
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const y = 30 + i * rh;
    const bw = total ? ((w - lw - 70) * Math.min(r.value, total)) / total : 0;
    parts.push(
      `<text x="${lw - 8}" y="${y + 17}" text-anchor="end" class="lbl">${escapeHtml(r.label)}</text>`,
      `<rect x="${lw}" y="${y + 4}" width="${w - lw - 70}" height="20" fill="#eceff1"/>`,
      `<rect class="bar" x="${lw}" y="${y + 4}" width="${bw.toFixed(1)}" height="20" fill="${r.color ?? '#00897b'}"><title>${escapeHtml(r.label)}: ${fmt(r.value)} / ${fmt(total)}</title></rect>`,
      `<text x="${w - 64}" y="${y + 19}" class="val">${pct(r.value, total)}</text>`,
    );
  });
  return `<svg class="chart" role="img" aria-label="无感监测/无事不扰覆盖" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg"><text x="10" y="18" class="title">覆盖率 coverage (of ${fmt(total)} enterprises)</text>${parts.join('')}</svg>`;
}

function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td${typeof c === 'number' ? ' class="n"' : ''}>${escapeHtml(typeof c === 'number' ? fmt(c) : c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/**
 * Renders the analyst report as one self-contained HTML document (UTF-8, inline CSS and SVG, a few
 * lines of inline script that only mark each chart with how many shapes the browser laid out —
 * used by the headless-Chromium test). Deterministic: same data → same bytes (no clock).
 *
 * @example
 * ```ts
 * writeFileSync('report.html', renderReport(data));
 * ```
 */
export function renderReport(d: ReportData): string {
  const grades = ['A', 'B', 'C', 'D'];
  const sections: string[] = [];
  const gradeBars = grades.map((g) => ({ label: g, value: d.byGrade[g] ?? 0, color: GRADE_COLORS[g] ?? '#1565c0' }));
  sections.push(
    `<section id="grades"><h2>信用等级分布 Grade distribution</h2>${barChart('信用等级 grade', gradeBars)}${table(
      ['等级 grade', '企业数 enterprises', '占比 share'],
      gradeBars.map((b) => [b.label, b.value, pct(b.value, d.enterprises)]),
    )}<p>监管类别 supervision classes: ${Object.entries(d.byClass).sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, v]) => `${escapeHtml(k)} ${fmt(v)}`).join('；')}</p></section>`,
  );
  sections.push(`<section id="heatmap"><h2>信用 × 风险 Credit × risk</h2>${heatMap(d.matrix)}<p>计划 三(二)4：按“信用+风险”分类确定检查频次和抽查比例。</p></section>`);
  if (d.plan) {
    const months = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
    sections.push(
      `<section id="inspections"><h2>检查合并 Inspections before and after merging</h2>${pairedBarChart('按月 by month', months, d.plan.beforeByMonth, d.plan.afterByMonth, ['合并前 before', '合并后 after'])}${pairedBarChart(
        '按部门 by agency',
        d.plan.byAgency.map((a) => a.agency),
        d.plan.byAgency.map((a) => a.before),
        d.plan.byAgency.map((a) => a.after),
        ['合并前 before', '合并后 after'],
      )}<p>进企业次数 visits: ${fmt(d.plan.beforeMerging)} → ${fmt(d.plan.afterMerging)}（联合检查 joint ${fmt(d.plan.joint)}，非现场任务 off-site ${fmt(d.plan.offsiteTasks)}）。计划 三(二)2 联合检查、三(二)5 非现场检查。</p></section>`,
    );
  } else sections.push(`<section id="inspections"><h2>检查合并 Inspections before and after merging</h2><p class="missing">未提供检查计划（--plan）。No inspection plan supplied.</p></section>`);
  const cov: ReportBar[] = [{ label: '无事不扰 no proactive inspection', value: d.noInspection, color: '#00897b' }];
  if (d.onNoDisturbanceList !== undefined) cov.push({ label: '无感监测名单 no-disturbance list', value: d.onNoDisturbanceList, color: '#5e35b1' });
  if (d.plan) cov.push({ label: '非现场检查任务 off-site tasks', value: Math.min(d.plan.offsiteTasks, d.enterprises), color: '#6d4c41' });
  sections.push(`<section id="coverage"><h2>无感监测 / 无事不扰 Coverage</h2>${coverageChart(cov, d.enterprises)}<p>计划 三(二)3：无感监测、无事不扰。</p></section>`);
  if (d.repair) {
    const months = Object.keys(d.repair.eligibleByMonth).sort();
    sections.push(
      `<section id="repair"><h2>信用修复时间线 Repair eligibility timeline</h2>${barChart(
        '可申请信用修复的月份 month repair becomes possible',
        months.map((m) => ({ label: m.slice(2), value: d.repair!.eligibleByMonth[m]! })),
        { width: Math.max(560, months.length * 40 + 80), color: '#ef6c00' },
      )}<p>告知书 notices ${fmt(d.repair.total)}：截至 ${escapeHtml(d.asOf)} 已可申请 ${fmt(d.repair.alreadyEligible)}，不可修复 ${fmt(d.repair.notRepairable)}。计划 三(一)2 两书同达。</p></section>`,
    );
  } else sections.push(`<section id="repair"><h2>信用修复时间线 Repair eligibility timeline</h2><p class="missing">未提供告知书（--notices）。No repair notices supplied.</p></section>`);
  const codes = Object.entries(d.rejectsByCode).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  sections.push(
    `<section id="rejects"><h2>拒收行 Rejects</h2>${codes.length ? barChart('按原因 by reason', codes.map(([k, v]) => ({ label: k.replace(/^IO_|^USCC_/, ''), value: v })), { width: Math.max(560, codes.length * 90 + 80), color: '#8e24aa' }) : '<p>无拒收行 no rejects.</p>'}${table(
      ['文件 file', '读取 read', '接受 accepted', '拒收 rejected', '重复 duplicates', '孤儿记录 orphans'],
      d.reconciliation.map((f) => [f.file, f.read, f.accepted, f.rejected, f.duplicates, f.orphans]),
    )}${codes.length ? table(['原因 code', '行数 rows'], codes) : ''}</section>`,
  );
  const css = `body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#212121;max-width:1100px}
h1{font-size:22px}h2{font-size:17px;border-bottom:2px solid #1565c0;padding-bottom:4px;margin-top:28px}
svg.chart{display:block;margin:8px 0;background:#fff}svg .title{font-size:14px;font-weight:bold}svg .lbl,svg .tick{font-size:11px;fill:#424242}
svg .val{font-size:11px;fill:#212121}svg .val.inv{fill:#fff}table{border-collapse:collapse;margin:8px 0;font-size:13px}
td,th{border:1px solid #cfd8dc;padding:3px 8px}td.n{text-align:right}.meta{color:#616161;font-size:12px}.missing{color:#9e9e9e}`;
  // Marks each chart with the number of shapes that have a laid-out, non-empty box (test hook; no network).
  const script = `window.addEventListener('load',function(){document.querySelectorAll('svg.chart').forEach(function(s){var n=0;s.querySelectorAll('rect.bar,rect.cell').forEach(function(r){var b=r.getBBox();if(b.width>0&&b.height>0)n++;});s.setAttribute('data-drawn',String(n));});document.body.setAttribute('data-rendered','1');});`;
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(d.title)}</title><style>${css}</style></head>
<body><h1>${escapeHtml(d.title)}</h1>
<p class="meta">计算日 as of ${escapeHtml(d.asOf)} · 规则集 rulebook ${escapeHtml(d.rulebookId)} · sha256 ${escapeHtml(d.rulebookHash)} · 企业 ${fmt(d.enterprises)} enterprises · 依据 闵府办发〔2025〕5号</p>
${sections.join('\n')}
<script>${script}</script>
</body></html>
`;
}
