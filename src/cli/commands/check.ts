import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { EXIT, optString, UsageError, type CliCommand } from '../command.js';
import { loadRulebookOption, println } from '../util.js';
import { loadCaseFile, runConformanceCase, type CaseResult } from '../../conformance/index.js';

function listCaseFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (name.endsWith('.json')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** `xinfeng check CASES_DIR`: run conformance case files. */
export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'Run conformance case files (name, asOf, input, expected, citation) and report failures',
  summaryZh: '运行一致性用例文件并报告不符之处',
  help: `Usage: xinfeng check CASES_DIR [--rulebook FILE] [--json]

Runs every *.json case file under CASES_DIR (recursively). A case is
  { "name", "area", "asOf", "input", "expected", "citation", "rulebookPatch"? }
or a file { "cases": [ … ] }. "expected" is a deep subset of the actual output; an expected
{ "error": "CODE" } matches a typed xinfeng error. Areas: calendar, uscc, rulebook, grading,
repair, leniency, inspection, services.

Options:
  --rulebook FILE   run against this rulebook instead of the default (checks a later rulebook)
  --json            one JSON line per case

Exit codes: 0 all cases pass; 1 some case failed; 3 a case file is invalid or unreadable; 2 usage.`,
  options: { rulebook: { type: 'string' }, json: { type: 'boolean' } },
  allowPositionals: true,
  async run({ values, positionals }, ctx) {
    const dir = positionals[0];
    if (!dir) throw new UsageError('missing CASES_DIR');
    const root = resolve(ctx.cwd, dir);
    const rb = loadRulebookOption(optString(values, 'rulebook'), ctx.cwd);
    const results: CaseResult[] = [];
    let invalid = 0;
    for (const file of listCaseFiles(root)) {
      const rel = relative(ctx.cwd, file);
      const loaded = loadCaseFile(readFileSync(file, 'utf8'), rel);
      if (!loaded.ok) {
        invalid++;
        for (const i of loaded.issues) println(ctx.stderr, `[${i.code}] ${i.messageZh}\n  ${i.message}`);
        continue;
      }
      for (const c of loaded.cases) results.push(runConformanceCase(c, rel, rb));
    }
    const failed = results.filter((r) => !r.pass);
    for (const r of results) {
      if (values.json) println(ctx.stdout, JSON.stringify(r));
      else if (!r.pass) {
        println(ctx.stdout, `✗ ${r.source}: ${r.name} (${[r.citation].flat().join('; ')})`);
        if (r.error) println(ctx.stdout, `    ${r.error}`);
        for (const d of r.differences) println(ctx.stdout, `    ${d.path}: expected ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)}`);
      }
    }
    println(ctx.stderr, `${results.length} cases: ${results.length - failed.length} passed, ${failed.length} failed${invalid ? `; ${invalid} invalid files` : ''}`);
    if (invalid) return EXIT.INPUT;
    return failed.length ? EXIT.FINDINGS : EXIT.OK;
  },
};
