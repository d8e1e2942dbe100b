import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createReadStream } from 'node:fs';
import { makeIssue, XinfengError } from '../_lib/issues/index.js';
import { readCsv, type CsvItem } from './csv.js';
import type { ReportData } from './report.js';
import type { GradeRunSummary } from './pipeline.js';

/**
 * Inputs of {@link collectReportData}: the grades CSV (required) and the optional outputs of the
 * other steps.
 *
 * @example
 * ```ts
 * const d = await collectReportData({ grades: 'out/grades.csv', summary: 'out/grade-summary.json', planDir: 'out/plan' });
 * ```
 */
export interface ReportInputs {
  readonly grades: string;
  /** `xinfeng grade --summary` JSON (reconciliation, 无感监测 count, rejects by code). */
  readonly summary?: string;
  /** Rejects CSV (used for the rejects section when no summary is given). */
  readonly rejects?: string;
  /** `xinfeng plan --out` folder (summary.json, plan.csv). */
  readonly planDir?: string;
  /** `xinfeng notices --out` folder (notices.json). */
  readonly noticesDir?: string;
  readonly title?: string;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new XinfengError(makeIssue('CLI_INPUT_INVALID', { file, reason: (e as Error).message }));
  }
}

async function* rows(file: string): AsyncGenerator<{ header: string[]; fields: string[] }> {
  if (!existsSync(file)) throw new XinfengError(makeIssue('FILE_READ_FAILED', { file, reason: 'no such file' }));
  let header: string[] | undefined;
  for await (const batch of readCsv(createReadStream(file))) {
    for (const it of batch as CsvItem[]) {
      if (!('fields' in it)) continue;
      if (!header) header = it.fields;
      else yield { header, fields: it.fields };
    }
  }
}

/**
 * Reads the outputs of a run into {@link ReportData}: distributions from the grades CSV (streamed),
 * reconciliation and 无感监测 from the grading summary, inspections before/after merging from the
 * plan (by month from its summary, by agency from plan.csv), the repair timeline from the notices.
 *
 * @example
 * ```ts
 * writeFileSync('report.html', renderReport(await collectReportData({ grades: 'grades.csv' })));
 * ```
 */
export async function collectReportData(inp: ReportInputs): Promise<ReportData> {
  const byGrade: Record<string, number> = {};
  const byClass: Record<string, number> = {};
  const matrix: Record<string, number> = {};
  let enterprises = 0;
  let noInspection = 0;
  let asOf = '';
  let rulebookId = '';
  let rulebookHash = '';
  for await (const { header, fields } of rows(inp.grades)) {
    const get = (c: string) => fields[header.indexOf(c)] ?? '';
    enterprises++;
    const g = get('grade');
    byGrade[g] = (byGrade[g] ?? 0) + 1;
    const k = `${g}|${get('risk_level')}`;
    matrix[k] = (matrix[k] ?? 0) + 1;
    const c = get('supervision_class');
    byClass[c] = (byClass[c] ?? 0) + 1;
    if (get('inspections_per_year') === '0') noInspection++;
    asOf ||= get('as_of');
    rulebookId ||= get('rulebook_id');
    rulebookHash ||= get('rulebook_hash');
  }
  let reconciliation: ReportData['reconciliation'] = [];
  let rejectsByCode: Record<string, number> = {};
  const rejectsByFile: Record<string, number> = {};
  let onNoDisturbanceList: number | undefined;
  if (inp.summary) {
    const s = readJson(inp.summary) as GradeRunSummary;
    reconciliation = s.files.map((f) => ({ file: f.file, read: f.read, accepted: f.accepted, rejected: f.rejected, duplicates: f.duplicates, orphans: f.orphans }));
    rejectsByCode = { ...s.rejectsByCode };
    onNoDisturbanceList = s.stats.onNoDisturbanceList;
  }
  if (inp.rejects) {
    const byCode: Record<string, number> = {};
    for await (const { header, fields } of rows(inp.rejects)) {
      const code = fields[header.indexOf('code')] ?? '';
      const file = fields[header.indexOf('file')] ?? '';
      byCode[code] = (byCode[code] ?? 0) + 1;
      rejectsByFile[file] = (rejectsByFile[file] ?? 0) + 1;
    }
    if (!inp.summary) rejectsByCode = byCode;
  }
  const data: { -readonly [K in keyof ReportData]: ReportData[K] } = {
    title: inp.title ?? '信用+风险分级分类监管分析报告',
    asOf, rulebookId, rulebookHash, enterprises, byGrade, matrix, byClass, noInspection,
    reconciliation, rejectsByCode, rejectsByFile,
  };
  if (onNoDisturbanceList !== undefined) data.onNoDisturbanceList = onNoDisturbanceList;
  if (inp.planDir) {
    const s = readJson(join(inp.planDir, 'summary.json')) as {
      offsiteTasks: number;
      visits: { beforeMerging: number; afterMerging: number; beforeByMonth: number[]; afterByMonth: number[]; jointInspections: number };
    };
    // By agency: visits each agency would make on its own (its items merged per enterprise) vs the
    // visits it leads once agencies visiting the same enterprise are joined.
    const before = new Map<string, Set<string>>();
    const after = new Map<string, Set<string>>();
    const planCsv = join(inp.planDir, 'plan.csv');
    if (existsSync(planCsv)) {
      for await (const { header, fields } of rows(planCsv)) {
        const get = (c: string) => fields[header.indexOf(c)] ?? '';
        if (get('record_type') !== 'onsite') continue;
        const agency = get('agency');
        const lead = get('lead_agency') || agency;
        if (!before.has(agency)) before.set(agency, new Set());
        before.get(agency)!.add(get('inspection_id'));
        if (!after.has(lead)) after.set(lead, new Set());
        after.get(lead)!.add(get('inspection_code'));
      }
    }
    const agencies = [...new Set([...before.keys(), ...after.keys()])].sort();
    data.plan = {
      beforeByMonth: s.visits.beforeByMonth,
      afterByMonth: s.visits.afterByMonth,
      byAgency: agencies.map((a) => ({ agency: a, before: before.get(a)?.size ?? 0, after: after.get(a)?.size ?? 0 })),
      beforeMerging: s.visits.beforeMerging,
      afterMerging: s.visits.afterMerging,
      joint: s.visits.jointInspections,
      offsiteTasks: s.offsiteTasks,
    };
  }
  if (inp.noticesDir) {
    const n = readJson(join(inp.noticesDir, 'notices.json')) as {
      notices: { publication?: { willBePublished?: boolean; byPlatform?: { repairable?: boolean; earliestRepairDate?: string }[] } }[];
    };
    const eligibleByMonth: Record<string, number> = {};
    let notRepairable = 0;
    let alreadyEligible = 0;
    for (const x of n.notices) {
      const dates = (x.publication?.byPlatform ?? []).filter((p) => p.repairable !== false && p.earliestRepairDate).map((p) => p.earliestRepairDate!);
      if (!dates.length) {
        notRepairable++;
        continue;
      }
      const first = dates.sort()[0]!;
      eligibleByMonth[first.slice(0, 7)] = (eligibleByMonth[first.slice(0, 7)] ?? 0) + 1;
      if (asOf && first <= asOf) alreadyEligible++;
    }
    data.repair = { eligibleByMonth, total: n.notices.length, notRepairable, alreadyEligible };
  }
  return data;
}
