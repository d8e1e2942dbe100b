import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { EXIT, optString, type CliCommand } from '../command.js';
import { loadRulebookOption, println } from '../util.js';
import { describeRulebook, rulebookHash } from '../../rulebook/index.js';
import { parseUscc } from '../../uscc/index.js';

function findSampleDir(cwd: string): string {
  // dist/cli.cjs lives in <pkg>/dist; the sample data in <pkg>/data/sample.
  return resolve(__dirname, '..', 'data', 'sample') ?? join(cwd, 'data', 'sample');
}

/** `xinfeng demo`: runs what exists on the bundled sample district. */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Run xinfeng on the bundled sample district and print where the outputs are',
  summaryZh: '在内置样例辖区数据上运行并列出输出位置',
  help: `Usage: xinfeng demo [--as-of YYYY-MM-DD] [--rulebook FILE]

Validates the unified social credit codes of the bundled sample enterprises
(data/sample/enterprises.csv) and prints the rulebook in force on the date.

Exit codes: 0 ok; 3 the sample data or rulebook is missing or invalid.`,
  options: { 'as-of': { type: 'string' }, rulebook: { type: 'string' } },
  async run({ values }, ctx) {
    const asOf = optString(values, 'as-of') ?? '2025-06-30';
    const rb = loadRulebookOption(optString(values, 'rulebook'), ctx.cwd);
    const file = join(findSampleDir(ctx.cwd), 'enterprises.csv');
    const rows = parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
    let ok = 0;
    const bad: string[] = [];
    rows.forEach((r, i) => {
      const res = parseUscc(r.uscc ?? '');
      if (res.ok) ok++;
      else bad.push(`  line ${i + 2}: [${res.issue.code}] ${res.issue.messageZh}`);
    });
    println(ctx.stdout, `样例企业 sample enterprises: ${file}`);
    println(ctx.stdout, `  ${rows.length} rows: ${ok} valid codes, ${bad.length} rejected`);
    for (const b of bad) println(ctx.stdout, b);
    const params = describeRulebook(rb, asOf);
    println(ctx.stdout, `规则集 rulebook ${rb.id} sha256 ${rulebookHash(rb)} on ${asOf}: ${params.length} parameters`);
    for (const p of params) {
      println(ctx.stdout, `  ${p.flagged ? '!' : ' '} ${p.path} [${p.source?.status ?? 'no value'}] ${p.source ? [p.source.title, p.source.docNo, p.source.article].filter(Boolean).join(' ') : ''}`);
    }
    return EXIT.OK;
  },
};
