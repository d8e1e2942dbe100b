/**
 * 限定期限行政许可全过程提醒 (reminders for time-limited permits, plan 三(一)2 「探索限定期限环境行政许可
 * 事项全过程提醒服务」): renewal deadline per permit type from the rulebook, computed with the legal
 * calendar, a reminder schedule, and a status on asOf.
 */
import { z } from 'zod';
import { fail, isXinfengError, makeIssue, type Issue } from '../_lib/issues/index.js';
import { closest } from '../_lib/suggest.js';
import {
  addPeriod,
  addWorkingDays,
  coveredYears,
  createHolidayCalendar,
  defaultHolidayCalendar,
  daysBetween,
  isCalendarDate,
  isWorkingDay,
  rollToWorkingDay,
  type CalendarDate,
  type HolidayCalendar,
} from '../calendar/index.js';
import { parseUscc } from '../uscc/index.js';
import { createRulebookReader, resultStamp, type ParameterRead, type Provenance, type ResultStamp, type Rulebook } from '../rulebook/index.js';
import type { permitTypeRuleSchema, renewalLeadTimeSchema, deadlineRestDayRuleSchema } from '../rulebook/areas/services.js';
import { eventDateSchema } from '../grading/schema.js';

/** A permit type's rule as stored in the rulebook. */
export type PermitTypeRule = z.infer<typeof permitTypeRuleSchema>;
/** A renewal lead time: `{ calendarDays }` or `{ workingDays }`. */
export type RenewalLeadTime = z.infer<typeof renewalLeadTimeSchema>;
/** How a calendar-day deadline on a rest day is adjusted. */
export type DeadlineRestDayRule = z.infer<typeof deadlineRestDayRuleSchema>;

/**
 * zod schema of a permit (许可证) to remind about. `permitType` is a rulebook permit-type id
 * (`pollutant-discharge`) or its Chinese name or alias (`排污许可证`). `expiresOn` is the last day of
 * validity (有效期至).
 *
 * @example
 * ```ts
 * permitSchema.parse({
 *   permitType: '排污许可证', number: '91310112MA1FL8X09J001P', holderUscc: '91310112MA1FL8X09J',
 *   holderName: '上海某化工有限公司', issuedOn: '2021-08-20', expiresOn: '2026-08-19',
 * });
 * ```
 */
export const permitSchema = z
  .strictObject({
    permitType: z.string().min(1),
    /** 许可证编号. */
    number: z.string().min(1),
    /** 持证单位统一社会信用代码. */
    holderUscc: z.string().min(1),
    holderName: z.string().optional(),
    issuedOn: eventDateSchema,
    expiresOn: eventDateSchema,
    /** Date the holder applied for renewal (延续申请日), if known. */
    renewalFiledOn: eventDateSchema.optional(),
  });

/** A permit (inferred from {@link permitSchema}). */
export type Permit = z.infer<typeof permitSchema>;

/** Status of a permit on asOf. */
export type PermitStatus =
  /** The renewal application was filed on or before asOf. */
  | 'renewalFiled'
  /** asOf is after the expiry date. */
  | 'expired'
  /** The renewal deadline has passed but the permit has not expired yet (already late). */
  | 'overdue'
  /** Inside the reminder window: on or after the first reminder, on or before the deadline. */
  | 'due'
  /** Before the first reminder. */
  | 'upcoming';

/**
 * Every permit status, most urgent first (the order reports list them in).
 *
 * @example
 * ```ts
 * PERMIT_STATUSES[0]; // 'overdue'
 * ```
 */
export const PERMIT_STATUSES: readonly PermitStatus[] = ['overdue', 'due', 'expired', 'upcoming', 'renewalFiled'];

/** A renewal deadline and how it was obtained. */
export interface RenewalDeadline {
  /** Expiry minus the lead time, before any rest-day adjustment. */
  readonly nominalDeadline: CalendarDate;
  /** The last day to apply for renewal. */
  readonly deadline: CalendarDate;
  /** The rest-day adjustment applied (`none` when the nominal day is a working day or no rule applies). */
  readonly adjustment: DeadlineRestDayRule;
  /** True when the holiday calendar did not cover a year needed and weekends only were assumed. */
  readonly provisional: boolean;
  /** Year(s) the calendar lacked, when provisional. */
  readonly uncoveredYears: readonly number[];
}

/** One scheduled reminder. */
export interface ScheduledReminder {
  /** Calendar days before the deadline. */
  readonly daysBeforeDeadline: number;
  readonly date: CalendarDate;
  /** `past` (before asOf), `today` (= asOf) or `future`. */
  readonly when: 'past' | 'today' | 'future';
}

/**
 * The reminder of one permit.
 *
 * @example
 * ```ts
 * const [r] = planPermitReminders([permit], { rulebook, asOf: '2025-06-30' }).reminders;
 * r.deadline; r.status; r.reminders.map((x) => x.date);
 * ```
 */
export interface PermitReminder {
  readonly permit: Permit;
  /** Rulebook permit-type id. */
  readonly permitTypeId: string;
  readonly permitTypeZh: string;
  /** The holder code, normalised when it parses. */
  readonly holderUscc: string;
  readonly renewalLeadTime: RenewalLeadTime;
  readonly nominalDeadline: CalendarDate;
  readonly deadline: CalendarDate;
  readonly adjustment: DeadlineRestDayRule;
  readonly provisional: boolean;
  readonly status: PermitStatus;
  /** For `renewalFiled`: whether it was filed on or before the deadline. */
  readonly filedOnTime?: boolean;
  /** deadline − asOf in days (negative once passed). */
  readonly daysToDeadline: number;
  /** expiresOn − asOf in days (negative once expired). */
  readonly daysToExpiry: number;
  readonly reminders: readonly ScheduledReminder[];
  /** The next reminder on or after asOf, if any. */
  readonly nextReminder?: CalendarDate;
  /** Source of the renewal rule (with its status marker). */
  readonly source: Provenance;
  readonly warnings: readonly Issue[];
}

/** A permit that could not be processed, with why. */
export interface RejectedPermit {
  /** Position in the input (0-based). */
  readonly index: number;
  readonly input: unknown;
  readonly issues: readonly Issue[];
}

/** Result of {@link planPermitReminders}. */
export interface PermitReminderResult {
  /** Sorted by status urgency, deadline, permit type, number, holder. */
  readonly reminders: readonly PermitReminder[];
  readonly rejected: readonly RejectedPermit[];
  readonly counts: Readonly<Record<PermitStatus, number>>;
  readonly warnings: readonly Issue[];
  readonly reads: readonly ParameterRead[];
  readonly stamp: ResultStamp;
}

/** Options of the permit functions. */
export interface PermitOptions {
  readonly rulebook: Rulebook;
  /** The day the reminders are computed for; the rules in force that day apply. */
  readonly asOf: CalendarDate;
  /** Holiday calendar (default: the State Council calendars shipped with xinfeng). */
  readonly calendar?: HolidayCalendar;
}

const provisionalCache = new WeakMap<HolidayCalendar, Map<string, HolidayCalendar>>();

/** `base` extended with weekends-only data for every uncovered year in [lo, hi]. */
function provisionalCalendar(base: HolidayCalendar, lo: number, hi: number): { calendar: HolidayCalendar; added: number[] } {
  const have = new Set(coveredYears(base));
  const added: number[] = [];
  for (let y = lo; y <= hi; y++) if (!have.has(y)) added.push(y);
  let byKey = provisionalCache.get(base);
  if (!byKey) provisionalCache.set(base, (byKey = new Map()));
  const key = `${lo}-${hi}`;
  let cal = byKey.get(key);
  if (!cal) {
    cal = createHolidayCalendar(
      added.map((year) => ({
        year,
        source: { title: 'xinfeng provisional calendar: weekends only (State Council notice not available)', status: 'inferred', lastVerifiedOn: '2026-11-26' },
        holidays: [],
        workdays: [],
      })),
      { base },
    );
    byKey.set(key, cal);
  }
  return { calendar: cal, added };
}

function computeDeadline(lead: RenewalLeadTime, expiresOn: CalendarDate, rule: DeadlineRestDayRule, calendar: HolidayCalendar): Omit<RenewalDeadline, 'provisional' | 'uncoveredYears'> {
  if ('workingDays' in lead) {
    // "N working days before expiry": the N-th working day before the expiry date — always a working day.
    const d = addWorkingDays(expiresOn, -lead.workingDays, { calendar });
    return { nominalDeadline: d, deadline: d, adjustment: 'none' };
  }
  const nominal = addPeriod(expiresOn, { days: -lead.calendarDays });
  if (rule === 'none' || isWorkingDay(nominal, { calendar })) return { nominalDeadline: nominal, deadline: nominal, adjustment: 'none' };
  // previousWorkingDay keeps the full lead time (the holder files earlier, never with fewer days left).
  const deadline = rule === 'previousWorkingDay' ? addWorkingDays(nominal, -1, { calendar }) : rollToWorkingDay(nominal, { calendar });
  return { nominalDeadline: nominal, deadline, adjustment: rule };
}

/**
 * The renewal deadline of a permit expiring on `expiresOn` under a rule: calendar-day lead times
 * count back from the expiry date (民法典第二百零一条: the expiry day itself is not counted), and a
 * deadline on a rest day moves per `restDayRule` (default in the rulebook: the previous working day,
 * so that filing on the deadline always leaves at least the full lead time); working-day lead times
 * are counted in working days of the legal calendar (调休 make-up days count, holidays do not).
 * Years the calendar lacks are counted as weekends-only and the result is flagged `provisional`.
 *
 * @example
 * ```ts
 * renewalDeadline({ calendarDays: 60 }, '2025-12-07', 'previousWorkingDay');
 * // nominal 2025-10-08 (国庆 holiday) → deadline '2025-09-30'
 * renewalDeadline({ workingDays: 30 }, '2025-11-14', 'none').deadline; // '2025-09-26'
 * ```
 */
export function renewalDeadline(
  lead: RenewalLeadTime,
  expiresOn: CalendarDate,
  restDayRule: DeadlineRestDayRule,
  options: { calendar?: HolidayCalendar } = {},
): RenewalDeadline {
  if (!isCalendarDate(expiresOn)) fail('INVALID_CALENDAR_DATE', { value: String(expiresOn) });
  const base = options.calendar ?? defaultHolidayCalendar;
  try {
    return { ...computeDeadline(lead, expiresOn, restDayRule, base), provisional: false, uncoveredYears: [] };
  } catch (e) {
    if (!isXinfengError(e) || e.code !== 'CALENDAR_YEAR_NOT_COVERED') throw e;
  }
  const covered = coveredYears(base);
  const year = Number(expiresOn.slice(0, 4));
  // Long lead times can reach back several years; 6 working-day years cover any rule the schema allows.
  const span = 'workingDays' in lead ? Math.ceil(lead.workingDays / 200) + 1 : Math.ceil(lead.calendarDays / 365) + 1;
  const lo = Math.max(1, Math.min(year - span, covered[0] ?? year));
  const hi = Math.min(9999, Math.max(year + 1, covered[covered.length - 1] ?? year));
  const { calendar, added } = provisionalCalendar(base, lo, hi);
  const r = computeDeadline(lead, expiresOn, restDayRule, calendar);
  const used = new Set([Number(r.nominalDeadline.slice(0, 4)), Number(r.deadline.slice(0, 4)), year]);
  const uncovered = added.filter((y) => y >= Math.min(...used) && y <= Math.max(...used));
  return { ...r, provisional: true, uncoveredYears: uncovered.length ? uncovered : [year] };
}

function statusOf(p: Permit, deadline: CalendarDate, firstReminder: CalendarDate, asOf: CalendarDate): PermitStatus {
  if (p.renewalFiledOn !== undefined && p.renewalFiledOn <= asOf) return 'renewalFiled';
  if (asOf > p.expiresOn) return 'expired';
  if (asOf > deadline) return 'overdue';
  if (asOf >= firstReminder) return 'due';
  return 'upcoming';
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Plans renewal reminders for time-limited permits on `asOf` (plan 三(一)2): for each permit the
 * renewal deadline by type (rulebook `services.permits.types.*`), the reminder dates
 * (`services.permits.reminderOffsetsDays` before the deadline) and a status: `overdue` (deadline
 * passed, not expired), `due` (within the reminder window), `expired`, `upcoming`, or
 * `renewalFiled`. Invalid permits are returned in `rejected` with reasons; output order does not
 * depend on input order.
 *
 * @example
 * ```ts
 * const { reminders, counts } = planPermitReminders(permits, { rulebook: defaultRulebook(), asOf: '2025-06-30' });
 * reminders.filter((r) => r.status === 'due').map((r) => [r.permit.number, r.deadline]);
 * ```
 */
export function planPermitReminders(permits: readonly unknown[], options: PermitOptions): PermitReminderResult {
  const { rulebook, asOf } = options;
  if (!isCalendarDate(asOf)) fail('INVALID_CALENDAR_DATE', { value: String(asOf) });
  const reader = createRulebookReader(rulebook, asOf);
  // Permit-type rules in force on asOf (a type with no value that day is unknown that day).
  const typeRules = new Map<string, { value: PermitTypeRule; source: Provenance }>();
  for (const id of Object.keys(rulebook.parameters.services.permits.types).sort()) {
    try {
      typeRules.set(id, reader.at(`services.permits.types.${id}` as 'services.permits.deadlineRestDayRule') as unknown as { value: PermitTypeRule; source: Provenance });
    } catch (e) {
      if (!isXinfengError(e) || e.code !== 'RULEBOOK_NO_VALUE_AT_DATE') throw e;
    }
  }
  const byName = new Map<string, string>();
  for (const [id, r] of typeRules) {
    for (const n of [id, r.value.nameZh, r.value.nameEn, ...r.value.aliases]) if (!byName.has(n)) byName.set(n, id);
  }
  const restRule = reader.get('services.permits.deadlineRestDayRule');
  const offsets = reader.get('services.permits.reminderOffsetsDays');
  const known = [...typeRules.keys()];
  const out: PermitReminder[] = [];
  const rejected: RejectedPermit[] = [];

  permits.forEach((raw, index) => {
    const parsed = permitSchema.safeParse(raw);
    if (!parsed.success) {
      rejected.push({
        index,
        input: raw,
        issues: parsed.error.issues.map((i) => makeIssue('SERVICES_PERMIT_INVALID', { index, path: i.path.join('.') || '(root)', reason: i.message })),
      });
      return;
    }
    const p = parsed.data;
    const typeId = byName.get(p.permitType.trim());
    if (typeId === undefined) {
      const names = known.flatMap((id) => [id, typeRules.get(id)!.value.nameZh]);
      const near = closest(p.permitType.trim(), names);
      rejected.push({
        index,
        input: raw,
        issues: [
          makeIssue('SERVICES_PERMIT_UNKNOWN_TYPE', {
            number: p.number,
            permitType: p.permitType,
            suggestion: near ? ` (did you mean "${near}"?)` : '',
            suggestionZh: near ? `（是否应为“${near}”？）` : '',
            known: names.join(', '),
          }),
        ],
      });
      return;
    }
    if (p.expiresOn < p.issuedOn) {
      rejected.push({ index, input: raw, issues: [makeIssue('SERVICES_PERMIT_DATES', { number: p.number, issuedOn: p.issuedOn, expiresOn: p.expiresOn })] });
      return;
    }
    const ruleAt = typeRules.get(typeId)!;
    const rule = ruleAt.value;
    const warnings: Issue[] = [];
    let holder = p.holderUscc;
    const u = parseUscc(p.holderUscc, { lenient: true });
    if (u.ok) {
      holder = u.code;
      warnings.push(...u.warnings);
    } else {
      warnings.push(makeIssue('SERVICES_PERMIT_HOLDER_USCC', { number: p.number, uscc: p.holderUscc, reason: u.issue.message, reasonZh: u.issue.messageZh }));
    }
    if (p.issuedOn > asOf) warnings.push(makeIssue('SERVICES_PERMIT_ISSUED_AFTER_ASOF', { number: p.number, issuedOn: p.issuedOn, asOf }));
    if (p.expiresOn > addPeriod(p.issuedOn, { years: rule.maxValidityYears })) {
      warnings.push(makeIssue('SERVICES_PERMIT_VALIDITY_TOO_LONG', { number: p.number, issuedOn: p.issuedOn, expiresOn: p.expiresOn, years: rule.maxValidityYears, permitType: rule.nameZh }));
    }
    const d = renewalDeadline(rule.renewalLeadTime, p.expiresOn, restRule, options.calendar ? { calendar: options.calendar } : {});
    if (d.provisional) {
      warnings.push(makeIssue('SERVICES_DEADLINE_PROVISIONAL', { number: p.number, year: d.uncoveredYears.join(', '), deadline: d.deadline }));
    }
    const reminders: ScheduledReminder[] = offsets.map((days) => {
      const date = addPeriod(d.deadline, { days: -days });
      return { daysBeforeDeadline: days, date, when: date < asOf ? 'past' : date === asOf ? 'today' : 'future' };
    });
    const first = reminders[0]!.date;
    const status = statusOf(p, d.deadline, first, asOf);
    const next = reminders.find((r) => r.when !== 'past');
    const item: { -readonly [K in keyof PermitReminder]: PermitReminder[K] } = {
      permit: p,
      permitTypeId: typeId,
      permitTypeZh: rule.nameZh,
      holderUscc: holder,
      renewalLeadTime: rule.renewalLeadTime,
      nominalDeadline: d.nominalDeadline,
      deadline: d.deadline,
      adjustment: d.adjustment,
      provisional: d.provisional,
      status,
      daysToDeadline: daysBetween(asOf, d.deadline),
      daysToExpiry: daysBetween(asOf, p.expiresOn),
      reminders,
      source: ruleAt.source,
      warnings,
    };
    if (status === 'renewalFiled') item.filedOnTime = p.renewalFiledOn! <= d.deadline;
    if (next && status !== 'renewalFiled' && status !== 'expired') item.nextReminder = next.date;
    out.push(item);
  });

  // Duplicate permit numbers (same type) are kept and flagged.
  const dup = new Map<string, number>();
  for (const r of out) dup.set(`${r.permitTypeId}\u0000${r.permit.number}`, (dup.get(`${r.permitTypeId}\u0000${r.permit.number}`) ?? 0) + 1);
  const warnings: Issue[] = [];
  for (const [k, count] of [...dup].sort((a, b) => cmp(a[0], b[0]))) {
    if (count < 2) continue;
    const [typeId, number] = k.split('\u0000') as [string, string];
    const zh = out.find((r) => r.permitTypeId === typeId)!.permitTypeZh;
    warnings.push(makeIssue('SERVICES_PERMIT_DUPLICATE', { number, permitType: zh, count }));
  }
  const rank = (s: PermitStatus): number => PERMIT_STATUSES.indexOf(s);
  out.sort(
    (a, b) =>
      rank(a.status) - rank(b.status) ||
      cmp(a.deadline, b.deadline) ||
      cmp(a.permitTypeId, b.permitTypeId) ||
      cmp(a.permit.number, b.permit.number) ||
      cmp(a.holderUscc, b.holderUscc) ||
      cmp(JSON.stringify(a.permit), JSON.stringify(b.permit)),
  );
  const counts = { overdue: 0, due: 0, expired: 0, upcoming: 0, renewalFiled: 0 } as Record<PermitStatus, number>;
  for (const r of out) counts[r.status]++;
  return { reminders: out, rejected, counts, warnings: [...warnings, ...reader.warnings], reads: reader.reads, stamp: resultStamp(rulebook, asOf) };
}
