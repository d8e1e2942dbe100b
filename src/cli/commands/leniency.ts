import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { checkDate, type CliCommand, EXIT, optString, requireString, UsageError } from '../command.js';
import { loadRulebookOption, println } from '../util.js';
import { canonicalJson } from '../../_lib/hash.js';
import { isXinfengError, makeIssue, XinfengError, type Issue } from '../../_lib/issues/index.js';
import { csvLine } from '../../io/csv-write.js';
import { detectEncoding } from '../../io/encoding.js';
import {
  caseFromFlatRecord,
  decideLeniency,
  decisionToFlatRow,
  defaultLeniencyLists,
  ledgerEntryFromFlatRecord,
  LENIENCY_RESULTS_HEADER,
  loadLeniencyList,
  parseLedger,
  OUTCOME_LABELS,
  type CaseFactsInput,
  type LedgerEntry,
  type LeniencyDecision,
  type LeniencyList,
  type Outcome,
} from '../../leniency/index.js';

function readText(file: string, cwd: string): { text: string; path: string } {
  const path = resolve(cwd, file);
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new XinfengError(makeIssue('FILE_READ_FAILED', { file, reason: (e as Error).message }));
  }
  // District exports are often GB18030; detect from the bytes.
  const enc = detectEncoding(buf.subarray(0, 65536));
  const text = enc === 'utf8' ? buf.toString('utf8').replace(/^\uFEFF/, '') : iconv.decode(buf, enc);
  return { text, path };
}

function parseCsvRecords(text: string, file: string): Record<string, string>[] {
  try {
    return parse(text, { columns: true, skip_empty_lines: true, trim: false }) as Record<string, string>[];
  } catch (e) {
    throw new XinfengError(makeIssue('LENIENCY_CASES_FILE_INVALID', { file, reason: (e as Error).message }));
  }
}

interface Reject {
  readonly record: number;
  readonly caseId: string;
  readonly issues: readonly Issue[];
}

/** Reads cases (and an optional embedded ledger) from a JSON or CSV file; malformed records become rejects. */
function readCases(file: string, cwd: string): { cases: { record: number; input: unknown }[]; ledger: unknown[] | undefined; csvRejects: Reject[] } {
  const { text } = readText(file, cwd);
  if (extname(file).toLowerCase() === '.csv') {
    const rows = parseCsvRecords(text, file);
    const cases: { record: number; input: unknown }[] = [];
    const csvRejects: Reject[] = [];
    rows.forEach((row, i) => {
      try {
        cases.push({ record: i + 2, input: caseFromFlatRecord(row) });
      } catch (e) {
        if (!isXinfengError(e)) throw e;
        csvRejects.push({ record: i + 2, caseId: row.caseId ?? '', issues: e.issues });
      }
    });
    return { cases, ledger: undefined, csvRejects };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new XinfengError(makeIssue('LENIENCY_CASES_FILE_INVALID', { file, reason: (e as Error).message }));
  }
  const arr = Array.isArray(data) ? data : (data as { cases?: unknown })?.cases;
  if (!Array.isArray(arr)) throw new XinfengError(makeIssue('LENIENCY_CASES_FILE_INVALID', { file, reason: 'expected an array of cases or { "cases": [...] }' }));
  const ledger = Array.isArray(data) ? undefined : (data as { ledger?: unknown }).ledger;
  if (ledger !== undefined && !Array.isArray(ledger)) throw new XinfengError(makeIssue('LENIENCY_CASES_FILE_INVALID', { file, reason: '"ledger" must be an array' }));
  return { cases: arr.map((input, i) => ({ record: i + 1, input })), ledger: ledger as unknown[] | undefined, csvRejects: [] };
}

function readLedger(file: string, cwd: string): unknown[] {
  const { text } = readText(file, cwd);
  if (extname(file).toLowerCase() === '.csv') return parseCsvRecords(text, file).map(ledgerEntryFromFlatRecord);
  try {
    const data = JSON.parse(text) as unknown;
    const arr = Array.isArray(data) ? data : (data as { ledger?: unknown })?.ledger;
    if (!Array.isArray(arr)) throw new Error('expected an array of ledger entries or { "ledger": [...] }');
    return arr;
  } catch (e) {
    throw new XinfengError(makeIssue('LENIENCY_CASES_FILE_INVALID', { file, reason: (e as Error).message }));
  }
}

function readListsDir(dir: string, cwd: string): LeniencyList[] {
  const path = resolve(cwd, dir);
  let files: string[];
  try {
    files = readdirSync(path).filter((f) => f.toLowerCase().endsWith('.json')).sort();
  } catch (e) {
    throw new XinfengError(makeIssue('FILE_READ_FAILED', { file: dir, reason: (e as Error).message }));
  }
  return files.map((f) => loadLeniencyList(readText(join(path, f), cwd).text, { source: join(dir, f) }));
}

function caseIdOf(input: unknown): string {
  const id = (input as { caseId?: unknown })?.caseId;
  return typeof id === 'string' ? id : '';
}
function occurredOf(input: unknown): string {
  const d = (input as { dates?: { occurredAt?: unknown } })?.dates?.occurredAt;
  return typeof d === 'string' ? d : '';
}

/**
 * `xinfeng leniency`: decide a file of cases (JSON or CSV) against the 免罚/免强 lists.
 * @example
 * ```ts
 * await leniencyCommand.run({ values: { cases: 'cases.json', 'as-of': '2025-06-30', out: 'out.json' }, positionals: [] }, ctx);
 * ```
 */
export const leniencyCommand: CliCommand = {
  name: 'leniency',
  summary: 'Decide 轻微不罚 / 首违不罚 / 免强 eligibility for a file of cases, with legal basis and documents',
  summaryZh: '按免罚、免强清单判断案件是否不予处罚、从轻减轻或不予实施强制措施，给出法律依据和文书',
  help: `Usage: xinfeng leniency --cases FILE --as-of YYYY-MM-DD --out FILE
                        [--ledger FILE] [--lists DIR] [--no-default-lists]
                        [--ledger-out FILE] [--rulebook FILE]

Decides every case in FILE (.json: an array of cases or { "ledger": [...], "cases": [...] };
.csv: one case per row, columns as in FLAT_CASE_COLUMNS, with redLines.<id>, amounts.<name>,
mitigators.<id> and facts.<name> groups; UTF-8 or GB18030) under 行政处罚法 and the bundled
lists (SAMR 2025, national tax, Shanghai fire / city management / market / ecology, 长三角 免强).
Cases are decided in order of act date then case id, and each decision's 首违台账 entry is added
to the ledger before the next case, so a repeat offence in the same file is not a first offence.

Options:
  --cases FILE        cases to decide (.json or .csv)
  --as-of DATE        computation date; the decision date of cases without dates.decidedAt
  --out FILE          results: .json (full decisions, rejects and summary) or .csv (one row per case;
                      rejects go to FILE.rejects.csv)
  --ledger FILE       prior violations (.json array or .csv); added to a ledger embedded in the cases file
  --lists DIR         extra leniency lists: every *.json in DIR, validated
  --no-default-lists  decide on --lists only
  --ledger-out FILE   write the ledger with this run's new entries appended (JSON)
  --rulebook FILE     a rulebook JSON file (default: the bundled cn-sh-minhang)

Without a ledger, first-offence conditions are unknown and such cases come back as facts_needed.

Exit codes: 0 every case decided (facts_needed counts as decided); 1 some records were rejected
as malformed (see the rejects); 2 usage; 3 a file is unreadable or a list/rulebook is invalid.`,
  options: {
    cases: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
    ledger: { type: 'string' },
    lists: { type: 'string' },
    'no-default-lists': { type: 'boolean' },
    'ledger-out': { type: 'string' },
    rulebook: { type: 'string' },
  },
  async run({ values }, ctx) {
    const casesFile = requireString(values, 'cases');
    const out = requireString(values, 'out');
    const asOf = requireString(values, 'as-of');
    checkDate(asOf, 'as-of');
    const outExt = extname(out).toLowerCase();
    if (outExt !== '.json' && outExt !== '.csv') throw new UsageError('--out must end in .json or .csv');
    const rulebook = loadRulebookOption(optString(values, 'rulebook'), ctx.cwd);
    const listsDir = optString(values, 'lists');
    if (values['no-default-lists'] && !listsDir) throw new UsageError('--no-default-lists needs --lists DIR');
    const lists = [...(values['no-default-lists'] ? [] : defaultLeniencyLists()), ...(listsDir ? readListsDir(listsDir, ctx.cwd) : [])];

    const { cases, ledger: embedded, csvRejects } = readCases(casesFile, ctx.cwd);
    const ledgerFile = optString(values, 'ledger');
    const rawLedger = [...(embedded ?? []), ...(ledgerFile ? readLedger(ledgerFile, ctx.cwd) : [])];
    const hasLedger = embedded !== undefined || ledgerFile !== undefined;
    let ledger: LedgerEntry[];
    try {
      ledger = parseLedger(rawLedger);
    } catch (e) {
      if (isXinfengError(e)) throw new XinfengError(e.issues.map((i) => makeIssue(i.code, { ...i.params, index: `${i.params.index} (${ledgerFile ?? casesFile})` })) as [Issue, ...Issue[]]);
      throw e;
    }

    // Order of decision: act date, then case id — independent of the file's order.
    const order = [...cases].sort((a, b) => {
      const x = `${occurredOf(a.input)}\u0000${caseIdOf(a.input)}\u0000${canonicalJson(a.input)}`;
      const y = `${occurredOf(b.input)}\u0000${caseIdOf(b.input)}\u0000${canonicalJson(b.input)}`;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const rejects: Reject[] = [...csvRejects];
    const decisions: LeniencyDecision[] = [];
    const seen = new Set<string>();
    const added: LedgerEntry[] = [];
    for (const { record, input } of order) {
      const id = caseIdOf(input);
      if (id && seen.has(id)) {
        rejects.push({ record, caseId: id, issues: [makeIssue('LENIENCY_CASE_REJECTED', { record, file: casesFile, reason: `duplicate caseId ${id}` })] });
        continue;
      }
      try {
        const d = decideLeniency(input as CaseFactsInput, { asOf, rulebook, lists, ...(hasLedger ? { ledger } : {}) });
        decisions.push(d);
        seen.add(id);
        if (d.ledgerEntry) {
          ledger = [...ledger, d.ledgerEntry];
          added.push(d.ledgerEntry);
        }
      } catch (e) {
        if (!isXinfengError(e) || e.code !== 'LENIENCY_CASE_INVALID') throw e;
        rejects.push({ record, caseId: id, issues: e.issues });
      }
    }
    rejects.sort((a, b) => a.record - b.record);

    const counts: Partial<Record<Outcome, number>> = {};
    for (const d of decisions) counts[d.outcome] = (counts[d.outcome] ?? 0) + 1;
    const compulsory: Record<string, number> = {};
    for (const d of decisions) if (d.compulsory) compulsory[d.compulsory.outcome] = (compulsory[d.compulsory.outcome] ?? 0) + 1;
    const summary = {
      cases: cases.length + csvRejects.length,
      decided: decisions.length,
      rejected: rejects.length,
      outcomes: Object.fromEntries(Object.entries(counts).sort()),
      compulsory: Object.fromEntries(Object.entries(compulsory).sort()),
      manualReview: decisions.filter((d) => d.manualReview).length,
      ledgerEntriesAdded: added.length,
    };

    const outPath = resolve(ctx.cwd, out);
    if (outExt === '.json') {
      const doc = {
        asOf,
        rulebook: { id: rulebook.id, hash: decisions[0]?.stamp.rulebookHash ?? null },
        lists: lists.map((l) => ({ id: l.id, hash: l.hash })).sort((a, b) => (a.id < b.id ? -1 : 1)),
        summary,
        results: decisions,
        rejects: rejects.map((r) => ({ record: r.record, caseId: r.caseId, issues: r.issues.map((i) => ({ code: i.code, message: i.message, messageZh: i.messageZh, params: i.params })) })),
      };
      writeFileSync(outPath, `${JSON.stringify(doc, null, 2)}\n`);
    } else {
      let csv = csvLine(LENIENCY_RESULTS_HEADER);
      for (const d of decisions) csv += csvLine(decisionToFlatRow(d));
      writeFileSync(outPath, `\uFEFF${csv}`);
      let rj = csvLine(['record', 'case_id', 'code', 'message_zh', 'message']);
      for (const r of rejects) for (const i of r.issues) rj += csvLine([String(r.record), r.caseId, i.code, i.messageZh, i.message]);
      writeFileSync(`${outPath}.rejects.csv`, `\uFEFF${rj}`);
    }
    const ledgerOut = optString(values, 'ledger-out');
    if (ledgerOut) writeFileSync(resolve(ctx.cwd, ledgerOut), `${JSON.stringify(ledger, null, 2)}\n`);

    println(ctx.stdout, `免罚/免强判断 leniency decisions on ${asOf}: ${summary.decided} decided, ${summary.rejected} rejected (of ${summary.cases})`);
    for (const [o, n] of Object.entries(summary.outcomes)) println(ctx.stdout, `  ${OUTCOME_LABELS[o as Outcome].zh} ${o}: ${n}`);
    for (const [o, n] of Object.entries(summary.compulsory)) println(ctx.stdout, `  强制措施 compulsory ${o}: ${n}`);
    println(ctx.stdout, `  人工复核 manual review: ${summary.manualReview}; 台账新增 ledger entries added: ${summary.ledgerEntriesAdded}${hasLedger ? '' : ' (no ledger given: first-offence conditions are unknown)'}`);
    for (const r of rejects) for (const i of r.issues) println(ctx.stderr, `  record ${r.record}${r.caseId ? ` (${r.caseId})` : ''}: [${i.code}] ${i.messageZh}`);
    println(ctx.stdout, `  results → ${out}`);
    return rejects.length ? EXIT.FINDINGS : EXIT.OK;
  },
};
