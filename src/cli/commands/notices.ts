import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import { checkDate, type CliCommand, EXIT, optString, requireString, UsageError } from '../command.js';
import { loadRulebookOption, println } from '../util.js';
import { makeIssue, XinfengError, type Issue, type IssueCode, type IssueParam } from '../../_lib/issues/index.js';
import { isCalendarDate } from '../../calendar/index.js';
import { parseUscc } from '../../uscc/index.js';
import { parameterAt, pickDatedValue, type Rulebook } from '../../rulebook/index.js';
import {
  PENALTY_KINDS,
  agencySettingsSchema,
  buildNotices,
  renderNoticeHtml,
  renderNoticeText,
  type AgencySettings,
  type CreditRepairNotice,
  type PenaltyDecision,
  type PenaltyKind,
} from '../../repair/index.js';

/** Columns of the decisions CSV (header names, any order). */
export const DECISION_COLUMNS = [
  'decision_no',
  'decision_date',
  'publication_date',
  'served_on',
  'party_name',
  'uscc',
  'party_type',
  'legal_rep',
  'authority',
  'violation_type',
  'penalty_kinds',
  'fine_yuan',
  'procedure',
  'sector',
  'tier',
  'serious_list',
  'market_regulation',
] as const;
const REQUIRED = ['decision_no', 'decision_date', 'party_name', 'authority', 'violation_type', 'penalty_kinds', 'procedure'] as const;

/** Header of notices.csv. */
export const NOTICES_CSV_HEADER = [
  'notice_no', 'decision_no', 'decision_date', 'party_name', 'uscc', 'tier', 'published', 'platforms', 'rule_sets', 'basis',
  'basis_date', 'minimum_period_end', 'earliest_repair_date', 'earliest_clear_date', 'maximum_period_end', 'automatic_end',
  'repairable', 'fine_payment_due', 'reminder_before', 'reminder_at', 'reminder_after', 'stops_counting_on', 'warnings',
  'txt_file', 'html_file', 'rulebook_id', 'rulebook_hash', 'as_of',
] as const;

/** Header of rejects.csv. */
export const REJECTS_CSV_HEADER = ['file', 'line', 'column', 'value', 'code', 'message'] as const;

/** One rejected input, located in its file. */
export interface NoticeReject {
  readonly file: string;
  readonly line: number;
  readonly column: string;
  readonly value: string;
  readonly issue: Issue;
}

const FINE_RE = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/**
 * Converts one decisions-CSV row (header → cell) into a {@link PenaltyDecision}, or the rejects that
 * explain why it cannot be used. Every cell is checked; all faults of a row are reported.
 *
 * @example
 * ```ts
 * const r = decisionFromRow({ decision_no: '闵市监处罚〔2025〕1号', … }, rulebook, 'decisions.csv', 2);
 * if (r.ok) r.decision.fineAmountFen;
 * ```
 */
export function decisionFromRow(
  row: Readonly<Record<string, string | undefined>>,
  rulebook: Rulebook,
  file: string,
  line: number,
): { ok: true; decision: PenaltyDecision } | { ok: false; rejects: NoticeReject[] } {
  const rejects: NoticeReject[] = [];
  const cell = (c: string) => (row[c] ?? '').trim();
  const bad = (column: string, reason: string, reasonZh: string, code: IssueCode = 'REPAIR_DECISION_FIELD_INVALID', params: Record<string, IssueParam> = {}) => {
    const value = cell(column);
    rejects.push({
      file,
      line,
      column,
      value,
      issue: makeIssue(code, { column, reason, reasonZh, ...params }, { location: { file, line, column, value } }),
    });
  };
  for (const c of REQUIRED) if (cell(c) === '') bad(c, 'required value is empty', '必填项为空');
  const date = (c: string, required: boolean): string | undefined => {
    const v = cell(c);
    if (v === '') return undefined;
    if (!isCalendarDate(v)) {
      bad(c, 'expected a calendar date YYYY-MM-DD', '应为日期（YYYY-MM-DD）');
      return undefined;
    }
    void required;
    return v;
  };
  const decisionDate = date('decision_date', true);
  const publicationDate = date('publication_date', false);
  const servedOn = date('served_on', false);
  if (decisionDate && publicationDate && publicationDate < decisionDate) bad('publication_date', 'is before the decision date', '早于处罚决定日期');
  if (decisionDate && servedOn && servedOn < decisionDate) bad('served_on', 'is before the decision date', '早于处罚决定日期');

  const kinds: PenaltyKind[] = [];
  const rawKinds = cell('penalty_kinds');
  if (rawKinds !== '') {
    for (const k of rawKinds.split(/[|;；、]/).map((s) => s.trim()).filter(Boolean)) {
      if ((PENALTY_KINDS as readonly string[]).includes(k)) {
        if (!kinds.includes(k as PenaltyKind)) kinds.push(k as PenaltyKind);
      } else bad('penalty_kinds', `unknown penalty kind "${k}" (allowed: ${PENALTY_KINDS.join(', ')})`, `未知的处罚种类“${k}”`);
    }
  }
  const procedure = cell('procedure');
  if (procedure !== '' && procedure !== 'simple' && procedure !== 'ordinary') bad('procedure', 'expected simple or ordinary', '应为 simple（简易程序）或 ordinary（普通程序）');
  let fineAmountFen: number | undefined;
  const fy = cell('fine_yuan').replace(/,/g, '');
  if (fy !== '') {
    const m = FINE_RE.exec(fy);
    if (!m) bad('fine_yuan', 'expected an amount in yuan with at most two decimals', '应为元金额，最多两位小数');
    else fineAmountFen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  }
  if (fineAmountFen !== undefined && !kinds.includes('fine')) bad('fine_yuan', 'a fine amount is given but penalty_kinds has no "fine"', '填写了罚款金额但处罚种类中没有 fine');
  const partyType = cell('party_type') || 'organisation';
  if (partyType !== 'organisation' && partyType !== 'person') bad('party_type', 'expected organisation or person', '应为 organisation 或 person');
  let uscc: string | undefined;
  if (cell('uscc') !== '') {
    const r = parseUscc(cell('uscc'));
    if (r.ok) uscc = r.code;
    else {
      const value = cell('uscc');
      rejects.push({ file, line, column: 'uscc', value, issue: makeIssue(r.issue.code, r.issue.params, { location: { file, line, column: 'uscc', value } }) });
    }
  } else if (partyType === 'organisation') bad('uscc', 'required for an organisation', '单位当事人必须填写统一社会信用代码');
  const tier = cell('tier');
  if (tier !== '' && tier !== 'minor' && tier !== 'general' && tier !== 'serious') bad('tier', 'expected minor, general or serious', '应为 minor、general 或 serious');
  const bool = (c: string): boolean | undefined => {
    const v = cell(c).toLowerCase();
    if (v === '') return undefined;
    if (['true', '1', 'yes', '是'].includes(v)) return true;
    if (['false', '0', 'no', '否'].includes(v)) return false;
    bad(c, 'expected true or false', '应为 true 或 false');
    return undefined;
  };
  const seriousList = bool('serious_list');
  const marketRegulation = bool('market_regulation');
  const sector = cell('sector');
  if (sector !== '' && decisionDate) {
    const sv = pickDatedValue(parameterAt(rulebook, 'repair.sectors').values as { from: string; to?: string; value: { id: string }[]; source: never }[], decisionDate);
    if (sv && !sv.value.some((s) => s.id === sector)) bad('sector', `unknown sector (known: ${sv.value.map((s) => s.id).join(', ')})`, '规则集中没有该行业领域');
  }
  if (rejects.length) return { ok: false, rejects };
  const d: PenaltyDecision = {
    decisionNo: cell('decision_no'),
    decisionDate: decisionDate!,
    partyName: cell('party_name'),
    partyType: partyType as 'organisation' | 'person',
    authority: cell('authority'),
    violationType: cell('violation_type'),
    penaltyKinds: kinds,
    procedure: procedure as 'simple' | 'ordinary',
  };
  if (publicationDate) d.publicationDate = publicationDate;
  if (servedOn) d.servedOn = servedOn;
  if (uscc) d.uscc = uscc;
  if (cell('legal_rep')) d.legalRep = cell('legal_rep');
  if (fineAmountFen !== undefined) d.fineAmountFen = fineAmountFen;
  if (sector) d.sector = sector;
  if (tier) d.tier = tier as 'minor' | 'general' | 'serious';
  if (seriousList !== undefined) d.seriousList = seriousList;
  if (marketRegulation !== undefined) d.marketRegulation = marketRegulation;
  return { ok: true, decision: d };
}

// Excel formula injection: a free-text cell must not start with = + - @ (or tab / CR).
function safeCell(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

function fileStem(noticeNo: string): string {
  return noticeNo.replace(/[\\/:*?"<>|\s\x00-\x1f]/g, '_');
}

function noticeRow(n: CreditRepairNotice, txt: string, html: string): string[] {
  const p = n.publication;
  return [
    n.noticeNo, n.penalty.decisionNo, n.penalty.decisionDate, n.party.name, n.party.uscc ?? '', p.tier, String(p.willBePublished),
    p.platforms.map((x) => x.id).join('|'), n.window.ruleSetIds.join('|'), p.basis, p.basisDate, p.minimumPeriodEnd ?? '',
    p.earliestRepairDate ?? '', p.earliestClearDate ?? '', p.maximumPeriodEnd ?? '', p.automaticEnd ?? '', String(n.repair.repairable),
    n.deadlines.finePaymentDue ?? '', n.reminders.beforeEligible ?? '', n.reminders.atEligible ?? '', n.reminders.afterEligibleIfUnrepaired ?? '',
    n.stopsCountingOn ?? '', n.warnings.map((w) => w.code).join('|'), txt, html, n.stamp.rulebookId, n.stamp.rulebookHash, n.stamp.asOf,
  ].map(safeCell);
}

/** `xinfeng notices`: 两书同达 credit-repair notices for a decisions CSV. */
export const noticesCommand: CliCommand = {
  name: 'notices',
  summary: 'Credit-repair notices (两书同达) for penalty decisions: CSV summary plus one text and HTML document each',
  summaryZh: '为行政处罚决定生成信用修复告知书（两书同达）：汇总CSV及每件决定的文本和HTML文书',
  help: `Usage: xinfeng notices --decisions FILE --agency FILE --as-of YYYY-MM-DD --out DIR [--rulebook FILE] [--encoding utf-8|gbk]

Reads penalty decisions (CSV with a header row) and the agency settings (JSON), computes for each
decision whether and where it is published, its tier (轻微/一般/严重), minimum and maximum publicity
periods by the rule set in force (NDRC Order 58 / Order 36 by decision date; SAMR Order 45 and repair
rules by publication date), the earliest repair date, the automatic end and the date the record stops
counting in the credit grade, and writes:

  DIR/notices.csv        one row per notice (${NOTICES_CSV_HEADER.length} columns, sorted by decision date and number)
  DIR/notices.json       the structured notices
  DIR/notices/<no>.txt   the 信用修复告知书 as plain text (UTF-8)
  DIR/notices/<no>.html  the same as a printable HTML page
  DIR/rejects.csv        rows that could not be used: file,line,column,value,code,message

Decisions CSV columns (any order; * = required):
  decision_no*, decision_date*, publication_date, served_on, party_name*, uscc (required for
  organisations), party_type (organisation|person), legal_rep, authority*, violation_type*,
  penalty_kinds* (separated by |: ${PENALTY_KINDS.join(', ')}), fine_yuan, procedure* (simple|ordinary),
  sector (rulebook ids, e.g. food, drug, specialEquipment, workSafety, fire, marketRegulation),
  tier (minor|general|serious, set by the authority), serious_list (true|false),
  market_regulation (true|false; default from the sector)

Agency JSON: { "name", "contact": { "dept", "phone", "address"? }, "objectionChannel",
  "noticeNumberPattern": "闵市监信修告〔{year}〕{seq:5}号", "startSequence"? }

Options:
  --decisions FILE   decisions CSV
  --agency FILE      agency settings JSON
  --as-of DATE       computation date (stamp, rule staleness, decisions after it are flagged)
  --out DIR          output directory (created if missing)
  --rulebook FILE    a rulebook JSON file (default: the bundled cn-sh-minhang)
  --encoding ENC     encoding of the decisions CSV: utf-8 (default) or gbk

Exit codes: 0 all decisions produced notices; 1 some rows were rejected (see rejects.csv);
2 usage; 3 unreadable or invalid input (missing column, bad agency settings, broken rulebook).`,
  options: {
    decisions: { type: 'string' },
    agency: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
    rulebook: { type: 'string' },
    encoding: { type: 'string' },
  },
  async run({ values }, ctx) {
    const decisionsFile = requireString(values, 'decisions');
    const agencyFile = requireString(values, 'agency');
    const asOf = requireString(values, 'as-of');
    const outDir = resolve(ctx.cwd, requireString(values, 'out'));
    checkDate(asOf, 'as-of');
    const encoding = (optString(values, 'encoding') ?? 'utf-8').toLowerCase();
    if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'gbk') throw new UsageError(`--encoding must be utf-8 or gbk, got "${encoding}"`);
    const rulebook = loadRulebookOption(optString(values, 'rulebook'), ctx.cwd);

    const read = (f: string): Buffer => {
      try {
        return readFileSync(resolve(ctx.cwd, f));
      } catch (e) {
        throw new XinfengError(makeIssue('FILE_READ_FAILED', { file: f, reason: (e as Error).message }));
      }
    };
    let agencyJson: unknown;
    try {
      agencyJson = JSON.parse(read(agencyFile).toString('utf8'));
    } catch (e) {
      if (e instanceof XinfengError) throw e;
      throw new XinfengError(makeIssue('REPAIR_AGENCY_INVALID', { path: agencyFile, reason: (e as Error).message }));
    }
    const ag = agencySettingsSchema.safeParse(agencyJson);
    if (!ag.success) {
      const i = ag.error.issues[0]!;
      throw new XinfengError(makeIssue('REPAIR_AGENCY_INVALID', { path: `${agencyFile}: ${i.path.join('.') || '$'}`, reason: i.message }));
    }
    const agency: AgencySettings = ag.data;

    const buf = read(decisionsFile);
    const text = encoding === 'gbk' ? iconv.decode(buf, 'gbk') : buf.toString('utf8');
    let records: { record: string[]; info: { lines: number } }[];
    try {
      records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as { record: string[]; info: { lines: number } }[];
    } catch (e) {
      throw new XinfengError(makeIssue('FILE_READ_FAILED', { file: decisionsFile, reason: (e as Error).message }));
    }
    const header = (records[0]?.record ?? []).map((h) => h.trim());
    const missing = REQUIRED.filter((c) => !header.includes(c));
    if (missing.length) throw new XinfengError(makeIssue('REPAIR_DECISIONS_MISSING_COLUMN', { file: decisionsFile, columns: missing.join(', ') }));
    const unknownCols = header.filter((h) => !(DECISION_COLUMNS as readonly string[]).includes(h));
    if (unknownCols.length) println(ctx.stderr, `xinfeng notices: ignoring unknown column(s): ${unknownCols.join(', ')}`);

    const rejects: NoticeReject[] = [];
    const decisions: PenaltyDecision[] = [];
    const lineOf = new Map<string, number[]>();
    for (let i = 1; i < records.length; i++) {
      const { record, info } = records[i]!;
      const line = info.lines;
      const row: Record<string, string> = {};
      header.forEach((h, j) => (row[h] = record[j] ?? ''));
      if (record.length !== header.length) {
        const value = String(record.length);
        rejects.push({ file: decisionsFile, line, column: '*', value, issue: makeIssue('REPAIR_DECISION_FIELD_INVALID', { column: '*', reason: `expected ${header.length} fields, found ${record.length}`, reasonZh: `应有${header.length}个字段，实际${record.length}个` }, { location: { file: decisionsFile, line, column: '*', value } }) });
        continue;
      }
      const r = decisionFromRow(row, rulebook, decisionsFile, line);
      if (!r.ok) {
        rejects.push(...r.rejects);
        continue;
      }
      decisions.push(r.decision);
      const l = lineOf.get(r.decision.decisionNo) ?? [];
      l.push(line);
      lineOf.set(r.decision.decisionNo, l);
    }
    // Duplicates: every copy is rejected (a notice number must not depend on row order).
    const unique = decisions.filter((d) => {
      const lines = lineOf.get(d.decisionNo)!;
      if (lines.length === 1) return true;
      return false;
    });
    for (const [no, lines] of lineOf) {
      if (lines.length < 2) continue;
      for (const line of lines) {
        rejects.push({ file: decisionsFile, line, column: 'decision_no', value: no, issue: makeIssue('REPAIR_DECISION_DUPLICATE', { decisionNo: no, firstLine: lines[0]! }, { location: { file: decisionsFile, line, column: 'decision_no', value: no } }) });
      }
    }

    const batch = buildNotices(unique, agency, { rulebook, asOf });
    mkdirSync(join(outDir, 'notices'), { recursive: true });
    const rows: string[][] = [];
    let published = 0;
    let warned = 0;
    for (const n of batch.notices) {
      const stem = fileStem(n.noticeNo);
      const txt = join('notices', `${stem}.txt`);
      const html = join('notices', `${stem}.html`);
      writeFileSync(join(outDir, txt), renderNoticeText(n));
      writeFileSync(join(outDir, html), renderNoticeHtml(n));
      rows.push(noticeRow(n, txt, html));
      if (n.publication.willBePublished) published++;
      if (n.warnings.length) warned++;
    }
    writeFileSync(join(outDir, 'notices.csv'), stringify([[...NOTICES_CSV_HEADER], ...rows]));
    writeFileSync(join(outDir, 'notices.json'), `${JSON.stringify({ stamp: batch.stamp, notices: batch.notices }, null, 2)}\n`);
    rejects.sort((a, b) => a.line - b.line || (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
    writeFileSync(
      join(outDir, 'rejects.csv'),
      stringify([[...REJECTS_CSV_HEADER], ...rejects.map((r) => [r.file, String(r.line), r.column, r.value, r.issue.code, `${r.issue.messageZh} / ${r.issue.message}`].map(safeCell))]),
    );
    println(
      ctx.stderr,
      `xinfeng notices: ${records.length - 1} decisions read; ${batch.notices.length} notices written (${published} published, ${batch.notices.length - published} not published, ${warned} with warnings); ${rejects.length} rejects → ${outDir}`,
    );
    return rejects.length ? EXIT.FINDINGS : EXIT.OK;
  },
};
