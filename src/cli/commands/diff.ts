import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkDate, type CliCommand, EXIT, optString, optStrings, requireString, UsageError } from '../command.js';
import { loadRulebookOption, println } from '../util.js';
import { csvLine, diffGrades, DIFF_CHANGES_HEADER, gradeFiles, parseEncodingName, type GradeProgress } from '../../io/index.js';
import { findWorkerScript, loadMapping, progressReporter, workersOption } from './grade.js';

function matrixTable(m: Readonly<Record<string, number>>, labelsA: readonly string[], labelsB: readonly string[]): string[] {
  const w = Math.max(8, ...Object.values(m).map((v) => String(v).length + 2));
  const lines = [`${'A \\ B'.padEnd(12)}${labelsB.map((b) => b.padStart(w)).join('')}`];
  for (const a of labelsA) lines.push(`${a.padEnd(12)}${labelsB.map((b) => String(m[`${a}|${b}`] ?? 0).padStart(w)).join('')}`);
  return lines;
}

/** `xinfeng diff`: what-if comparison of two rulebooks over the same exports. */
export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'Compare two rulebooks over the same exports: grade migration matrix and inspection workload change',
  summaryZh: '同一批数据在两套规则下的对比：等级迁移矩阵与检查工作量变化',
  help: `Usage: xinfeng diff --rulebook A.json --rulebook B.json --enterprises FILE --events FILE --as-of DATE
                    [--out CHANGES.csv] [--json FILE] [--workers N] [--encoding ENC] [--mapping FILE]

Grades the same exports under rulebook A and rulebook B ("default" = the bundled cn-sh-minhang) and
prints the grade migration matrix (rows: grade under A, columns: grade under B), the supervision-class
migration matrix, and the change in planned proactive inspections (sum of inspections_per_year) and
in enterprises with no proactive inspection (无事不扰) — what a reform would do, before it is made.

  --out FILE    one row per enterprise whose grade, class or inspections changed:
                ${DIFF_CHANGES_HEADER.join(',')}
  --json FILE   the comparison as JSON

Exit codes: 0 compared (differences are the answer, not an error); 2 usage (not exactly two
--rulebook); 3 input error (unreadable file, missing column, invalid rulebook).`,
  options: {
    rulebook: { type: 'string', multiple: true },
    enterprises: { type: 'string' },
    events: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
    json: { type: 'string' },
    workers: { type: 'string' },
    encoding: { type: 'string' },
    mapping: { type: 'string' },
  },
  async run({ values }, ctx) {
    const rbs = optStrings(values, 'rulebook');
    if (rbs.length !== 2) throw new UsageError(`give exactly two --rulebook options (A and B), got ${rbs.length}`);
    const asOf = requireString(values, 'as-of');
    checkDate(asOf, 'as-of');
    const [rbA, rbB] = rbs.map((f) => loadRulebookOption(f === 'default' ? undefined : f, ctx.cwd));
    const enc = optString(values, 'encoding');
    const encoding = enc === undefined ? undefined : parseEncodingName(enc);
    const mapping = loadMapping(optString(values, 'mapping'), ctx.cwd);
    const workerScript = findWorkerScript(ctx.cwd);
    const workers = workerScript ? workersOption(values) : 0;
    const tmp = mkdtempSync(join(tmpdir(), 'xinfeng-diff-'));
    try {
      const files: string[] = [];
      for (const [i, rb] of [rbA!, rbB!].entries()) {
        const label = i === 0 ? 'A' : 'B';
        const progress = progressReporter(ctx, `xinfeng diff (${label})`);
        const out = join(tmp, `grades-${label}.csv`);
        await gradeFiles({
          enterprisesFile: resolve(ctx.cwd, requireString(values, 'enterprises')),
          eventsFile: resolve(ctx.cwd, requireString(values, 'events')),
          asOf, rulebook: rb, outFile: out, workers,
          ...(workerScript ? { workerScript } : {}),
          ...(encoding ? { encoding } : {}),
          ...(mapping ? { mapping } : {}),
          onProgress: (p: GradeProgress) => progress.update(p),
        });
        progress.done();
        files.push(out);
      }
      const changes: string[] = [];
      const outFile = optString(values, 'out');
      const d = await diffGrades(files[0]!, files[1]!, outFile ? (l) => changes.push(l) : undefined);
      if (outFile) writeFileSync(resolve(ctx.cwd, outFile), csvLine(DIFF_CHANGES_HEADER) + changes.join(''));
      const jsonFile = optString(values, 'json');
      if (jsonFile) writeFileSync(resolve(ctx.cwd, jsonFile), `${JSON.stringify({ asOf, rulebookA: rbA!.id, rulebookB: rbB!.id, ...d }, null, 2)}\n`);
      println(ctx.stdout, `规则集对比 rulebook A ${rbA!.id} (${rbs[0]}) vs B ${rbB!.id} (${rbs[1]}), as of ${asOf}: ${d.enterprises} enterprises`);
      println(ctx.stdout, `等级迁移 grade migration (rows A, columns B):`);
      for (const l of matrixTable(d.gradeMatrix, ['A', 'B', 'C', 'D'], ['A', 'B', 'C', 'D'])) println(ctx.stdout, `  ${l}`);
      const classes = [...new Set(Object.keys(d.classMatrix).flatMap((k) => k.split('|')))].sort();
      println(ctx.stdout, `监管类别迁移 class migration:`);
      for (const l of matrixTable(d.classMatrix, classes, classes)) println(ctx.stdout, `  ${l}`);
      const delta = d.inspectionsB - d.inspectionsA;
      println(ctx.stdout, `检查工作量 planned proactive inspections per year: ${d.inspectionsA} → ${d.inspectionsB} (${delta >= 0 ? '+' : ''}${delta})`);
      println(ctx.stdout, `无事不扰 enterprises with no proactive inspection: ${d.noInspectionA} → ${d.noInspectionB}`);
      println(ctx.stdout, `changed: grade ${d.changedGrade}, class ${d.changedClass}${d.onlyInA || d.onlyInB ? `; only in A ${d.onlyInA}, only in B ${d.onlyInB}` : ''}`);
      return EXIT.OK;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  },
};
