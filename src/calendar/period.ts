import { fail } from '../_lib/issues/index.js';
import { MAX_DAY_NUMBER, MIN_DAY_NUMBER, dayNumberFromParts, daysInMonth, fromDayNumber, toDayNumber, type CalendarDate } from './date.js';
import type { HolidayCalendar } from './holidays.js';
import { defaultHolidayCalendar } from './holidays.js';
import { rollDayNumber } from './working.js';

/**
 * A period of exactly one unit: whole days, months or years (民法典第二百条). Negative values count
 * backwards ("n days before").
 *
 * @example
 * ```ts
 * const p: Period = { months: 3 };
 * const before: Period = { days: -60 };
 * ```
 */
export type Period =
  | { readonly days: number; readonly months?: never; readonly years?: never }
  | { readonly months: number; readonly days?: never; readonly years?: never }
  | { readonly years: number; readonly days?: never; readonly months?: never };

/**
 * Options of {@link addPeriod}.
 *
 * @example
 * ```ts
 * const deadline: AddPeriodOptions = { rollToWorkingDay: true };
 * ```
 */
export interface AddPeriodOptions {
  /**
   * Apply 民法典第二百零三条 (Civil Code Art. 203): when the last day is a rest day, the period ends
   * on the next working day. Use it only for deadlines a party must act by (e.g. a renewal
   * deadline), never for minimum waiting periods such as a publicity period. Default `false`.
   */
  readonly rollToWorkingDay?: boolean;
  /** Calendar for `rollToWorkingDay`; default {@link defaultHolidayCalendar}. */
  readonly calendar?: HolidayCalendar;
}

function badPeriod(reason: string): never {
  fail('INVALID_ARGUMENT', { name: 'period', reason });
}

/**
 * Adds a period to a date following 民法典 (Civil Code) Arts. 200–203:
 *
 * - Art. 201: the first day is not counted, so `{ days: n }` ends n days after `date`
 *   (2025-01-01 + 10 days = 2025-01-11).
 * - Art. 202: a month or year period ends on the same-numbered day of the final month, or on the
 *   last day of that month when that day does not exist (2025-01-31 + 1 month = 2025-02-28;
 *   2024-02-29 + 1 year = 2025-02-28). Months are counted from `date` directly, never chained month
 *   by month (2025-01-31 + 2 months = 2025-03-31).
 * - Art. 203 (only with `rollToWorkingDay: true`): a last day that is a rest day moves to the next
 *   working day (always forward, also for negative periods).
 *
 * `period` must have exactly one of `days`, `months`, `years`, a safe integer (negative allowed).
 *
 * @throws XinfengError `INVALID_CALENDAR_DATE` for an invalid date; `INVALID_ARGUMENT` for a
 * malformed period or a result outside 0001–9999; `CALENDAR_YEAR_NOT_COVERED` when rolling needs a
 * year the calendar does not cover.
 * @example
 * ```ts
 * addPeriod('2025-01-31', { months: 1 });                            // '2025-02-28'
 * addPeriod('2025-01-01', { days: 10 });                             // '2025-01-11'
 * addPeriod('2025-09-21', { days: 10 }, { rollToWorkingDay: true }); // '2025-10-09'
 * ```
 */
export function addPeriod(date: CalendarDate, period: Period, options?: AddPeriodOptions): CalendarDate {
  const start = toDayNumber(date);
  if (typeof period !== 'object' || period === null) badPeriod('expected { days } | { months } | { years }');
  const p = period as { days?: unknown; months?: unknown; years?: unknown };
  let unit: 'days' | 'months' | 'years' | undefined;
  let count = 0;
  let keys = 0;
  for (const k of ['days', 'months', 'years'] as const) {
    if (p[k] !== undefined) {
      keys++;
      unit = k;
      const v = p[k];
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) badPeriod(`${k} must be an integer, got ${String(v)}`);
      count = v;
    }
  }
  if (keys !== 1 || unit === undefined) badPeriod('exactly one of days, months or years is required');

  let end: number;
  if (unit === 'days') {
    end = start + count;
  } else {
    // Recover y/m/d from the validated string (cheap, no allocation).
    const year = Number(date.slice(0, 4));
    const month = Number(date.slice(5, 7));
    const day = Number(date.slice(8, 10));
    const months = unit === 'years' ? count * 12 : count;
    const total = year * 12 + (month - 1) + months;
    const y = Math.floor(total / 12);
    const m = total - y * 12 + 1;
    if (y < 1 || y > 9999) badPeriod(`the result falls outside the years 0001–9999`);
    end = dayNumberFromParts(y, m, Math.min(day, daysInMonth(y, m)));
  }
  if (end < MIN_DAY_NUMBER || end > MAX_DAY_NUMBER) badPeriod('the result falls outside the years 0001–9999');
  if (options?.rollToWorkingDay) end = rollDayNumber(end, options.calendar ?? defaultHolidayCalendar);
  return end === start ? date : fromDayNumber(end);
}
