import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EXIT, optString, requireString, type CliCommand } from '../command.js';
import { println } from '../util.js';
import { collectReportData, renderReport } from '../../io/index.js';

/** `xinfeng report`: the analyst report as one self-contained HTML file. */
export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'Write one self-contained HTML report (inline SVG charts, no network) from a run\'s outputs',
  summaryZh: '根据运行结果生成单个自包含 HTML 分析报告（内嵌 SVG 图表，无需联网）',
  help: `Usage: xinfeng report --grades FILE --out FILE [--summary FILE] [--rejects FILE]
                      [--plan DIR] [--notices DIR] [--title TEXT]

Writes one HTML file (UTF-8; inline CSS and SVG; nothing fetched from the network) with:
  信用等级分布 grade distribution            (from --grades, the grades CSV of xinfeng grade)
  信用 × 风险 heat map                        (from --grades)
  检查合并 inspections by month and agency, before and after merging   (from --plan DIR: summary.json, plan.csv)
  无感监测 / 无事不扰 coverage                (from --grades, --summary, --plan)
  信用修复 repair-eligibility timeline        (from --notices DIR: notices.json)
  拒收行 rejects summary and reconciliation    (from --summary = xinfeng grade --summary, and --rejects)
Sections whose input is not given say so.

Exit codes: 0 written; 2 usage; 3 an input is missing or invalid.`,
  options: {
    grades: { type: 'string' },
    out: { type: 'string' },
    summary: { type: 'string' },
    rejects: { type: 'string' },
    plan: { type: 'string' },
    notices: { type: 'string' },
    title: { type: 'string' },
  },
  async run({ values }, ctx) {
    const r = (k: string) => {
      const v = optString(values, k);
      return v === undefined ? undefined : resolve(ctx.cwd, v);
    };
    const out = resolve(ctx.cwd, requireString(values, 'out'));
    const grades = resolve(ctx.cwd, requireString(values, 'grades'));
    ctx.stderr.write('xinfeng report: reading inputs\n');
    const data = await collectReportData({
      grades,
      ...(r('summary') ? { summary: r('summary')! } : {}),
      ...(r('rejects') ? { rejects: r('rejects')! } : {}),
      ...(r('plan') ? { planDir: r('plan')! } : {}),
      ...(r('notices') ? { noticesDir: r('notices')! } : {}),
      ...(optString(values, 'title') ? { title: optString(values, 'title')! } : {}),
    });
    mkdirSync(dirname(out), { recursive: true });
    const html = renderReport(data);
    writeFileSync(out, html);
    println(ctx.stdout, `xinfeng report: ${data.enterprises} enterprises; sections: grades, heat map, ${data.plan ? 'inspections' : 'no plan'}, coverage, ${data.repair ? 'repair timeline' : 'no notices'}, rejects → ${out} (${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB)`);
    return EXIT.OK;
  },
};
