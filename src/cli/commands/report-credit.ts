import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { checkDate, type CliCommand, EXIT, optString, requireString, UsageError } from '../command.js';
import { loadRulebookOption, println } from '../util.js';
import { makeIssue, XinfengError } from '../../_lib/issues/index.js';
import { parseUscc, normalizeUscc } from '../../uscc/index.js';
import type { Rulebook } from '../../rulebook/index.js';
import { gradeEnterprise, type CreditEvent, type Enterprise } from '../../grading/index.js';
import {
  convertEnterprise,
  convertEvent,
  csvLine,
  makeReject,
  normalizeDate,
  REJECTS_HEADER,
  type ConvertOptions,
  type RejectRow,
  readSubjectRows,
} from '../../io/index.js';
import { parse } from 'csv-parse/sync';
import {
  compulsoryMeasureSchema,
  type CompulsoryMeasureRecord,
  type ServiceRecord,
  assessOnsiteReviewExemption,
  buildCreditReport,
  renderCreditReportHtml,
  renderCreditReportText,
  verifyCreditReport,
  type ExemptionAssessment,
} from '../../services/index.js';

/** The bundled sample directory: next to dist/ when bundled, or the repository's data/sample. */
function sampleDir(cwd: string): string {
  const here = typeof __dirname === 'string' ? __dirname : cwd;
  const candidates = [resolve(here, '..', 'data', 'sample'), resolve(here, '..', '..', '..', 'data', 'sample'), resolve(cwd, 'data', 'sample')];
  return candidates.find((c) => existsSync(join(c, 'enterprises.csv'))) ?? candidates[candidates.length - 1]!;
}

const MEASURE_COLUMNS: readonly { field: string; names: readonly string[]; date?: boolean }[] = [
  { field: 'id', names: ['id', '记录编号'] },
  { field: 'uscc', names: ['uscc', '统一社会信用代码'] },
  { field: 'date', names: ['date', '实施日期', '决定日期'], date: true },
  { field: 'decisionNumber', names: ['decision_number', '决定书文号', '文书号'] },
  { field: 'authority', names: ['authority', '实施机关'] },
  { field: 'measureKind', names: ['measure_kind', '措施类型', '强制措施种类'] },
  { field: 'liftedOn', names: ['lifted_on', '解除日期'], date: true },
  { field: 'sector', names: ['sector', '行业领域'] },
];
const MEASURE_KIND_ALIASES: Readonly<Record<string, string>> = { 查封: 'seal', 扣押: 'seizure', 冻结: 'freeze', 其他: 'other' };

/** Reads the subject's compulsory measures (行政强制措施) from a CSV, validated by {@link compulsoryMeasureSchema}. */
function readMeasures(file: string, uscc: string): { rows: CompulsoryMeasureRecord[]; rejects: RejectRow[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new XinfengError(makeIssue('FILE_READ_FAILED', { file, reason: (e as Error).message }));
  }
  const all = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  const header = (all[0] ?? []).map((h) => h.trim().toLowerCase());
  const idx = new Map(MEASURE_COLUMNS.map((c) => [c.field, header.findIndex((h) => c.names.includes(h))]));
  if ((idx.get('uscc') ?? -1) < 0) throw new XinfengError(makeIssue('FILE_READ_FAILED', { file, reason: 'missing column uscc / 统一社会信用代码' }));
  const name = basename(file);
  const rows: CompulsoryMeasureRecord[] = [];
  const rejects: RejectRow[] = [];
  all.slice(1).forEach((fields, i) => {
    const cell = (f: string): string => {
      const at = idx.get(f) ?? -1;
      return at < 0 ? '' : (fields[at] ?? '').trim();
    };
    if (normalizeUscc(cell('uscc')) !== uscc) return;
    const obj: Record<string, string> = { type: 'compulsoryMeasure' };
    for (const c of MEASURE_COLUMNS) {
      const v = cell(c.field);
      if (v === '') continue;
      obj[c.field] = c.field === 'uscc' ? normalizeUscc(v) : c.field === 'measureKind' ? (MEASURE_KIND_ALIASES[v] ?? v) : c.date ? (normalizeDate(v) ?? v) : v;
    }
    const r = compulsoryMeasureSchema.safeParse(obj);
    if (r.success) rows.push(r.data);
    else for (const iss of r.error.issues) rejects.push(makeReject(name, i + 2, iss.path.join('.'), cell(String(iss.path[0] ?? '')), 'SERVICES_RECORD_INVALID', { file: name, line: i + 2, path: iss.path.join('.'), reason: iss.message }));
  });
  return { rows, rejects };
}

function printExemption(ctx: { stdout: NodeJS.WritableStream }, a: ExemptionAssessment, grade: string, risk: string): void {
  println(ctx.stdout, `低风险免于现场审核 — ${a.matterNameZh}`);
  println(ctx.stdout, `  信用等级 ${grade}，风险等级 ${risk}（gradeEnterprise，计算日 ${a.stamp.asOf}）`);
  println(ctx.stdout, `  结论：${a.eligible ? '符合免于现场审核条件 / eligible' : '不符合免于现场审核条件 / not eligible'}`);
  for (const c of a.conditions) {
    println(ctx.stdout, `  ${!c.verified ? '?' : c.met ? '✓' : '✗'} ${c.labelZh}（${String(c.bound)}）：${c.foundZh} [${c.status}] ${c.parameter}`);
  }
}

/** `xinfeng report-credit`: the 专用信用报告 of one enterprise from the exports, and its verification. */
export const reportCreditCommand: CliCommand = {
  name: 'report-credit',
  summary: 'Special credit report (专用信用报告) of one enterprise for a range and domains; or verify one',
  summaryZh: '出具或核验单个企业的专用信用报告（替代有无违法记录证明）',
  help: `Usage: xinfeng report-credit --uscc CODE --from DATE --to DATE [--domains a,b] [--as-of DATE]
                             [--enterprises FILE --events FILE] [--out DIR] [--html | --json]
                             [--exemption [--matter ID]] [--rulebook FILE]
       xinfeng report-credit --verify FILE [--expected-digest HEX] [--rulebook FILE]

Builds the 专用信用报告 (plan 三(一)2; 发改财金〔2025〕565号) of the enterprise CODE: every
administrative penalty (simple procedure included), compulsory measure and serious-list entry in
[--from, --to] and in the chosen domains (rulebook services.creditReport.domainCatalogue; default
all), repaired records marked 已修复, "本期间内无记录" for each empty domain, and a SHA-256
verification digest over the content, the rulebook hash and the data cut-off date (--as-of,
default --to). The range may cover at most services.creditReport.maxRangeYears years.

Inputs default to the bundled sample district (data/sample/enterprises.csv, events.csv); the
exports are streamed and only CODE's rows are kept, validated by the io readers.

Options:
  --uscc CODE            统一社会信用代码 of the enterprise
  --from, --to DATE      the range (inclusive)
  --domains LIST         domain ids, comma-separated (xinfeng rules --as-of DATE lists the catalogue)
  --as-of DATE           data cut-off date (default: --to); --to may not be after it
  --enterprises FILE     enterprise export (default: bundled sample)
  --events FILE          credit-record export (default: bundled sample)
  --measures FILE        行政强制措施 CSV (id, uscc, date, decision_number, authority, measure_kind
                         查封|扣押|冻结|其他 or seal|seizure|freeze|other, lifted_on, sector); without it
                         the report states that it does not cover compulsory measures
  --out DIR              write report .txt, .html and .json (and rejects.csv, exemption.json) to DIR
  --html | --json        print the HTML or the JSON report instead of the text (without --out)
  --exemption            also assess 低风险免于现场审核 (grade from gradeEnterprise on --as-of)
  --matter ID            pilot matter for --exemption (default: the only one in the rulebook)
  --verify FILE          verify a report (.txt, .html or .json); with --expected-digest, against the issuer's digest
  --rulebook FILE        a rulebook JSON file (default: the bundled cn-sh-minhang)

Exit codes: 0 report written / verification passed; 1 verification failed;
2 usage; 3 input error (file unreadable, enterprise not found, range not allowed, unknown domain).`,
  options: {
    uscc: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    domains: { type: 'string' },
    'as-of': { type: 'string' },
    enterprises: { type: 'string' },
    events: { type: 'string' },
    measures: { type: 'string' },
    out: { type: 'string' },
    html: { type: 'boolean' },
    json: { type: 'boolean' },
    exemption: { type: 'boolean' },
    matter: { type: 'string' },
    verify: { type: 'string' },
    'expected-digest': { type: 'string' },
    rulebook: { type: 'string' },
  },
  async run({ values }, ctx) {
    const verifyFile = optString(values, 'verify');
    if (verifyFile) {
      const path = resolve(ctx.cwd, verifyFile);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (e) {
        throw new XinfengError(makeIssue('FILE_READ_FAILED', { file: verifyFile, reason: (e as Error).message }));
      }
      let input: Parameters<typeof verifyCreditReport>[0] = text;
      if (/\.json$/i.test(path)) {
        try {
          input = JSON.parse(text) as Parameters<typeof verifyCreditReport>[0];
        } catch (e) {
          throw new XinfengError(makeIssue('FILE_READ_FAILED', { file: verifyFile, reason: `not JSON: ${(e as Error).message}` }));
        }
      }
      const expected = optString(values, 'expected-digest');
      const rbFile = optString(values, 'rulebook');
      const v = verifyCreditReport(input, {
        ...(expected ? { expectedDigest: expected } : {}),
        ...(rbFile ? { rulebook: loadRulebookOption(rbFile, ctx.cwd) } : {}),
      });
      if (v.ok) {
        println(ctx.stdout, `校验通过 verified: ${verifyFile} (${v.format}) sha256:${v.statedDigest}`);
        if (v.report) println(ctx.stdout, `  ${v.report.subject.name} ${v.report.subject.uscc}；报告期间 ${v.report.range.from} 至 ${v.report.range.to}；数据截止日 ${v.report.dataCutOff}`);
        return EXIT.OK;
      }
      println(ctx.stdout, `校验未通过 NOT verified: ${verifyFile} (${v.format})`);
      for (const i of v.issues) println(ctx.stdout, `  [${i.code}] ${i.messageZh}\n    ${i.message}`);
      return EXIT.FINDINGS;
    }

    const rawUscc = requireString(values, 'uscc');
    const from = requireString(values, 'from');
    const to = requireString(values, 'to');
    for (const [n, d] of [['from', from], ['to', to]] as const) {
      checkDate(d, n);
    }
    const asOf = optString(values, 'as-of') ?? to;
    checkDate(asOf, 'as-of');
    if (values.html && values.json) throw new UsageError('choose one of --html and --json');
    const parsed = parseUscc(rawUscc, { lenient: true });
    if (!parsed.ok) throw new XinfengError(parsed.issue);
    const uscc = parsed.code;
    const domainsOpt = optString(values, 'domains');
    const domains = domainsOpt ? domainsOpt.split(',').map((s) => s.trim()).filter(Boolean) : [];
    const rb: Rulebook = loadRulebookOption(optString(values, 'rulebook'), ctx.cwd);
    const dir = sampleDir(ctx.cwd);
    const entFile = resolve(ctx.cwd, optString(values, 'enterprises') ?? join(dir, 'enterprises.csv'));
    const evFile = resolve(ctx.cwd, optString(values, 'events') ?? join(dir, 'events.csv'));
    const convertOpts: ConvertOptions = { defaultDistrict: rb.jurisdiction.name, lenientUscc: true };

    const ents = await readSubjectRows<Enterprise>(entFile, 'enterprises', uscc, convertEnterprise, convertOpts);
    const evs = await readSubjectRows<CreditEvent>(evFile, 'events', uscc, convertEvent, convertOpts);
    const measuresFile = optString(values, 'measures');
    const measures = measuresFile ? readMeasures(resolve(ctx.cwd, measuresFile), uscc) : { rows: [], rejects: [] };
    const rejects = [...ents.rejects, ...evs.rejects, ...measures.rejects];
    ctx.stderr.write(
      `xinfeng report-credit: ${basename(entFile)} ${ents.read} rows, ${ents.rows.length} for ${uscc}; ${basename(evFile)} ${evs.read} rows, ${evs.rows.length} records for ${uscc}; ${rejects.length} rejected\n`,
    );
    if (ents.malformed + evs.malformed > 0) {
      ctx.stderr.write(`xinfeng report-credit: ⚠ ${ents.malformed + evs.malformed} malformed row(s) could not be attributed to any enterprise; see the rejects\n`);
    }
    const enterprise = [...ents.rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))[0];
    if (!enterprise) {
      throw new XinfengError(makeIssue('FILE_READ_FAILED', { file: basename(entFile), reason: `no valid row for enterprise ${uscc}` }));
    }
    // Identical rows (same record exported twice) are listed once; same id with different content stays.
    const seen = new Set<string>();
    const records = evs.rows.filter((e) => {
      const k = JSON.stringify(e);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });

    const all: ServiceRecord[] = [...records, ...measures.rows];
    const result = buildCreditReport(
      { enterprise, records: all, from, to, domains, ...(measuresFile ? {} : { unavailableKinds: ['compulsoryMeasure' as const] }) },
      { rulebook: rb, asOf },
    );
    const { report } = result;
    let exemption: { assessment: ExemptionAssessment; grade: string; risk: string } | undefined;
    if (values.exemption) {
      const g = gradeEnterprise(enterprise, records, { rulebook: rb, asOf });
      const matter = optString(values, 'matter');
      const assessment = assessOnsiteReviewExemption(
        { enterprise, records: all, grade: { grade: g.grade, riskLevel: g.riskLevel }, ...(measuresFile ? {} : { unavailableKinds: ['compulsoryMeasure' as const] }) },
        { rulebook: rb, asOf, ...(matter ? { matter } : {}) },
      );
      exemption = { assessment, grade: g.grade, risk: g.riskLevel };
    }

    const out = optString(values, 'out');
    if (out) {
      const target = resolve(ctx.cwd, out);
      mkdirSync(target, { recursive: true });
      const stem = `credit-report-${uscc}-${from}-${to}`;
      writeFileSync(join(target, `${stem}.txt`), renderCreditReportText(report));
      writeFileSync(join(target, `${stem}.html`), renderCreditReportHtml(report));
      writeFileSync(join(target, `${stem}.json`), `${JSON.stringify(report, null, 2)}\n`);
      writeFileSync(join(target, `${stem}.rejects.csv`), [csvLine(REJECTS_HEADER), ...rejects.map((r) => csvLine([r.file, String(r.line), r.column, r.value, String(r.code), r.message]))].join(''));
      if (exemption) writeFileSync(join(target, `${stem}.exemption.json`), `${JSON.stringify(exemption.assessment, null, 2)}\n`);
      println(ctx.stdout, `专用信用报告 ${report.subject.name} ${uscc} ${from} 至 ${to}（数据截止 ${asOf}）`);
      println(ctx.stdout, `  ${join(out, `${stem}.txt`)}`);
      println(ctx.stdout, `  ${join(out, `${stem}.html`)}`);
      println(ctx.stdout, `  ${join(out, `${stem}.json`)}`);
      println(ctx.stdout, `  校验码 sha256:${report.digest}`);
      const n = report.domains.reduce((s, d) => s + d.records.length, 0);
      println(ctx.stdout, `  ${n} records in ${report.domains.length} domain(s); ${report.domains.filter((d) => d.records.length === 0).length} without records`);
      if (exemption) printExemption(ctx, exemption.assessment, exemption.grade, exemption.risk);
    } else {
      if (values.json) ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else if (values.html) ctx.stdout.write(renderCreditReportHtml(report));
      else ctx.stdout.write(renderCreditReportText(report));
      if (exemption) {
        if (values.json || values.html) ctx.stderr.write(`${JSON.stringify(exemption.assessment)}\n`);
        else {
          println(ctx.stdout);
          printExemption(ctx, exemption.assessment, exemption.grade, exemption.risk);
        }
      }
    }
    for (const w of result.warnings) ctx.stderr.write(`xinfeng report-credit: ⚠ [${w.code}] ${w.messageZh}\n`);
    for (const r of rejects.slice(0, 20)) ctx.stderr.write(`xinfeng report-credit: rejected ${r.file}:${r.line} ${r.column} [${r.code}] ${r.message}\n`);
    if (rejects.length > 20) ctx.stderr.write(`xinfeng report-credit: … ${rejects.length - 20} more rejected rows${out ? ' (see the rejects file)' : ''}\n`);
    return EXIT.OK;
  },
};
