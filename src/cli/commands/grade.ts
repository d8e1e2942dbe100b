import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { checkDate, type CliCommand, type CliContext, EXIT, optString, requireString, UsageError } from '../command.js';
import { loadRulebookOption, println } from '../util.js';
import { makeIssue, XinfengError } from '../../_lib/issues/index.js';
import {
  csvLine,
  gradeFiles,
  gradeStream,
  parseColumnMapping,
  parseEncodingName,
  REJECTS_HEADER,
  GRADES_HEADER,
  type ColumnMapping,
  type GradeProgress,
  type GradeRunSummary,
} from '../../io/index.js';

/** Finds dist/worker.cjs next to the CLI bundle (or under cwd/dist when run from source). */
export function findWorkerScript(cwd: string): string | undefined {
  const here = typeof __dirname === 'string' ? __dirname : undefined;
  const candidates = [here && join(here, 'worker.cjs'), here && join(here, '..', '..', '..', 'dist', 'worker.cjs'), join(cwd, 'dist', 'worker.cjs')];
  return candidates.find((c): c is string => typeof c === 'string' && existsSync(c));
}

/** A progress line on stderr: redrawn in place on a terminal, one line per phase otherwise. */
export function progressReporter(ctx: CliContext, label: string): { update(p: GradeProgress): void; done(): void } {
  let lastPhase = '';
  let lastDraw = 0;
  return {
    update(p) {
      const pct = p.total ? Math.floor((100 * p.done) / p.total) : 0;
      const text = p.phase === 'read' ? `读取 reading ${pct}%` : p.phase === 'grade' ? `评级 grading partition ${p.done}/${p.total}` : '写出 writing';
      if (ctx.isTTY) {
        const now = performance.now();
        if (now - lastDraw < 100 && p.phase === lastPhase && p.done !== p.total) return;
        lastDraw = now;
        ctx.stderr.write(`\r${label}: ${text}\u001b[K`);
      } else if (p.phase !== lastPhase) ctx.stderr.write(`${label}: ${text}\n`);
      lastPhase = p.phase;
    },
    done() {
      if (ctx.isTTY) ctx.stderr.write('\r\u001b[K');
    },
  };
}

/** Loads a `--mapping FILE` column mapping. */
export function loadMapping(file: string | undefined, cwd: string): ColumnMapping | undefined {
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new XinfengError(makeIssue('FILE_READ_FAILED', { file, reason: (e as Error).message }));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new XinfengError(makeIssue('IO_MAPPING_INVALID', { file, reason: (e as Error).message }));
  }
  return parseColumnMapping(json, file);
}

/** Parses `--workers N` (default: min(2, cores)). */
export function workersOption(values: Record<string, unknown>): number {
  const w = optString(values, 'workers');
  if (w === undefined) return Math.min(2, availableParallelism());
  if (!/^\d+$/.test(w) || Number(w) > 64) throw new UsageError(`--workers must be a whole number 0–64, got "${w}"`);
  return Number(w);
}

/** Prints the reconciliation and grade distribution of a run. */
export function printSummary(out: NodeJS.WritableStream, s: GradeRunSummary): void {
  println(out, `对账 reconciliation (rows read = accepted + rejected):`);
  for (const f of s.files) {
    println(out, `  ${f.file} [${f.kind}, ${f.encoding}]: ${f.read} = ${f.accepted} + ${f.rejected}` + `  (duplicates ${f.duplicates}, orphans ${f.orphans}, malformed ${f.malformed})`);
    if (f.ignoredColumns.length) println(out, `    ignored columns 未使用列: ${f.ignoredColumns.join(', ')}`);
  }
  const g = s.stats.byGrade;
  println(out, `评级 graded ${s.graded} enterprises: ${Object.keys(g).sort().map((k) => `${k} ${g[k]}`).join(', ')}`);
  const r = s.stats.byRisk;
  println(out, `风险 risk: ${Object.keys(r).sort().map((k) => `${k} ${r[k]}`).join(', ')}`);
  println(out, `监管类别 classes: ${Object.entries(s.stats.byClass).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (Object.keys(s.stats.warnings).length) println(out, `grader warnings 评级警告: ${Object.entries(s.stats.warnings).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (s.rejectRows) println(out, `拒收 rejects ${s.rejectRows}: ${Object.entries(s.rejectsByCode).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  println(out, `partitions ${s.partitions}, workers ${s.workers}, spilled ${(s.spilledBytes / 1048576).toFixed(1)} MiB; ${s.timingsMs['total']} ms (read ${s.timingsMs['read']}, grade ${s.timingsMs['grade']}, write ${s.timingsMs['write']})`);
  println(out, `outputs 输出: ${[s.outputs.grades, s.outputs.rejects, s.outputs.explain].filter(Boolean).join(', ')}`);
}

/** `xinfeng grade`: grade a district export. */
export const gradeCommand: CliCommand = {
  name: 'grade',
  summary: 'Grade enterprises from CSV exports (credit grade, risk, supervision class), with rejects',
  summaryZh: '从 CSV 导出数据批量评定信用等级、风险等级和监管类别，并输出拒收行',
  help: `Usage: xinfeng grade --enterprises FILE --events FILE --as-of DATE --out FILE
                     [--rejects FILE] [--explain FILE] [--workers N] [--rulebook FILE]
                     [--encoding ENC] [--mapping FILE] [--summary FILE] [--lenient-uscc]
                     [--memory-mb N] [--jit auto|concurrent|synchronous] [--fail-on-rejects]
       xinfeng grade --stdin --as-of DATE [--rulebook FILE] [--rejects FILE] [--header]

Reads an enterprise export (企业名录) and a credit-record export (信用记录), validates and
normalises every row, grades every accepted enterprise on DATE, and writes:
  --out FILE       grades CSV (UTF-8), one row per accepted enterprise, sorted by uscc:
                   ${GRADES_HEADER.join(',')}
  --rejects FILE   every row not used, with the reason (zh-CN):
                   ${REJECTS_HEADER.join(',')}
  --explain FILE   one JSON line per enterprise with the full explanation (slower)
  --summary FILE   the run summary as JSON (reconciliation, distributions, timings)

Input: UTF-8 (with or without BOM), GB18030/GBK (detected, or --encoding utf-8|gbk|gb18030|utf-16le).
Chinese and English headers are recognised (统一社会信用代码/uscc, 企业名称/name, 成立日期, 注册资本（万元）,
记录类型, 决定书文号, 罚款金额 …); --mapping FILE maps other headers: {"enterprises": {"纳税人识别号": "uscc"}}.
Dates 2025-01-05, 2025/1/5, 20250105, 2025年1月5日; amounts 1,234.56 / 1.5万元; full-width digits.
Duplicates (same USCC; same record id or decision number) and orphan records are rejected, not merged.
Cells starting with = + - @ are written with a leading ' (Excel formula injection).

  --workers N      worker threads (default min(2, cores); 0 = main thread). Output is identical for any N.
  --memory-mb N    partition text held in memory before spilling to temp files (default 256)
  --jit MODE       how workers are optimised by V8: auto (default: synchronously when the workers
                   fill every core), concurrent, synchronous. Never changes the output.
  --lenient-uscc   accept legacy codes that fail only the check characters (with a warning)

Streaming (Hadoop Streaming / Spark RDD.pipe): --stdin reads rows "E,<enterprise columns>" and
"R,<record columns>" (canonical column order, no header) co-partitioned by USCC, and writes grade rows
(no header unless --header) sorted by uscc to stdout; the summary goes to stderr.

Exit codes: 0 graded (rejected rows, if any, are in the rejects file); 1 --fail-on-rejects and some
rows were rejected; 2 usage; 3 input error (unreadable file, missing required column, bad rulebook or
mapping); 4 internal error.`,
  options: {
    enterprises: { type: 'string' },
    events: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
    rejects: { type: 'string' },
    explain: { type: 'string' },
    workers: { type: 'string' },
    rulebook: { type: 'string' },
    encoding: { type: 'string' },
    mapping: { type: 'string' },
    summary: { type: 'string' },
    'lenient-uscc': { type: 'boolean' },
    'memory-mb': { type: 'string' },
    jit: { type: 'string' },
    'fail-on-rejects': { type: 'boolean' },
    stdin: { type: 'boolean' },
    header: { type: 'boolean' },
    quiet: { type: 'boolean' },
  },
  async run({ values }, ctx) {
    const asOf = requireString(values, 'as-of');
    checkDate(asOf, 'as-of');
    const rulebook = loadRulebookOption(optString(values, 'rulebook'), ctx.cwd);
    if (values.stdin) {
      const out = await gradeStream(ctx.stdin as AsyncIterable<Buffer>, { rulebook, asOf, lenientUscc: Boolean(values['lenient-uscc']) });
      if (values.header) ctx.stdout.write(csvLine(GRADES_HEADER));
      ctx.stdout.write(out.gradesText);
      const rejects = [...out.streamRejects, ...out.rejects];
      const rf = optString(values, 'rejects');
      if (rf) writeFileSync(resolve(ctx.cwd, rf), csvLine(REJECTS_HEADER) + rejects.map((r) => csvLine([r.file, String(r.line), r.column, r.value, r.code, r.message])).join(''));
      const c = out.counts;
      ctx.stderr.write(
        `xinfeng grade --stdin: enterprises ${c.enterprisesRead} = ${c.enterprisesAccepted} + ${c.enterprisesRejected}; records ${c.eventsRead} = ${c.eventsAccepted} + ${c.eventsRejected}; other rejects ${out.streamRejects.length}\n`,
      );
      return values['fail-on-rejects'] && rejects.length ? EXIT.FINDINGS : EXIT.OK;
    }
    const enterprises = resolve(ctx.cwd, requireString(values, 'enterprises'));
    const events = resolve(ctx.cwd, requireString(values, 'events'));
    const outFile = resolve(ctx.cwd, requireString(values, 'out'));
    const enc = optString(values, 'encoding');
    const encoding = enc === undefined ? undefined : parseEncodingName(enc);
    let workers = workersOption(values);
    const workerScript = findWorkerScript(ctx.cwd);
    if (workers > 0 && !workerScript) {
      ctx.stderr.write('xinfeng grade: worker bundle (dist/worker.cjs) not found; grading in the main thread\n');
      workers = 0;
    }
    const mem = optString(values, 'memory-mb');
    if (mem !== undefined && !/^\d+$/.test(mem)) throw new UsageError(`--memory-mb must be a whole number, got "${mem}"`);
    const jit = optString(values, 'jit');
    if (jit !== undefined && jit !== 'auto' && jit !== 'concurrent' && jit !== 'synchronous') {
      throw new UsageError(`--jit must be auto, concurrent or synchronous, got "${jit}"`);
    }
    const mapping = loadMapping(optString(values, 'mapping'), ctx.cwd);
    const rejects = optString(values, 'rejects');
    const explain = optString(values, 'explain');
    const progress = values.quiet ? undefined : progressReporter(ctx, 'xinfeng grade');
    const summary = await gradeFiles({
      enterprisesFile: enterprises,
      eventsFile: events,
      asOf,
      rulebook,
      outFile,
      ...(rejects ? { rejectsFile: resolve(ctx.cwd, rejects) } : {}),
      ...(explain ? { explainFile: resolve(ctx.cwd, explain) } : {}),
      workers,
      ...(workerScript ? { workerScript } : {}),
      ...(encoding ? { encoding } : {}),
      ...(mapping ? { mapping } : {}),
      lenientUscc: Boolean(values['lenient-uscc']),
      ...(mem !== undefined ? { memoryBudgetBytes: Number(mem) * 1048576 } : {}),
      ...(jit !== undefined ? { jit } : {}),
      ...(progress ? { onProgress: (p: GradeProgress) => progress.update(p) } : {}),
    });
    progress?.done();
    const sf = optString(values, 'summary');
    if (sf) writeFileSync(resolve(ctx.cwd, sf), `${JSON.stringify(summary, null, 2)}\n`);
    if (!values.quiet) printSummary(ctx.stdout, summary);
    return values['fail-on-rejects'] && summary.rejectRows > 0 ? EXIT.FINDINGS : EXIT.OK;
  },
};
