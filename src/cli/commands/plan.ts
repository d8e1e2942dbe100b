import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { checkDate, type CliCommand, EXIT, optString, requireString, UsageError } from '../command.js';
import { loadRulebookOption, println } from '../util.js';
import { makeIssue, XinfengError } from '../../_lib/issues/index.js';
import { parseUscc } from '../../uscc/index.js';
import type { Rulebook } from '../../rulebook/index.js';
import {
  issuePlannedInspectionCode,
  planInspections,
  sealManifest,
  supervisionClassesAt,
  type GradedEnterprise,
  type InspectionItem,
  type InspectionPlan,
  type Inspector,
  type NoDisturbanceEnterprise,
  type NoDisturbanceItem,
  type PlanItemLine,
  type TriggeredTask,
} from '../../inspection/index.js';

/** Columns of the plan CSV, in order (documented in --help). */
export const PLAN_CSV_COLUMNS = [
  'record_type',
  'inspection_code',
  'inspection_id',
  'kind',
  'month',
  'date',
  'uscc',
  'name',
  'supervision_class',
  'agency',
  'lead_agency',
  'agencies',
  'joint',
  'item_id',
  'source',
  'stratum',
  'rank',
  'task_id',
  'trigger_reason',
  'inspectors',
] as const;

/** Header of the rejects CSV. */
export const REJECT_COLUMNS = ['file', 'line', 'column', 'value', 'code', 'message'] as const;

type Row = Record<string, string>;
interface ReadRow {
  row: Row;
  line: number;
}

/** Reads a CSV file with a header; each row with its 1-based starting line. */
export function readCsv(file: string, cwd: string, required: readonly string[]): ReadRow[] {
  let text: Buffer;
  try {
    text = readFileSync(resolve(cwd, file));
  } catch (e) {
    throw new XinfengError(makeIssue('FILE_READ_FAILED', { file, reason: (e as Error).message }));
  }
  let records: { record: Row; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, bom: true, skip_empty_lines: true, info: true, trim: true }) as never;
  } catch (e) {
    throw new XinfengError(makeIssue('FILE_READ_FAILED', { file, reason: (e as Error).message }));
  }
  const header = records[0] ? Object.keys(records[0].record) : parseHeader(text);
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) throw new XinfengError(makeIssue('FILE_READ_FAILED', { file, reason: `missing column(s) ${missing.join(', ')}` }));
  return records.map((r) => ({ row: r.record, line: r.info.lines }));
}

function parseHeader(text: Buffer): string[] {
  const first = text.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  return first.split(',').map((s) => s.trim());
}

/** A rejected input row. */
export interface Reject {
  file: string;
  line: number;
  column: string;
  value: string;
  code: string;
  message: string;
}

/**
 * Reads the grades CSV the pipeline writes; rows with an invalid USCC, an unknown class or a
 * repeated USCC go to rejects (the first occurrence of a USCC is kept).
 */
export function readGrades(file: string, cwd: string, rulebook: Rulebook, asOf: string, rejects: Reject[]): GradedEnterprise[] {
  const classes = new Set(supervisionClassesAt(rulebook, asOf).map((c) => c.id));
  const out: GradedEnterprise[] = [];
  const seen = new Set<string>();
  for (const { row, line } of readCsv(file, cwd, ['uscc', 'supervision_class'])) {
    const raw = row.uscc ?? '';
    const p = parseUscc(raw);
    if (!p.ok) {
      rejects.push({ file, line, column: 'uscc', value: raw, code: p.issue.code, message: p.issue.messageZh });
      continue;
    }
    const cls = row.supervision_class ?? '';
    if (!classes.has(cls)) {
      const i = makeIssue('INSPECTION_UNKNOWN_CLASS', { uscc: p.code, classId: cls, known: [...classes].join(', ') });
      rejects.push({ file, line, column: 'supervision_class', value: cls, code: i.code, message: i.messageZh });
      continue;
    }
    if (seen.has(p.code)) {
      const i = makeIssue('INSPECTION_DUPLICATE_ENTERPRISE', { uscc: p.code });
      rejects.push({ file, line, column: 'uscc', value: raw, code: i.code, message: i.messageZh });
      continue;
    }
    seen.add(p.code);
    out.push({ uscc: p.code, supervisionClass: cls, ...(row.name ? { name: row.name } : {}) });
  }
  return out;
}

const bool = (v: string | undefined): boolean => /^(1|true|yes|y|是)$/i.test((v ?? '').trim());
const opt = <K extends string>(k: K, v: string | undefined): { [P in K]?: string } => (v ? ({ [k]: v } as { [P in K]: string }) : {});

/** Reads the item catalogue CSV: item_id,agency,name,kind,offsite_capable[,legal_basis]. */
export function readItems(file: string, cwd: string): InspectionItem[] {
  return readCsv(file, cwd, ['item_id', 'agency', 'name', 'kind', 'offsite_capable']).map(({ row }) => ({
    itemId: row.item_id!,
    agency: row.agency!,
    name: row.name!,
    kind: row.kind as 'general' | 'key',
    offsiteCapable: bool(row.offsite_capable),
    ...opt('legalBasis', row.legal_basis),
  }));
}

/** Reads rosters CSV: inspector_id,agency,certificate_no[,name][,conflicts (USCCs separated by ;)]. */
export function readRosters(file: string, cwd: string): Inspector[] {
  return readCsv(file, cwd, ['inspector_id', 'agency', 'certificate_no']).map(({ row }) => ({
    inspectorId: row.inspector_id!,
    agency: row.agency!,
    certificateNo: row.certificate_no!,
    ...opt('name', row.name),
    conflicts: (row.conflicts ?? '').split(';').map((s) => s.trim()).filter(Boolean),
  }));
}

/** Reads the 无感监测 list CSV: uscc,from[,to]. */
export function readNoDisturbanceEnterprises(file: string | undefined, cwd: string): NoDisturbanceEnterprise[] {
  if (!file) return [];
  return readCsv(file, cwd, ['uscc', 'from']).map(({ row }) => ({ uscc: row.uscc!, from: row.from!, ...opt('to', row.to) }));
}

/** Reads the 无事不扰 list CSV: item_id,from[,to]. */
export function readNoDisturbanceItems(file: string | undefined, cwd: string): NoDisturbanceItem[] {
  if (!file) return [];
  return readCsv(file, cwd, ['item_id', 'from']).map(({ row }) => ({ itemId: row.item_id!, from: row.from!, ...opt('to', row.to) }));
}

/** Reads triggered tasks CSV: task_id,agency,item_id,uscc,reason,date[,note]. */
export function readTriggered(file: string | undefined, cwd: string): TriggeredTask[] {
  if (!file) return [];
  return readCsv(file, cwd, ['task_id', 'agency', 'item_id', 'uscc', 'reason', 'date']).map(({ row }) => ({
    taskId: row.task_id!,
    agency: row.agency!,
    itemId: row.item_id!,
    uscc: row.uscc!,
    reason: row.reason as TriggeredTask['reason'],
    date: row.date!,
    ...opt('note', row.note),
  }));
}

/** Rows of the plan CSV (one per item line). */
export function planRows(plan: InspectionPlan): string[][] {
  const rows: string[][] = [];
  const line = (
    type: string,
    x: { code?: string; id: string; kind: string; month: number; date?: string | undefined; uscc: string; name?: string | undefined; classId?: string | undefined; lead: string; agencies: readonly string[]; joint: boolean },
    l: PlanItemLine,
    inspectors: string,
  ): string[] => [
    type,
    x.code ?? '',
    x.id,
    x.kind,
    String(x.month),
    x.date ?? '',
    x.uscc,
    x.name ?? '',
    x.classId ?? '',
    l.agency,
    x.lead,
    x.agencies.join(';'),
    x.joint ? 'true' : 'false',
    l.itemId,
    l.source,
    l.stratum ?? '',
    l.rankHex ?? '',
    l.taskId ?? '',
    l.reason ?? '',
    inspectors,
  ];
  for (const i of plan.inspections) {
    for (const l of i.items) {
      const ins = i.inspectors.filter((p) => p.agency === l.agency).map((p) => `${p.inspectorId}:${p.certificateNo}`).join(';');
      rows.push(line('onsite', { code: i.code, id: i.inspectionId, kind: i.kind, month: i.month, date: i.date, uscc: i.uscc, name: i.name, classId: i.classId, lead: i.leadAgency, agencies: i.agencies, joint: i.joint }, l, ins));
    }
  }
  for (const u of plan.unstaffed) {
    const i = u.inspection;
    for (const l of i.items) rows.push(line('unstaffed', { id: i.inspectionId, kind: i.kind, month: i.month, date: i.date, uscc: i.uscc, name: i.name, classId: i.classId, lead: i.leadAgency, agencies: i.agencies, joint: i.joint }, l, ''));
  }
  for (const t of plan.offsiteTasks) {
    for (const l of t.items) rows.push(line('offsite', { id: t.taskId, kind: 'planned', month: t.month, uscc: t.uscc, name: t.name, classId: t.classId, lead: t.agency, agencies: [t.agency], joint: false }, l, ''));
  }
  for (const d of plan.deferred) {
    for (const l of d.items) rows.push(line('deferred', { id: `${plan.manifest.planId}:${d.uscc}:DEFERRED:${d.agency}`, kind: 'planned', month: d.month, uscc: d.uscc, classId: d.classId, lead: d.agency, agencies: [d.agency], joint: false }, l, ''));
  }
  return rows;
}

/** Writes the rejects CSV (header always). */
export function writeRejects(path: string, rejects: readonly Reject[]): void {
  writeFileSync(path, stringify(rejects.map((r) => [r.file, String(r.line), r.column, r.value, r.code, r.message]), { header: true, columns: [...REJECT_COLUMNS] }));
}

/** `xinfeng plan`: the annual 双随机 inspection plan with its manifest. */
export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'Draw the annual inspection plan (双随机, merged/joint visits, inspectors, codes) with a verifiable manifest',
  summaryZh: '生成年度检查计划（双随机抽取、合并/联合检查、检查人员、检查码）及可核验清单',
  help: `Usage: xinfeng plan --grades FILE --seed S --plan-id ID --year YYYY --as-of DATE
                    --items FILE --rosters FILE [--no-disturbance-enterprises FILE]
                    [--no-disturbance-items FILE] [--triggered FILE] [--rulebook FILE]
                    [--code-keys FILE] --out DIR

Draws the annual plan (plan 闵府办发〔2025〕5号 三(二)1–5): per agency × item × supervision class,
n = ratio × N (rounding from the rulebook) enterprises with the smallest keyed rank
(HMAC-SHA-256 per agency×item, SipHash-2-4 of the USCC; see the manifest's drawConstruction).
无感监测 enterprises, 无事不扰 items and classes with proactive on-site inspection off get no
planned visit; off-site-capable items become off-site tasks. One agency's items per enterprise are
merged; agencies visiting one enterprise within the rulebook window are joined (lead = most items,
then agency id). Inspectors (≥ 2 per agency) are drawn with the same keyed method, never with a
conflict, within the load cap. Codes use xinfeng's own format AGENCY-YYYY-NNNNNN-C (not official).

Inputs (CSV, UTF-8, header row):
  --grades     uscc,name,...,supervision_class,...   (the grading pipeline's output; other columns ignored)
  --items      item_id,agency,name,kind(general|key),offsite_capable(true|false)[,legal_basis]
  --rosters    inspector_id,agency,certificate_no[,name][,conflicts]   conflicts = USCCs separated by ;
  --no-disturbance-enterprises  uscc,from[,to]      (无感监测 list)
  --no-disturbance-items        item_id,from[,to]   (无事不扰 list)
  --triggered  task_id,agency,item_id,uscc,reason,date[,note]
               reason: complaintOrReport|dataMonitoringFinding|referral|requiredByLaw|higherLevelDeployment

Outputs in --out DIR:
  plan.csv              one row per item line, columns:
                        ${PLAN_CSV_COLUMNS.join(',')}
                        record_type: onsite | offsite | deferred (yearly cap) | unstaffed
                        kind: planned | triggered;  source: draw | triggered;  rank: 64-bit SipHash (hex)
                        inspectors: inspector_id:certificate_no;… of that row's agency
  manifest.json         seed, seed commitment, plan id, rulebook id + hash, population digest,
                        inputs digest, per stratum N, ratio, n, draw digest, visits before/after merging
  manifest-sealed.json  the same without the seed (publish before revealing the seed)
  rejects.csv           ${REJECT_COLUMNS.join(',')}  (grades rows with an invalid USCC or unknown class)
  summary.json          visits before/after merging (by month), joint, deferred, unstaffed, issues
  codes.csv             with --code-keys (JSON {"AGENCY": "signing key", …}, keys ≥ 16 bytes, never
                        printed): inspection_code,uscc,lead_agency,valid_from,valid_to,payload — the signed
                        检查码 payload of every staffed on-site inspection, signed with its lead agency's key
                        (planned: valid for the scheduled month; triggered: from the task date)

Exit codes: 0 plan written; 1 plan written but some inspections could not be staffed;
2 usage; 3 input error (missing file or column, invalid rulebook or inputs).`,
  options: {
    grades: { type: 'string' },
    seed: { type: 'string' },
    'plan-id': { type: 'string' },
    year: { type: 'string' },
    'as-of': { type: 'string' },
    items: { type: 'string' },
    rosters: { type: 'string' },
    'no-disturbance-enterprises': { type: 'string' },
    'no-disturbance-items': { type: 'string' },
    triggered: { type: 'string' },
    rulebook: { type: 'string' },
    'code-keys': { type: 'string' },
    out: { type: 'string' },
  },
  async run({ values }, ctx) {
    const grades = requireString(values, 'grades');
    const seed = requireString(values, 'seed');
    const planId = requireString(values, 'plan-id');
    const yearText = requireString(values, 'year');
    const asOf = requireString(values, 'as-of');
    const items = requireString(values, 'items');
    const rostersFile = requireString(values, 'rosters');
    const out = requireString(values, 'out');
    if (!/^\d{4}$/.test(yearText)) throw new UsageError(`--year must be YYYY, got "${yearText}"`);
    checkDate(asOf, 'as-of');
    const rulebook = loadRulebookOption(optString(values, 'rulebook'), ctx.cwd);
    const rejects: Reject[] = [];
    const t0 = process.hrtime.bigint();
    const population = readGrades(grades, ctx.cwd, rulebook, asOf, rejects);
    const plan = planInspections({
      rulebook,
      asOf,
      year: Number(yearText),
      planId,
      seed,
      population,
      items: readItems(items, ctx.cwd),
      rosters: readRosters(rostersFile, ctx.cwd),
      noDisturbanceEnterprises: readNoDisturbanceEnterprises(optString(values, 'no-disturbance-enterprises'), ctx.cwd),
      noDisturbanceItems: readNoDisturbanceItems(optString(values, 'no-disturbance-items'), ctx.cwd),
      triggered: readTriggered(optString(values, 'triggered'), ctx.cwd),
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const dir = resolve(ctx.cwd, out);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'plan.csv'), stringify(planRows(plan), { header: true, columns: [...PLAN_CSV_COLUMNS] }));
    writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(plan.manifest, null, 2)}\n`);
    writeFileSync(join(dir, 'manifest-sealed.json'), `${JSON.stringify(sealManifest(plan.manifest), null, 2)}\n`);
    writeRejects(join(dir, 'rejects.csv'), rejects);
    const summary = {
      planId,
      year: Number(yearText),
      asOf,
      rulebookId: plan.manifest.rulebookId,
      rulebookHash: plan.manifest.rulebookHash,
      population: population.length,
      rejectedRows: rejects.length,
      drawnPairs: plan.manifest.drawnPairs,
      onsiteInspections: plan.inspections.length,
      offsiteTasks: plan.offsiteTasks.length,
      deferred: plan.deferred.length,
      unstaffed: plan.unstaffed.length,
      rejectedTasks: plan.rejectedTasks.map((t) => t.taskId),
      visits: plan.visits,
      issues: plan.issues.map((i) => ({ code: i.code, severity: i.severity, message: i.message, messageZh: i.messageZh })),
    };
    writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    const keysFile = optString(values, 'code-keys');
    if (keysFile) {
      let keys: Record<string, string>;
      try {
        keys = JSON.parse(readFileSync(resolve(ctx.cwd, keysFile), 'utf8')) as Record<string, string>;
      } catch (e) {
        // never echo the file's content: it holds keys
        throw new XinfengError(makeIssue('FILE_READ_FAILED', { file: keysFile, reason: (e as Error).name }));
      }
      const rows: string[][] = [];
      let unsigned = 0;
      for (const i of plan.inspections) {
        const key = keys[i.leadAgency];
        if (typeof key !== 'string') {
          unsigned++;
          continue;
        }
        const signed = issuePlannedInspectionCode(i, Number(yearText), key, { rulebook, asOf, planId });
        rows.push([i.code, i.uscc, i.leadAgency, signed.body.validFrom, signed.body.validTo, signed.payload]);
      }
      writeFileSync(join(dir, 'codes.csv'), stringify(rows, { header: true, columns: ['inspection_code', 'uscc', 'lead_agency', 'valid_from', 'valid_to', 'payload'] }));
      println(ctx.stderr, `  signed ${rows.length} inspection codes${unsigned ? `; ${unsigned} not signed (no key for their lead agency)` : ''}`);
    }
    println(ctx.stderr, `plan ${planId}: ${population.length} enterprises (${rejects.length} rejected rows), ${plan.manifest.drawnPairs} drawn pairs in ${ms.toFixed(0)} ms`);
    println(ctx.stderr, `  on-site inspections ${plan.inspections.length} (joint ${plan.visits.jointInspections}), off-site tasks ${plan.offsiteTasks.length}, deferred ${plan.deferred.length}, unstaffed ${plan.unstaffed.length}`);
    println(ctx.stderr, `  visits before merging ${plan.visits.beforeMerging} → after ${plan.visits.afterMerging}`);
    for (const i of plan.issues.filter((x) => x.severity === 'error' || x.code.startsWith('INSPECTION_')).slice(0, 20)) println(ctx.stderr, `  [${i.code}] ${i.messageZh}`);
    println(ctx.stderr, `  wrote ${join(out, 'plan.csv')}, manifest.json, manifest-sealed.json, rejects.csv, summary.json`);
    return plan.unstaffed.length ? EXIT.FINDINGS : EXIT.OK;
  },
};
