import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkDate, type CliCommand, EXIT, optString, requireString, UsageError } from '../command.js';
import { loadRulebookOption, println } from '../util.js';
import { makeIssue, XinfengError } from '../../_lib/issues/index.js';
import { formatCitation, gradeEnterprise, type CreditEvent, type Enterprise, type GradeResult } from '../../grading/index.js';
import { convertEnterprise, convertEvent, readSubjectRows, type RejectRow } from '../../io/index.js';
import { normalizeUscc } from '../../uscc/index.js';

function readRecords(file: string, cwd: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new XinfengError(makeIssue('FILE_READ_FAILED', { file, reason: (e as Error).message }));
  }
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return [];
  try {
    if (trimmed.startsWith('[')) return JSON.parse(trimmed) as unknown[];
    if (trimmed.startsWith('{') && !trimmed.includes('\n')) return [JSON.parse(trimmed)];
    // JSON lines, or one pretty-printed object.
    try {
      return trimmed.split(/\r?\n/).filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
    } catch {
      return [JSON.parse(trimmed)];
    }
  } catch (e) {
    throw new XinfengError(makeIssue('FILE_READ_FAILED', { file, reason: `not JSON or JSON lines: ${(e as Error).message}` }));
  }
}

function points(h: number): string {
  return `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`;
}

function printResult(out: NodeJS.WritableStream, r: GradeResult): void {
  println(out, `企业 ${r.name}（${r.uscc}）  评价日 ${r.stamp.asOf}`);
  println(out, `信用分 score ${r.score}   按分数 ${r.scoreGrade} 级 → 信用等级 grade ${r.grade}   风险 risk ${r.riskLevel}   监管类别 class ${r.supervisionClass}`);
  const c = r.supervisionClassDetail;
  println(out, `  ${c.label}: 抽查比例 ${c.samplingRatio}, 每年主动现场检查至多 ${c.inspectionsPerYearMax} 次${c.keyItemsFullCoverage ? ', 重点事项全覆盖' : ''}${c.proactiveOnsiteOff ? ', 原则上不主动现场检查' : ''}`);
  println(out);
  println(out, '指标组 groups:');
  for (const g of r.groups) println(out, `  ${g.label}: −${points(g.deductedHundredths)}（合计 ${points(g.uncappedHundredths)}，上限 ${points(g.capHundredths)}）`);
  println(out, `  加分 positive: +${points(r.positiveHundredths)}`);
  println(out);
  println(out, '理由 reasons:');
  r.reasons.forEach((x, i) => {
    println(out, `  ${i + 1}. [${x.code}] ${x.text}${x.points ? `  (${x.points})` : ''}`);
    println(out, `     ${x.rulebookPath} — ${x.citation}`);
  });
  if (r.path) {
    println(out);
    println(out, '改善路径 path to a better grade:');
    println(out, `  随时间 by time: ${r.path.byTime ? `${r.path.byTime.date} 起为 ${r.path.byTime.grade} 级` : '无（记录不会自动失效或已是最好等级）'}`);
    if (r.path.byRepair) {
      const p = r.path.byRepair;
      println(out, `  经信用修复 by repair: ${p.date} 起为 ${p.grade} 级，需修复 ${p.repairs.map((x) => `${x.recordId}（${x.repairDate} 起可修复）`).join('、')}${p.exhaustive ? '' : '（贪心搜索）'}`);
    } else println(out, '  经信用修复 by repair: 无');
  }
  if (r.issues.length) {
    println(out);
    println(out, '提示 warnings:');
    for (const i of r.issues) println(out, `  ${i.code}${i.location?.record ? ` [${i.location.record}]` : ''}: ${i.messageZh}`);
  }
  if (r.trace) {
    println(out);
    println(out, '参数 trace:');
    for (const t of r.trace) println(out, `  ${t.path} (${t.from} – ${t.to ?? 'open'}) ${formatCitation(t.source)}`);
  }
  println(out);
  println(out, `rulebook ${r.stamp.rulebookId} sha256 ${r.stamp.rulebookHash}; xinfeng ${r.stamp.libraryVersion}`);
}

/** `xinfeng explain`: grade one enterprise and print the full explanation with citations. */
export const explainCommand: CliCommand = {
  name: 'explain',
  summary: 'Grade one enterprise and explain it: reasons, citations, path to a better grade',
  summaryZh: '评价单个企业并说明理由、依据和信用修复改善路径',
  help: `Usage: xinfeng explain --enterprise FILE --as-of YYYY-MM-DD [--events FILE] [--uscc CODE]
                       [--rulebook FILE] [--trace] [--json]

Grades one enterprise (plan 三(一)2, 三(二)4): score, credit grade A–D, risk level, supervision
class, the ordered reasons with their rulebook values and citations, the warnings for records not
counted, and the path to a better grade (when time alone improves it, and the smallest set of
credit repairs that would). For whole districts use \`xinfeng grade\`.

Options:
  --enterprise FILE  the enterprise as JSON (an object, an array or JSON lines; with several,
                     --uscc picks one), or a district enterprise export (.csv, any encoding
                     \`grade\` reads; --uscc required)
  --events FILE      its credit records as a JSON array or JSON lines (records of other
                     enterprises in the file are ignored when --uscc or a single enterprise is
                     given), or the district record export (.csv) with a .csv --enterprise
  --uscc CODE        the enterprise to explain when the files hold several
  --as-of DATE       evaluation date (YYYY-MM-DD)
  --rulebook FILE    a rulebook JSON file (default: the bundled cn-sh-minhang)
  --trace            list every rulebook parameter read, with dates and sources
  --json             print the result as JSON instead of text

Exit codes: 0 graded; 2 usage; 3 unreadable or invalid input (a malformed enterprise, a broken
rulebook); records that cannot be counted are reported as warnings, not errors.`,
  options: {
    enterprise: { type: 'string' },
    events: { type: 'string' },
    uscc: { type: 'string' },
    'as-of': { type: 'string' },
    rulebook: { type: 'string' },
    trace: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values }, ctx) {
    const asOf = requireString(values, 'as-of');
    checkDate(asOf, 'as-of');
    const rulebook = loadRulebookOption(optString(values, 'rulebook'), ctx.cwd);
    const entFile = requireString(values, 'enterprise');
    const want = optString(values, 'uscc');
    const evFile = optString(values, 'events');
    let enterprise: Enterprise | undefined;
    let events: unknown[] = [];
    let skipped = 0;
    const rejects: RejectRow[] = [];
    if (/\.csv$/i.test(entFile)) {
      // District CSV exports: stream them and keep this enterprise's rows, validated like `grade`.
      if (want === undefined) throw new UsageError('--uscc is required with CSV exports');
      const uscc = normalizeUscc(want);
      const ents = await readSubjectRows<Enterprise>(resolve(ctx.cwd, entFile), 'enterprises', uscc, convertEnterprise, { defaultDistrict: rulebook.jurisdiction.name });
      rejects.push(...ents.rejects);
      enterprise = ents.rows[0];
      if (evFile) {
        const evs = await readSubjectRows<CreditEvent>(resolve(ctx.cwd, evFile), 'events', uscc, convertEvent, { defaultDistrict: rulebook.jurisdiction.name });
        rejects.push(...evs.rejects);
        events = evs.rows;
      }
      if (!enterprise) throw new UsageError(`no valid enterprise row with USCC ${uscc} in ${entFile}${rejects.length ? ` (${rejects.length} of its rows rejected)` : ''}`);
    } else {
      const ents = readRecords(entFile, ctx.cwd) as Enterprise[];
      if (want !== undefined) enterprise = ents.find((e) => e && typeof e === 'object' && e.uscc === want);
      else if (ents.length === 1) enterprise = ents[0];
      else throw new UsageError(`--enterprise holds ${ents.length} enterprises; choose one with --uscc`);
      if (!enterprise) throw new UsageError(`no enterprise with USCC ${want ?? '?'} in --enterprise`);
      const all = evFile ? readRecords(evFile, ctx.cwd) : [];
      // Records of other enterprises in a shared file are not this enterprise's history.
      events = all.filter((e) => !(e && typeof e === 'object' && typeof (e as { uscc?: unknown }).uscc === 'string' && (e as { uscc: string }).uscc !== enterprise!.uscc));
      skipped = all.length - events.length;
    }
    const r = gradeEnterprise(enterprise, events, { rulebook, asOf, trace: values.trace === true });
    if (values.json) println(ctx.stdout, JSON.stringify(r, null, 2));
    else printResult(ctx.stdout, r);
    if (skipped > 0) ctx.stderr.write(`explain: ${skipped} record(s) of other enterprises in ${evFile} were not read\n`);
    for (const x of rejects) ctx.stderr.write(`explain: rejected ${x.file}:${x.line} ${x.column} [${x.code}] ${x.message}\n`);
    return EXIT.OK;
  },
};
