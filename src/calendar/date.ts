import { fail } from '../_lib/issues/index.js';

/**
 * A calendar date: a `YYYY-MM-DD` string in the proleptic Gregorian calendar (years 0001–9999).
 *
 * xinfeng never uses `Date` objects in its public API: a legal date has no time of day and no time
 * zone (民法典第二百条: periods are counted in Gregorian years, months and days). Strings compare
 * correctly with `<`, serialise to JSON unchanged and read well in audit logs.
 *
 * @example
 * ```ts
 * const decided: CalendarDate = parseCalendarDate('2025-01-31');
 * ```
 */
export type CalendarDate = string;

/** Day number of 0001-01-01 (days since 1970-01-01). */
export const MIN_DAY_NUMBER = -719162;
/** Day number of 9999-12-31 (days since 1970-01-01). */
export const MAX_DAY_NUMBER = 2932896;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** @internal */
export function isLeapYear(year: number): boolean {
  return (year & 3) === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** @internal Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : DAYS_IN_MONTH[month - 1]!;
}

/** @internal Day number (days since 1970-01-01) of a valid y/m/d. Howard Hinnant's days_from_civil. */
export function dayNumberFromParts(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = (((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) | 0) + day - 1;
  const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Parses a `YYYY-MM-DD` string to its day number, or returns `NaN` when it is not a valid date.
 * Pure charCode arithmetic (no regex, no allocation): safe for hot loops.
 */
function tryDayNumber(text: string): number {
  if (text.length !== 10) return NaN;
  const c0 = text.charCodeAt(0) - 48;
  const c1 = text.charCodeAt(1) - 48;
  const c2 = text.charCodeAt(2) - 48;
  const c3 = text.charCodeAt(3) - 48;
  const c5 = text.charCodeAt(5) - 48;
  const c6 = text.charCodeAt(6) - 48;
  const c8 = text.charCodeAt(8) - 48;
  const c9 = text.charCodeAt(9) - 48;
  if (
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    // `>>> 0` folds negative values into huge ones: one unsigned comparison per digit.
    c0 >>> 0 > 9 ||
    c1 >>> 0 > 9 ||
    c2 >>> 0 > 9 ||
    c3 >>> 0 > 9 ||
    c5 >>> 0 > 9 ||
    c6 >>> 0 > 9 ||
    c8 >>> 0 > 9 ||
    c9 >>> 0 > 9
  ) {
    return NaN;
  }
  const year = c0 * 1000 + c1 * 100 + c2 * 10 + c3;
  const month = c5 * 10 + c6;
  const day = c8 * 10 + c9;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return dayNumberFromParts(year, month, day);
}

/**
 * True when `value` is a string of the exact form `YYYY-MM-DD` naming a real date
 * (month 01–12, day within the month, 29 February only in leap years, year 0001–9999).
 *
 * @example
 * ```ts
 * isCalendarDate('2024-02-29'); // true (leap year)
 * isCalendarDate('2025-02-29'); // false
 * isCalendarDate('2025-1-5');   // false (not zero-padded)
 * ```
 */
export function isCalendarDate(value: unknown): value is CalendarDate {
  return typeof value === 'string' && !Number.isNaN(tryDayNumber(value));
}

/**
 * Checks that `text` is a strict `YYYY-MM-DD` date and returns it.
 * No trimming and no other formats: normalise input at the I/O boundary.
 *
 * @throws XinfengError `INVALID_CALENDAR_DATE` when `text` is not a valid date.
 * @example
 * ```ts
 * parseCalendarDate('2025-01-31'); // '2025-01-31'
 * parseCalendarDate('2025-02-30'); // throws INVALID_CALENDAR_DATE
 * ```
 */
export function parseCalendarDate(text: string): CalendarDate {
  if (typeof text !== 'string' || Number.isNaN(tryDayNumber(text))) {
    fail('INVALID_CALENDAR_DATE', { value: String(text) });
  }
  return text;
}

/**
 * The day number of a date: days since 1970-01-01 (proleptic Gregorian, no time zone).
 * Fast (charCode arithmetic, no regex, no allocation): meant for hot loops.
 *
 * @throws XinfengError `INVALID_CALENDAR_DATE` when `date` is not a valid date.
 * @example
 * ```ts
 * toDayNumber('1970-01-02'); // 1
 * toDayNumber('2025-01-01'); // 20089
 * ```
 */
export function toDayNumber(date: CalendarDate): number {
  const n = tryDayNumber(date);
  if (n !== n) fail('INVALID_CALENDAR_DATE', { value: String(date) });
  return n;
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

function formatDayNumber(dayNumber: number): CalendarDate {
  // Howard Hinnant's civil_from_days.
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36524) | 0) - ((doe / 146096) | 0)) / 365) | 0;
  const doy = doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0));
  const mp = ((5 * doy + 2) / 153) | 0;
  const day = doy - (((153 * mp + 2) / 5) | 0) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const yy = year >= 1000 ? String(year) : String(year).padStart(4, '0');
  return `${yy}-${TWO_DIGITS[month]!}-${TWO_DIGITS[day]!}`;
}

// Lazily filled cache of formatted dates for 2000-01-01 .. 2099-12-31 (36,525 entries at most).
const CACHE_FIRST = 10957; // 2000-01-01
const CACHE_SIZE = 36525;
const formatCache: (string | undefined)[] = new Array<string | undefined>(CACHE_SIZE);

/**
 * The date with the given day number (days since 1970-01-01).
 *
 * @throws XinfengError `INVALID_ARGUMENT` when `dayNumber` is not an integer between
 * 0001-01-01 and 9999-12-31.
 * @example
 * ```ts
 * fromDayNumber(0);     // '1970-01-01'
 * fromDayNumber(20089); // '2025-01-01'
 * ```
 */
export function fromDayNumber(dayNumber: number): CalendarDate {
  const i = dayNumber - CACHE_FIRST;
  if (i >= 0 && i < CACHE_SIZE && Number.isInteger(i)) {
    const hit = formatCache[i];
    if (hit !== undefined) return hit;
    const s = formatDayNumber(dayNumber);
    formatCache[i] = s;
    return s;
  }
  if (!Number.isInteger(dayNumber) || dayNumber < MIN_DAY_NUMBER || dayNumber > MAX_DAY_NUMBER) {
    fail('INVALID_ARGUMENT', {
      name: 'dayNumber',
      reason: `${String(dayNumber)} is not an integer day number between 0001-01-01 and 9999-12-31`,
    });
  }
  return formatDayNumber(dayNumber);
}

/**
 * Compares two dates: negative when `a` is earlier, 0 when equal, positive when later
 * (exactly -1, 0 or 1). Usable as an `Array.prototype.sort` comparator.
 *
 * @throws XinfengError `INVALID_CALENDAR_DATE` when either argument is not a valid date.
 * @example
 * ```ts
 * ['2025-03-01', '2024-12-31'].sort(compareDates); // ['2024-12-31', '2025-03-01']
 * ```
 */
export function compareDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  const x = toDayNumber(a);
  const y = toDayNumber(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Whole days from `from` to `to` (`to − from`): positive when `to` is later.
 * Consistent with Civil Code Art. 201: `daysBetween(d, addPeriod(d, { days: n })) === n`.
 *
 * @throws XinfengError `INVALID_CALENDAR_DATE` when either argument is not a valid date.
 * @example
 * ```ts
 * daysBetween('2025-01-01', '2025-01-11'); // 10
 * daysBetween('2024-02-28', '2024-03-01'); // 2 (leap year)
 * ```
 */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** @internal ISO weekday of a day number: 1 = Monday … 7 = Sunday. */
export function weekdayOfDayNumber(dayNumber: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/**
 * ISO day of the week: 1 = Monday … 6 = Saturday, 7 = Sunday.
 *
 * @throws XinfengError `INVALID_CALENDAR_DATE` when `date` is not a valid date.
 * @example
 * ```ts
 * dayOfWeek('2025-01-26'); // 7 (a Sunday — but a 调休 working day in 2025)
 * ```
 */
export function dayOfWeek(date: CalendarDate): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  return weekdayOfDayNumber(toDayNumber(date)) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}

/**
 * The earliest of one or more dates.
 *
 * @throws XinfengError `INVALID_CALENDAR_DATE` when any argument is not a valid date.
 * @example
 * ```ts
 * minDate('2025-06-01', '2025-03-15', '2025-12-31'); // '2025-03-15'
 * ```
 */
export function minDate(first: CalendarDate, ...rest: readonly CalendarDate[]): CalendarDate {
  let best = first;
  let bestN = toDayNumber(first);
  for (const d of rest) {
    const n = toDayNumber(d);
    if (n < bestN) {
      bestN = n;
      best = d;
    }
  }
  return best;
}

/**
 * The latest of one or more dates.
 *
 * @throws XinfengError `INVALID_CALENDAR_DATE` when any argument is not a valid date.
 * @example
 * ```ts
 * maxDate('2025-06-01', '2025-03-15', '2025-12-31'); // '2025-12-31'
 * ```
 */
export function maxDate(first: CalendarDate, ...rest: readonly CalendarDate[]): CalendarDate {
  let best = first;
  let bestN = toDayNumber(first);
  for (const d of rest) {
    const n = toDayNumber(d);
    if (n > bestN) {
      bestN = n;
      best = d;
    }
  }
  return best;
}
