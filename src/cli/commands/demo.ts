import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { checkDate, type CliCommand, type CliContext, EXIT, optString } from '../command.js';
import { println } from '../util.js';
import { csvLine, generateSampleDistrict, readCsvAll } from '../../io/index.js';

/** Seed, size and date of the bundled sample district (data/sample/enterprises.csv, events.csv). */
export const SAMPLE_DISTRICT = Object.freeze({ seed: 20250630, enterprises: 2000, asOf: '2025-06-30', dirty: true });

/** The bundled data/sample folder: next to dist/ in the package, or under cwd when run from source. */
export function findSampleDir(cwd: string): string {
  const here = typeof __dirname === 'string' ? __dirname : undefined;
  const candidates = [here && resolve(here, '..', 'data', 'sample'), here && resolve(here, '..', '..', '..', 'data', 'sample'), join(cwd, 'data', 'sample')];
  return candidates.find((c): c is string => typeof c === 'string' && existsSync(join(c, 'enterprises.csv'))) ?? join(cwd, 'data', 'sample');
}

/** Writes the bundled sample district files (deterministic: same bytes every time). */
export function writeSampleDistrict(dir: string): { enterprises: number; events: number } {
  mkdirSync(dir, { recursive: true });
  const parts = { enterprises: [] as string[], events: [] as string[] };
  const r = generateSampleDistrict(SAMPLE_DISTRICT, (k, t) => parts[k].push(t));
  writeFileSync(join(dir, 'enterprises.csv'), parts.enterprises.join(''));
  writeFileSync(join(dir, 'events.csv'), parts.events.join(''));
  return r;
}

interface Step {
  readonly name: string;
  readonly argv: string[];
  readonly outputs: readonly string[];
}

/** `xinfeng demo`: the whole chain on the bundled sample district. */
export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'Run grade → plan → notices → leniency → report on the bundled sample district',
  summaryZh: '在内置样例辖区上依次运行 评级 → 检查计划 → 告知书 → 免罚 → 报告，并列出输出位置',
  help: `Usage: xinfeng demo [--out DIR] [--as-of YYYY-MM-DD] [--rulebook FILE] [--workers N]
       xinfeng demo --regenerate-sample [--out DIR]

Runs the whole chain on the bundled sample district (data/sample: ${SAMPLE_DISTRICT.enterprises} enterprises of a
Minhang-like district, deterministic seed ${SAMPLE_DISTRICT.seed}, with realistic faults that end up in the rejects):
  1. grade     data/sample/enterprises.csv + events.csv → grades.csv, rejects.csv, explain.jsonl
  2. plan      grades.csv + data/sample/inspection/* → plan/ (双随机 draw, merged inspections)
  3. notices   data/sample/decisions.csv → notices/ (两书同达 信用修复告知书)
  4. leniency  data/sample/leniency-cases.json → leniency.json (轻微不罚/首违不罚/免强)
  5. report    everything above → report.html (one self-contained file)
A step whose command is not available in this build is reported as skipped, by name.

  --out DIR      output folder (default ./out/demo)
  --as-of DATE   computation date (default ${SAMPLE_DISTRICT.asOf})
  --regenerate-sample   rewrite data/sample/enterprises.csv and events.csv from the generator
                        (into --out DIR when given) and exit

Exit codes: 0 every available step succeeded; 1 a step failed (its exit code is printed);
2 usage; 3 the sample data or rulebook is missing or invalid.`,
  options: {
    out: { type: 'string' },
    'as-of': { type: 'string' },
    rulebook: { type: 'string' },
    workers: { type: 'string' },
    'regenerate-sample': { type: 'boolean' },
  },
  async run({ values }, ctx) {
    if (values['regenerate-sample']) {
      const dir = resolve(ctx.cwd, optString(values, 'out') ?? join('data', 'sample'));
      const r = writeSampleDistrict(dir);
      println(ctx.stdout, `样例辖区 sample district: ${r.enterprises} enterprises, ${r.events} records → ${dir}`);
      return EXIT.OK;
    }
    const asOf = optString(values, 'as-of') ?? SAMPLE_DISTRICT.asOf;
    checkDate(asOf, 'as-of');
    const out = resolve(ctx.cwd, optString(values, 'out') ?? join('out', 'demo'));
    mkdirSync(out, { recursive: true });
    const sample = findSampleDir(ctx.cwd);
    const rb = optString(values, 'rulebook');
    const rbArgs = rb ? ['--rulebook', resolve(ctx.cwd, rb)] : [];
    const s = (f: string) => join(sample, f);
    const o = (f: string) => join(out, f);
    const year = asOf.slice(0, 4);
    // 无感监测 list of the sample district, from the enterprise file's no_disturbance column.
    const ndFile = o('no-disturbance-enterprises.csv');
    const ents = await readCsvAll(readFileSync(s('enterprises.csv')));
    const header = 'fields' in ents[0]! ? ents[0].fields : [];
    const ui = header.indexOf('uscc');
    const ni = header.indexOf('no_disturbance');
    const nd = ents.slice(1).flatMap((r) => ('fields' in r && r.fields[ni] === 'true' && r.fields.length === header.length ? [csvLine([r.fields[ui]!, `${year}-01-01`, ''])] : []));
    writeFileSync(ndFile, csvLine(['uscc', 'from', 'to']) + [...new Set(nd)].join(''));
    const workers = optString(values, 'workers');
    const steps: Step[] = [
      {
        name: 'grade',
        argv: ['grade', '--enterprises', s('enterprises.csv'), '--events', s('events.csv'), '--as-of', asOf, '--out', o('grades.csv'), '--rejects', o('rejects.csv'), '--explain', o('explain.jsonl'), '--summary', o('grade-summary.json'), ...(workers ? ['--workers', workers] : []), ...rbArgs],
        outputs: ['grades.csv', 'rejects.csv', 'explain.jsonl', 'grade-summary.json'],
      },
      {
        name: 'plan',
        argv: ['plan', '--grades', o('grades.csv'), '--seed', `xinfeng-demo-${year}`, '--plan-id', `MH-${year}-DEMO`, '--year', year, '--as-of', asOf, '--items', s('inspection/items.csv'), '--rosters', s('inspection/rosters.csv'), '--no-disturbance-enterprises', ndFile, '--no-disturbance-items', s('inspection/no-disturbance-items.csv'), '--out', o('plan'), ...rbArgs],
        outputs: ['plan/plan.csv', 'plan/manifest.json', 'plan/summary.json'],
      },
      {
        name: 'notices',
        argv: ['notices', '--decisions', s('decisions.csv'), '--agency', s('agency.json'), '--as-of', asOf, '--out', o('notices'), ...rbArgs],
        outputs: ['notices/notices.csv', 'notices/notices.json'],
      },
      {
        name: 'leniency',
        argv: ['leniency', '--cases', s('leniency-cases.json'), '--as-of', asOf, '--out', o('leniency.json'), ...rbArgs],
        outputs: ['leniency.json'],
      },
      {
        name: 'report',
        argv: ['report', '--grades', o('grades.csv'), '--summary', o('grade-summary.json'), '--rejects', o('rejects.csv'), '--plan', o('plan'), '--notices', o('notices'), '--out', o('report.html')],
        outputs: ['report.html'],
      },
    ];
    const { runCli } = await import('../main.js');
    const { COMMANDS } = await import('./index.js');
    let failed = 0;
    println(ctx.stdout, `信风 xinfeng demo — 样例辖区 sample district ${sample}, as of ${asOf}`);
    for (const step of steps) {
      if (!COMMANDS.some((c) => c.name === step.name)) {
        println(ctx.stdout, `  ⏭ ${step.name}: skipped — command "${step.name}" is not available in this build`);
        continue;
      }
      if (step.name === 'report' && !COMMANDS.some((c) => c.name === 'plan')) step.argv.splice(step.argv.indexOf('--plan'), 2);
      if (step.name === 'report' && !COMMANDS.some((c) => c.name === 'notices')) step.argv.splice(step.argv.indexOf('--notices'), 2);
      const t = performance.now();
      const code = await runCli(step.argv, quietCtx(ctx));
      const ms = Math.round(performance.now() - t);
      if (code !== EXIT.OK && !(step.name === 'plan' && code === EXIT.FINDINGS)) {
        failed++;
        println(ctx.stdout, `  ✗ ${step.name}: exit ${code} (${ms} ms) — run: xinfeng ${step.argv.join(' ')}`);
        continue;
      }
      println(ctx.stdout, `  ✓ ${step.name} (${ms} ms)${code === EXIT.FINDINGS ? ' — finished with findings (exit 1)' : ''}: ${step.outputs.map((f) => relative(ctx.cwd, o(f)) || o(f)).join(', ')}`);
    }
    println(ctx.stdout, `输出 outputs: ${out}`);
    println(ctx.stdout, `报告 report: ${o('report.html')}`);
    return failed ? EXIT.FINDINGS : EXIT.OK;
  },
};

/** A context whose stdout/stderr collect into the demo's stderr (the demo prints its own summary). */
function quietCtx(ctx: CliContext): CliContext {
  return { ...ctx, stdout: ctx.stderr, isTTY: false };
}
