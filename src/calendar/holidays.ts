import { z } from 'zod';
import { fail } from '../_lib/issues/index.js';
import { isCalendarDate, toDayNumber, dayNumberFromParts, weekdayOfDayNumber } from './date.js';
import cn2024 from '../../data/calendar/cn-2024.json';
import cn2025 from '../../data/calendar/cn-2025.json';
import cn2026 from '../../data/calendar/cn-2026.json';

const calendarDateSchema = z.string().refine(isCalendarDate, { message: 'not a valid YYYY-MM-DD date' });

/**
 * Zod schema of one year's holiday data (the shape of `data/calendar/cn-YYYY.json`): the State
 * Council's yearly notice on holiday arrangements (国务院办公厅关于YYYY年部分节假日安排的通知).
 *
 * - `holidays`: the statutory rest blocks, each `from`–`to` inclusive, **including** the weekend and
 *   调休 days off inside the block.
 * - `workdays`: the 调休 make-up working days (always a Saturday or Sunday).
 *
 * Dates may fall in the neighbouring years (a 元旦 block can start on 30 December), but every date
 * must be a valid `YYYY-MM-DD`, `from ≤ to`, and no make-up working day may lie inside a holiday block.
 *
 * @example
 * ```ts
 * const year2027 = holidayCalendarSchema.parse(JSON.parse(text));
 * const cal = createHolidayCalendar([year2027], { base: defaultHolidayCalendar });
 * ```
 */
export const holidayCalendarSchema = z
  .strictObject({
    year: z.int().min(1).max(9999),
    source: z.strictObject({
      title: z.string().min(1),
      docNo: z.string().min(1).optional(),
      url: z.url().optional(),
      status: z.enum(['confirmed', 'secondary', 'inferred']),
      lastVerifiedOn: calendarDateSchema,
    }),
    holidays: z.array(
      z.strictObject({
        name: z.string().min(1),
        from: calendarDateSchema,
        to: calendarDateSchema,
      }),
    ),
    workdays: z.array(calendarDateSchema),
  })
  .superRefine((data, ctx) => {
    const inRange = (d: string): boolean => {
      const y = Number(d.slice(0, 4));
      return y >= data.year - 1 && y <= data.year + 1;
    };
    const blocks: [number, number][] = [];
    data.holidays.forEach((h, i) => {
      if (!isCalendarDate(h.from) || !isCalendarDate(h.to)) return;
      const a = toDayNumber(h.from);
      const b = toDayNumber(h.to);
      if (a > b) ctx.addIssue({ code: 'custom', path: ['holidays', i, 'to'], message: `"to" (${h.to}) is before "from" (${h.from})` });
      if (!inRange(h.from) || !inRange(h.to)) {
        ctx.addIssue({ code: 'custom', path: ['holidays', i], message: `dates must lie within ${data.year} ± 1 year` });
      }
      blocks.push([a, b]);
    });
    data.workdays.forEach((w, i) => {
      if (!isCalendarDate(w)) return;
      const n = toDayNumber(w);
      if (weekdayOfDayNumber(n) < 6) {
        ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `make-up working day ${w} is not a Saturday or Sunday` });
      }
      if (!inRange(w)) ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `date must lie within ${data.year} ± 1 year` });
      if (blocks.some(([a, b]) => n >= a && n <= b)) {
        ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `make-up working day ${w} lies inside a holiday block` });
      }
    });
  });

/**
 * One year of holiday data, as validated by {@link holidayCalendarSchema}.
 *
 * @example
 * ```ts
 * const y: HolidayCalendarYear = {
 *   year: 2027,
 *   source: { title: '国务院办公厅关于2027年部分节假日安排的通知', status: 'confirmed', lastVerifiedOn: '2026-11-26' },
 *   holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
 *   workdays: [],
 * };
 * ```
 */
export type HolidayCalendarYear = z.infer<typeof holidayCalendarSchema>;

/** @internal Kinds of day in the precomputed table. */
export const DAY_UNCOVERED = 0;
/** @internal Monday–Friday, not a holiday. */
export const DAY_WORK = 1;
/** @internal Saturday/Sunday, not a holiday and not a make-up day. */
export const DAY_WEEKEND = 2;
/** @internal Inside a statutory holiday block. */
export const DAY_HOLIDAY = 3;
/** @internal A 调休 make-up working day. */
export const DAY_MAKEUP_WORK = 4;

/**
 * A working-day calendar built from one or more years of State Council holiday notices.
 * Build one with {@link createHolidayCalendar}; use {@link defaultHolidayCalendar} for 2024–2026.
 * The object is frozen; `firstDay`/`dayKinds` are a precomputed table (one byte per day) that
 * makes every working-day question O(1).
 *
 * @example
 * ```ts
 * const cal: HolidayCalendar = defaultHolidayCalendar;
 * cal.years.map((y) => y.source.docNo); // ['国办发明电〔2023〕7号', '国办发明电〔2024〕12号', undefined]
 * ```
 */
export interface HolidayCalendar {
  readonly kind: 'xinfeng.holidayCalendar';
  /** The validated year data, sorted by year. */
  readonly years: readonly HolidayCalendarYear[];
  /** Covered years, ascending. */
  readonly coveredYears: readonly number[];
  /** @internal Day number of index 0 of `dayKinds`. */
  readonly firstDay: number;
  /** @internal One entry per day from 1 January of the first to 31 December of the last covered year. */
  readonly dayKinds: Uint8Array;
}

function describePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : `${out ? '.' : ''}${String(seg)}`;
  return out;
}

function validateYear(data: unknown, where: string): HolidayCalendarYear {
  const r = holidayCalendarSchema.safeParse(data);
  if (!r.success) {
    const first = r.error.issues[0];
    const sub = first ? describePath(first.path) : '';
    fail('CALENDAR_DATA_INVALID', {
      path: sub ? `${where}${sub.startsWith('[') ? '' : '.'}${sub}` : where,
      reason: first?.message ?? 'invalid',
    });
  }
  return r.data;
}

function build(years: readonly HolidayCalendarYear[]): HolidayCalendar {
  const sorted = [...years].sort((a, b) => a.year - b.year);
  const covered = sorted.map((y) => y.year);
  const frozenYears = Object.freeze(sorted.map((y) => deepFreeze(structuredClone(y))));
  if (sorted.length === 0) {
    return Object.freeze({
      kind: 'xinfeng.holidayCalendar',
      years: frozenYears,
      coveredYears: Object.freeze(covered),
      firstDay: 0,
      dayKinds: new Uint8Array(0),
    });
  }
  const firstYear = covered[0]!;
  const lastYear = covered[covered.length - 1]!;
  const firstDay = dayNumberFromParts(firstYear, 1, 1);
  const end = dayNumberFromParts(lastYear + 1, 1, 1);
  const kinds = new Uint8Array(end - firstDay);
  for (const y of covered) {
    const a = dayNumberFromParts(y, 1, 1);
    const b = dayNumberFromParts(y + 1, 1, 1);
    for (let n = a; n < b; n++) kinds[n - firstDay] = weekdayOfDayNumber(n) >= 6 ? DAY_WEEKEND : DAY_WORK;
  }
  // Entries apply only to covered days (a 元旦 block reaching into an uncovered year is ignored).
  const set = (n: number, kind: number): void => {
    const i = n - firstDay;
    if (i >= 0 && i < kinds.length && kinds[i] !== DAY_UNCOVERED) kinds[i] = kind;
  };
  for (const y of sorted) {
    for (const h of y.holidays) {
      const b = toDayNumber(h.to);
      for (let n = toDayNumber(h.from); n <= b; n++) set(n, DAY_HOLIDAY);
    }
  }
  for (const y of sorted) for (const w of y.workdays) set(toDayNumber(w), DAY_MAKEUP_WORK);
  return Object.freeze({
    kind: 'xinfeng.holidayCalendar',
    years: frozenYears,
    coveredYears: Object.freeze(covered),
    firstDay,
    dayKinds: kinds,
  });
}

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/**
 * Builds a {@link HolidayCalendar} from year data (for example a 2027 notice the library does not
 * ship yet). Each entry is validated with {@link holidayCalendarSchema}. With `options.base`, the
 * base calendar's years are included and a supplied year replaces the base's data for that year.
 *
 * @throws XinfengError `CALENDAR_DATA_INVALID` (naming the path, e.g. `years[0].workdays[2]`) when an
 * entry is invalid or two entries have the same year.
 * @example
 * ```ts
 * const cal = createHolidayCalendar([cn2027Data], { base: defaultHolidayCalendar });
 * coveredYears(cal); // [2024, 2025, 2026, 2027]
 * isWorkingDay('2027-03-01', { calendar: cal });
 * ```
 */
export function createHolidayCalendar(
  years: readonly unknown[],
  options: { base?: HolidayCalendar } = {},
): HolidayCalendar {
  if (!Array.isArray(years)) fail('CALENDAR_DATA_INVALID', { path: 'years', reason: 'expected an array of year data' });
  const byYear = new Map<number, HolidayCalendarYear>();
  for (const y of options.base?.years ?? []) byYear.set(y.year, y);
  const seen = new Set<number>();
  years.forEach((raw, i) => {
    const y = validateYear(raw, `years[${i}]`);
    if (seen.has(y.year)) fail('CALENDAR_DATA_INVALID', { path: `years[${i}].year`, reason: `duplicate year ${y.year}` });
    seen.add(y.year);
    byYear.set(y.year, y);
  });
  return build([...byYear.values()]);
}

/**
 * The years a calendar covers, ascending. Working-day questions about any other year throw
 * `CALENDAR_YEAR_NOT_COVERED`.
 *
 * @example
 * ```ts
 * coveredYears(defaultHolidayCalendar); // [2024, 2025, 2026]
 * ```
 */
export function coveredYears(calendar: HolidayCalendar): readonly number[] {
  return calendar.coveredYears;
}

/**
 * The shipped mainland-China working-day calendar: the State Council holiday notices for 2024
 * (国办发明电〔2023〕7号), 2025 (国办发明电〔2024〕12号) and 2026, from `data/calendar/cn-YYYY.json`,
 * validated when the module loads.
 *
 * @example
 * ```ts
 * isWorkingDay('2025-01-26', { calendar: defaultHolidayCalendar }); // true (调休 Sunday)
 * ```
 */
export const defaultHolidayCalendar: HolidayCalendar = build([
  validateYear(cn2024 as unknown, 'data/calendar/cn-2024.json'),
  validateYear(cn2025 as unknown, 'data/calendar/cn-2025.json'),
  validateYear(cn2026 as unknown, 'data/calendar/cn-2026.json'),
]);

/** @internal Formats the covered years for an error message. */
export function describeCovered(calendar: HolidayCalendar): string {
  return calendar.coveredYears.length ? calendar.coveredYears.join(', ') : 'none';
}
