import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve, basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { checkDate, type CliCommand, EXIT, optString, requireString, UsageError } from '../command.js';
import { loadRulebookOption, println } from '../util.js';
import { makeIssue, XinfengError, type Issue } from '../../_lib/issues/index.js';
import { csvLine, normalizeDate, toHalfWidth } from '../../io/index.js';
import { PERMIT_STATUSES, planPermitReminders, type PermitReminder, type PermitStatus } from '../../services/index.js';

/** Header aliases of the permits CSV (canonical name first). */
const PERMIT_COLUMNS: readonly { name: string; field: string; aliases: readonly string[]; required: boolean; date?: boolean }[] = [
  { name: 'permit_type', field: 'permitType', aliases: ['许可证类型', '许可类型', '证照类型', 'type'], required: true },
  { name: 'permit_number', field: 'number', aliases: ['许可证编号', '证书编号', '编号', 'number'], required: true },
  { name: 'holder_uscc', field: 'holderUscc', aliases: ['持证单位统一社会信用代码', '统一社会信用代码', 'uscc'], required: true },
  { name: 'holder_name', field: 'holderName', aliases: ['持证单位名称', '持证单位', '单位名称', 'holder'], required: false },
  { name: 'issued_on', field: 'issuedOn', aliases: ['发证日期', '核发日期', 'issued'], required: true, date: true },
  { name: 'expires_on', field: 'expiresOn', aliases: ['有效期至', '有效期截止日期', '到期日期', 'expires'], required: true, date: true },
  { name: 'renewal_filed_on', field: 'renewalFiledOn', aliases: ['延续申请日期', '换证申请日期', 'renewal_filed'], required: false, date: true },
];

const key = (h: string): string => toHalfWidth(h).trim().toLowerCase().replace(/[\s_\-（）()]/g, '');

const STATUS_ZH: Readonly<Record<PermitStatus, string>> = {
  overdue: '已逾期未申请',
  due: '提醒期内',
  expired: '已过期',
  upcoming: '尚未到提醒期',
  renewalFiled: '已申请延续',
};

/** Reads a permits CSV into permit objects (dates normalised) and header faults. */
function readPermits(file: string): { rows: { line: number; value: Record<string, string> }[]; issues: Issue[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new XinfengError(makeIssue('FILE_READ_FAILED', { file, reason: (e as Error).message }));
  }
  const records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  const header = records[0];
  if (!header) throw new XinfengError(makeIssue('FILE_READ_FAILED', { file, reason: 'empty file (no header row)' }));
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    const k = key(h);
    for (const c of PERMIT_COLUMNS) if (key(c.name) === k || c.aliases.some((a) => key(a) === k)) index.set(c.field, i);
  });
  const missing = PERMIT_COLUMNS.filter((c) => c.required && !index.has(c.field)).map((c) => c.name);
  if (missing.length) {
    throw new XinfengError(makeIssue('FILE_READ_FAILED', { file, reason: `missing required column(s) ${missing.join(', ')}; found ${header.join(', ')}` }));
  }
  const rows = records.slice(1).map((fields, i) => {
    const value: Record<string, string> = {};
    for (const c of PERMIT_COLUMNS) {
      const at = index.get(c.field);
      const raw = at === undefined ? '' : (fields[at] ?? '').trim();
      if (raw === '') continue;
      // Dates in export formats (2025/6/30, 2025年6月30日) are normalised; unreadable ones are kept and rejected.
      value[c.field] = c.date ? (normalizeDate(raw) ?? raw) : raw;
    }
    return { line: i + 2, value };
  });
  return { rows, issues: [] };
}

function reminderRow(r: PermitReminder): string[] {
  return [
    r.status,
    STATUS_ZH[r.status],
    r.permitTypeZh,
    r.permit.number,
    r.holderUscc,
    r.permit.holderName ?? '',
    r.permit.issuedOn,
    r.permit.expiresOn,
    'calendarDays' in r.renewalLeadTime ? `${r.renewalLeadTime.calendarDays}日` : `${r.renewalLeadTime.workingDays}个工作日`,
    r.nominalDeadline,
    r.deadline,
    r.adjustment,
    r.provisional ? 'yes' : 'no',
    String(r.daysToDeadline),
    String(r.daysToExpiry),
    r.reminders.map((x) => `T-${x.daysBeforeDeadline}:${x.date}`).join(' '),
    r.nextReminder ?? '',
    r.filedOnTime === undefined ? '' : r.filedOnTime ? 'yes' : 'no',
    r.source.status,
    [r.source.title, r.source.article].filter(Boolean).join(' '),
    r.warnings.map((w) => w.code).join(' '),
  ];
}

const CSV_HEADER = [
  'status', 'status_zh', 'permit_type', 'permit_number', 'holder_uscc', 'holder_name', 'issued_on', 'expires_on', 'lead_time',
  'nominal_deadline', 'deadline', 'rest_day_adjustment', 'provisional', 'days_to_deadline', 'days_to_expiry', 'reminders',
  'next_reminder', 'filed_on_time', 'rule_status', 'rule_source', 'warnings',
];

/** `xinfeng reminders`: renewal deadlines, reminder schedule and status of time-limited permits. */
export const remindersCommand: CliCommand = {
  name: 'reminders',
  summary: 'Renewal deadlines and reminders for time-limited permits (排污/危废/辐射 …) on a date',
  summaryZh: '限定期限行政许可续期提醒：续期截止日、提醒时点与状态',
  help: `Usage: xinfeng reminders --permits FILE --as-of YYYY-MM-DD [--out FILE] [--json] [--status LIST] [--rulebook FILE]

For each permit in FILE (CSV: permit_type, permit_number, holder_uscc, holder_name, issued_on,
expires_on[, renewal_filed_on]; Chinese headers such as 许可证类型/许可证编号/有效期至 are accepted)
computes the renewal deadline from the rulebook (排污许可证 60 days, 危险废物经营许可证 30 working
days, 辐射安全许可证 30 days before expiry), with the legal calendar: a calendar-day deadline on a
rest day moves to the previous working day (rulebook services.permits.deadlineRestDayRule), so
filing on it always leaves the full lead time. Reminder dates: services.permits.reminderOffsetsDays
(default T-90/T-60/T-30 before the deadline). Deadlines in years without a published holiday
calendar are provisional (weekends only) and flagged.

Statuses: overdue (deadline passed, not expired), due (within the reminder window), expired,
upcoming, renewalFiled (renewal_filed_on on or before the date).

Options:
  --permits FILE   the permits CSV (UTF-8)
  --as-of DATE     the date the reminders are computed for
  --out FILE       also write every permit to FILE as CSV (UTF-8 with BOM, opens in Excel)
  --json           print JSON (reminders, rejected rows, counts) instead of text
  --status LIST    print only these statuses (comma-separated), e.g. overdue,due
  --rulebook FILE  a rulebook JSON file (default: the bundled cn-sh-minhang)

Exit codes: 0 done (rows that cannot be read are listed with their line and reason);
2 usage; 3 the file or rulebook cannot be read.`,
  options: {
    permits: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    status: { type: 'string' },
    rulebook: { type: 'string' },
  },
  async run({ values }, ctx) {
    const file = requireString(values, 'permits');
    const asOf = requireString(values, 'as-of');
    checkDate(asOf, 'as-of');
    const statusFilter = optString(values, 'status');
    const wanted = statusFilter ? statusFilter.split(',').map((s) => s.trim()).filter(Boolean) : [...PERMIT_STATUSES];
    for (const s of wanted) if (!PERMIT_STATUSES.includes(s as PermitStatus)) throw new UsageError(`unknown status "${s}" (expected ${PERMIT_STATUSES.join(', ')})`);
    const rb = loadRulebookOption(optString(values, 'rulebook'), ctx.cwd);
    const path = resolve(ctx.cwd, file);
    const { rows } = readPermits(path);
    const result = planPermitReminders(rows.map((r) => r.value), { rulebook: rb, asOf });
    const lineOf = (index: number): number => rows[index]?.line ?? index + 2;

    const out = optString(values, 'out');
    if (out) {
      const target = resolve(ctx.cwd, out);
      mkdirSync(dirname(target), { recursive: true });
      const body = [csvLine(CSV_HEADER), ...result.reminders.map((r) => csvLine(reminderRow(r)))].join('');
      writeFileSync(target, `\uFEFF${body}`);
      ctx.stderr.write(`xinfeng reminders: wrote ${result.reminders.length} rows to ${out}\n`);
    }
    const shown = result.reminders.filter((r) => wanted.includes(r.status));
    if (values.json) {
      println(
        ctx.stdout,
        JSON.stringify(
          {
            asOf,
            stamp: result.stamp,
            counts: result.counts,
            reminders: shown,
            rejected: result.rejected.map((r) => ({ line: lineOf(r.index), issues: r.issues })),
            warnings: result.warnings,
          },
          null,
          2,
        ),
      );
      return EXIT.OK;
    }
    println(ctx.stdout, `限定期限许可续期提醒 permit renewal reminders — ${basename(path)} — 计算日 as of ${asOf}`);
    println(ctx.stdout, `规则集 rulebook ${rb.id} sha256 ${result.stamp.rulebookHash}`);
    const c = result.counts;
    println(
      ctx.stdout,
      `${result.reminders.length} permits: ${c.overdue} overdue 已逾期, ${c.due} due 提醒期内, ${c.expired} expired 已过期, ${c.upcoming} upcoming, ${c.renewalFiled} renewal filed 已申请; ${result.rejected.length} rejected`,
    );
    let last: PermitStatus | undefined;
    for (const r of shown) {
      if (r.status !== last) {
        println(ctx.stdout);
        println(ctx.stdout, `[${r.status}] ${STATUS_ZH[r.status]}`);
        last = r.status;
      }
      const lead = 'calendarDays' in r.renewalLeadTime ? `${r.renewalLeadTime.calendarDays}日` : `${r.renewalLeadTime.workingDays}个工作日`;
      println(ctx.stdout, `  ${r.permitTypeZh} ${r.permit.number}  ${r.permit.holderName ?? ''} ${r.holderUscc}`);
      const adj = r.adjustment !== 'none' ? `（${r.nominalDeadline} 为休息日，${r.adjustment === 'previousWorkingDay' ? '提前至前一工作日' : '顺延至下一工作日'}）` : '';
      println(
        ctx.stdout,
        `    有效期至 ${r.permit.expiresOn}；提前 ${lead} → 续期申请截止 ${r.deadline}${adj}${r.provisional ? ' [暂定 provisional]' : ''}；距截止 ${r.daysToDeadline} 天`,
      );
      println(ctx.stdout, `    提醒 ${r.reminders.map((x) => `T-${x.daysBeforeDeadline} ${x.date}${x.when === 'today' ? '（今日）' : ''}`).join('，')}${r.nextReminder ? `；下次提醒 ${r.nextReminder}` : ''}`);
      println(ctx.stdout, `    依据 [${r.source.status}] ${[r.source.title, r.source.article].filter(Boolean).join(' ')}`);
      for (const w of r.warnings) println(ctx.stdout, `    ⚠ ${w.messageZh}`);
    }
    if (result.rejected.length) {
      println(ctx.stdout);
      println(ctx.stdout, '[rejected] 无法处理的行');
      for (const r of result.rejected) for (const i of r.issues) println(ctx.stdout, `  line ${lineOf(r.index)}: [${i.code}] ${i.messageZh}`);
    }
    for (const w of result.warnings) ctx.stderr.write(`xinfeng reminders: ⚠ ${w.messageZh}\n`);
    return EXIT.OK;
  },
};
