import { fail } from '../_lib/issues/index.js';
import { fromDayNumber, toDayNumber, type CalendarDate } from './date.js';
import {
  DAY_HOLIDAY,
  DAY_MAKEUP_WORK,
  DAY_UNCOVERED,
  DAY_WORK,
  defaultHolidayCalendar,
  describeCovered,
  type HolidayCalendar,
} from './holidays.js';

/**
 * Options of the working-day functions.
 *
 * @example
 * ```ts
 * const opts: WorkingDayOptions = { calendar: createHolidayCalendar([y2027], { base: defaultHolidayCalendar }) };
 * ```
 */
export interface WorkingDayOptions {
  /** The holiday calendar; default {@link defaultHolidayCalendar} (2024–2026). */
  readonly calendar?: HolidayCalendar;
}

/** @internal Kind of a day number; throws CALENDAR_YEAR_NOT_COVERED outside the calendar. */
export function dayKind(dayNumber: number, calendar: HolidayCalendar): number {
  const k = calendar.dayKinds[dayNumber - calendar.firstDay];
  if (k === undefined || k === DAY_UNCOVERED) {
    const date = fromDayNumber(dayNumber);
    fail('CALENDAR_YEAR_NOT_COVERED', { date, covered: describeCovered(calendar), year: date.slice(0, 4) });
  }
  return k;
}

/** @internal */
export function isWorkingKind(kind: number): boolean {
  return kind === DAY_WORK || kind === DAY_MAKEUP_WORK;
}

/**
 * True when `date` is a working day: Monday–Friday and not inside a statutory holiday block, or a
 * 调休 make-up working day (a Saturday or Sunday the State Council notice declares a working day).
 * O(1): a lookup in the calendar's precomputed table.
 *
 * @throws XinfengError `CALENDAR_YEAR_NOT_COVERED` when the calendar does not cover the date's year;
 * `INVALID_CALENDAR_DATE` when `date` is not a valid date.
 * @example
 * ```ts
 * isWorkingDay('2025-01-26'); // true  (Sunday, 调休 make-up day)
 * isWorkingDay('2025-01-28'); // false (春节)
 * isWorkingDay('2027-03-01'); // throws CALENDAR_YEAR_NOT_COVERED
 * ```
 */
export function isWorkingDay(date: CalendarDate, options?: WorkingDayOptions): boolean {
  return isWorkingKind(dayKind(toDayNumber(date), options?.calendar ?? defaultHolidayCalendar));
}

/**
 * True when `date` is a rest day: a weekend day that is not a make-up working day, or a day inside
 * a statutory holiday block. Always `!isWorkingDay(date)`.
 *
 * @throws XinfengError `CALENDAR_YEAR_NOT_COVERED` / `INVALID_CALENDAR_DATE` as {@link isWorkingDay}.
 * @example
 * ```ts
 * isRestDay('2025-02-01'); // true (春节 block)
 * isRestDay('2025-02-08'); // false (Saturday, 调休 make-up day)
 * ```
 */
export function isRestDay(date: CalendarDate, options?: WorkingDayOptions): boolean {
  return !isWorkingDay(date, options);
}

/**
 * True when `date` lies inside a statutory holiday block of the State Council notice (including
 * the weekend and 调休 days off inside the block), for example 2025-01-28 … 2025-02-04 (春节).
 * An ordinary weekend is not a statutory holiday.
 *
 * @throws XinfengError `CALENDAR_YEAR_NOT_COVERED` / `INVALID_CALENDAR_DATE` as {@link isWorkingDay}.
 * @example
 * ```ts
 * isStatutoryHoliday('2025-10-08'); // true  (国庆节、中秋节)
 * isStatutoryHoliday('2025-10-11'); // false (调休 make-up working Saturday)
 * isStatutoryHoliday('2025-03-01'); // false (ordinary Saturday)
 * ```
 */
export function isStatutoryHoliday(date: CalendarDate, options?: WorkingDayOptions): boolean {
  return dayKind(toDayNumber(date), options?.calendar ?? defaultHolidayCalendar) === DAY_HOLIDAY;
}

/** @internal Rolls a day number forward to the first working day on or after it. */
export function rollDayNumber(dayNumber: number, calendar: HolidayCalendar): number {
  let n = dayNumber;
  while (!isWorkingKind(dayKind(n, calendar))) n++;
  return n;
}

/**
 * The date itself when it is a working day, otherwise the next working day
 * (民法典第二百零三条 / Civil Code Art. 203: a deadline whose last day is a rest day ends on the
 * first working day after it).
 *
 * @throws XinfengError `CALENDAR_YEAR_NOT_COVERED` when the search reaches an uncovered year;
 * `INVALID_CALENDAR_DATE` when `date` is not a valid date.
 * @example
 * ```ts
 * rollToWorkingDay('2025-10-01'); // '2025-10-09'
 * rollToWorkingDay('2025-10-09'); // '2025-10-09'
 * ```
 */
export function rollToWorkingDay(date: CalendarDate, options?: WorkingDayOptions): CalendarDate {
  const start = toDayNumber(date);
  const n = rollDayNumber(start, options?.calendar ?? defaultHolidayCalendar);
  return n === start ? date : fromDayNumber(n);
}

/**
 * Adds `n` working days to `date`. The first day is not counted (民法典第二百零一条): for `n ≥ 1`
 * the result is the n-th working day **after** `date`, whether or not `date` itself is a working
 * day; 调休 make-up weekend days count as working days, statutory holidays and ordinary weekends
 * do not. For `n ≤ −1` it counts backwards: the |n|-th working day **before** `date` (e.g. "30
 * working days before expiry"). `n = 0` returns `date` unchanged (it is not rolled; use
 * {@link rollToWorkingDay} for that). The result is strictly increasing in `n`.
 *
 * @throws XinfengError `INVALID_ARGUMENT` when `n` is not a safe integer;
 * `CALENDAR_YEAR_NOT_COVERED` when the count reaches a year the calendar does not cover.
 * @example
 * ```ts
 * addWorkingDays('2025-09-30', 1);  // '2025-10-09' (国庆节、中秋节 1–8 October)
 * addWorkingDays('2025-09-30', 2);  // '2025-10-10'
 * addWorkingDays('2025-10-09', -1); // '2025-09-30'
 * ```
 */
export function addWorkingDays(date: CalendarDate, n: number, options?: WorkingDayOptions): CalendarDate {
  if (!Number.isSafeInteger(n)) fail('INVALID_ARGUMENT', { name: 'n', reason: `${String(n)} is not an integer` });
  let d = toDayNumber(date);
  if (n === 0) return date;
  const calendar = options?.calendar ?? defaultHolidayCalendar;
  const step = n > 0 ? 1 : -1;
  let left = n > 0 ? n : -n;
  while (left > 0) {
    d += step;
    if (isWorkingKind(dayKind(d, calendar))) left--;
  }
  return fromDayNumber(d);
}
