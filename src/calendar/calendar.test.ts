import { describe, expect, it } from 'vitest';
import { isXinfengError } from '../_lib/issues/index.js';
import cn2024 from '../../data/calendar/cn-2024.json';
import cn2025 from '../../data/calendar/cn-2025.json';
import cn2026 from '../../data/calendar/cn-2026.json';
import {
  addPeriod,
  addWorkingDays,
  compareDates,
  coveredYears,
  createHolidayCalendar,
  dayOfWeek,
  daysBetween,
  defaultHolidayCalendar,
  fromDayNumber,
  holidayCalendarSchema,
  isCalendarDate,
  isRestDay,
  isStatutoryHoliday,
  isWorkingDay,
  maxDate,
  minDate,
  parseCalendarDate,
  rollToWorkingDay,
  toDayNumber,
  type HolidayCalendarYear,
} from './index.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (isXinfengError(e)) return e.code;
    throw e;
  }
  return undefined;
}

function errorOf(fn: () => unknown): { code: string; params: Record<string, unknown> } {
  try {
    fn();
  } catch (e) {
    if (isXinfengError(e)) return { code: e.code, params: e.issue.params };
    throw e;
  }
  throw new Error('expected a XinfengError');
}

/** A HYPOTHETICAL 2027 year (test fixture only, not the real notice). */
const hypothetical2027: HolidayCalendarYear = {
  year: 2027,
  source: { title: '测试用假想 2027 年日历 (test fixture)', status: 'inferred', lastVerifiedOn: '2026-11-26' },
  holidays: [
    { name: '元旦', from: '2027-01-01', to: '2027-01-03' },
    { name: '春节', from: '2027-02-06', to: '2027-02-13' },
  ],
  workdays: ['2027-02-14'],
};

describe('dates', () => {
  it('parses strict YYYY-MM-DD and rejects everything else', () => {
    expect(parseCalendarDate('2025-01-31')).toBe('2025-01-31');
    expect(parseCalendarDate('2024-02-29')).toBe('2024-02-29');
    expect(isCalendarDate('2000-02-29')).toBe(true);
    for (const bad of [
      '2025-02-29',
      '1900-02-29',
      '2025-1-05',
      ' 2025-01-05',
      '2025/01/05',
      '2025-13-01',
      '2025-00-10',
      '2025-01-32',
      '2025-04-31',
      '0000-01-01',
      '2025-01-0a',
      '２０２５-01-01',
      '',
    ]) {
      expect(isCalendarDate(bad), bad).toBe(false);
      expect(codeOf(() => parseCalendarDate(bad)), bad).toBe('INVALID_CALENDAR_DATE');
    }
    expect(isCalendarDate(20250101)).toBe(false);
    expect(errorOf(() => toDayNumber('2025-02-30')).params).toEqual({ value: '2025-02-30' });
  });

  it('day numbers: known values and round trip', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('1969-12-31')).toBe(-1);
    expect(toDayNumber('2000-03-01')).toBe(11017);
    expect(toDayNumber('2025-01-01')).toBe(20089);
    expect(fromDayNumber(toDayNumber('0001-01-01'))).toBe('0001-01-01');
    expect(fromDayNumber(toDayNumber('9999-12-31'))).toBe('9999-12-31');
    const start = toDayNumber('1899-12-25');
    const end = toDayNumber('2101-01-05');
    let prev = '';
    const bad: string[] = [];
    for (let n = start; n <= end; n++) {
      const s = fromDayNumber(n);
      // Strictly increasing strings, exact round trip, cached path agrees.
      if (!(s > prev) || toDayNumber(s) !== n || fromDayNumber(n) !== s || !isCalendarDate(s)) bad.push(s);
      prev = s;
    }
    expect(bad).toEqual([]);
    expect(codeOf(() => fromDayNumber(1.5))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => fromDayNumber(Number.NaN))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => fromDayNumber(3_000_000))).toBe('INVALID_ARGUMENT');
  });

  it('compare, difference, weekday, min and max', () => {
    expect(compareDates('2025-01-01', '2024-12-31')).toBe(1);
    expect(compareDates('2024-12-31', '2025-01-01')).toBe(-1);
    expect(compareDates('2025-01-01', '2025-01-01')).toBe(0);
    expect(daysBetween('2025-01-01', '2025-01-11')).toBe(10);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-02-28', '2025-03-01')).toBe(1);
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('2025-01-01')).toBe(3);
    expect(dayOfWeek('2025-01-26')).toBe(7);
    expect(dayOfWeek('2026-02-14')).toBe(6);
    expect(minDate('2025-06-01', '2025-03-15', '2025-12-31')).toBe('2025-03-15');
    expect(maxDate('2025-06-01', '2025-03-15', '2025-12-31')).toBe('2025-12-31');
    expect(minDate('2025-06-01')).toBe('2025-06-01');
    expect(codeOf(() => maxDate('2025-06-01', '2025-06-31'))).toBe('INVALID_CALENDAR_DATE');
  });
});

describe('addPeriod (民法典第二百零一至二百零三条)', () => {
  it('Art. 201: the first day is not counted', () => {
    expect(addPeriod('2025-01-01', { days: 10 })).toBe('2025-01-11');
    expect(addPeriod('2025-01-01', { days: 0 })).toBe('2025-01-01');
    expect(addPeriod('2025-03-01', { days: -1 })).toBe('2025-02-28');
    expect(addPeriod('2024-03-01', { days: -1 })).toBe('2024-02-29');
    expect(addPeriod('2025-12-31', { days: -60 })).toBe('2025-11-01');
  });

  it('Art. 202: same-numbered day or the month end', () => {
    expect(addPeriod('2025-01-31', { months: 1 })).toBe('2025-02-28');
    expect(addPeriod('2024-01-31', { months: 1 })).toBe('2024-02-29');
    expect(addPeriod('2025-01-31', { months: 2 })).toBe('2025-03-31'); // not chained via 02-28
    expect(addPeriod('2025-01-31', { months: 3 })).toBe('2025-04-30'); // credit-repair.md §8.1 example
    expect(addPeriod('2025-03-31', { months: -1 })).toBe('2025-02-28');
    expect(addPeriod('2025-12-15', { months: 1 })).toBe('2026-01-15');
    expect(addPeriod('2025-01-15', { months: -13 })).toBe('2023-12-15');
    expect(addPeriod('2025-08-31', { months: 6 })).toBe('2026-02-28');
    expect(addPeriod('2024-02-29', { years: 1 })).toBe('2025-02-28');
    expect(addPeriod('2024-02-29', { years: 4 })).toBe('2028-02-29');
    expect(addPeriod('2024-02-29', { years: -4 })).toBe('2020-02-29');
    expect(addPeriod('2025-06-22', { years: 3 })).toBe('2028-06-22');
  });

  it('Art. 203 only when asked: rest-day end rolls to the next working day', () => {
    expect(addPeriod('2025-09-21', { days: 10 })).toBe('2025-10-01');
    expect(addPeriod('2025-09-21', { days: 10 }, { rollToWorkingDay: true })).toBe('2025-10-09');
    expect(addPeriod('2024-12-28', { months: 1 }, { rollToWorkingDay: true })).toBe('2025-02-05');
    expect(addPeriod('2025-01-26', { days: 0 }, { rollToWorkingDay: true })).toBe('2025-01-26'); // 调休 Sunday
    expect(addPeriod('2025-03-03', { days: 2 }, { rollToWorkingDay: true })).toBe('2025-03-05');
    expect(codeOf(() => addPeriod('2026-12-01', { months: 1 }, { rollToWorkingDay: true }))).toBe(
      'CALENDAR_YEAR_NOT_COVERED',
    );
    const cal = createHolidayCalendar([hypothetical2027], { base: defaultHolidayCalendar });
    expect(addPeriod('2026-12-01', { months: 1 }, { rollToWorkingDay: true, calendar: cal })).toBe('2027-01-04');
  });

  it('rejects malformed periods and dates', () => {
    expect(codeOf(() => addPeriod('2025-01-01', {} as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => addPeriod('2025-01-01', { days: 1, months: 1 } as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => addPeriod('2025-01-01', { days: 1.5 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => addPeriod('2025-01-01', { months: Number.NaN }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => addPeriod('2025-01-01', null as never))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => addPeriod('2025-02-30', { days: 1 }))).toBe('INVALID_CALENDAR_DATE');
    expect(codeOf(() => addPeriod('9999-12-31', { days: 1 }))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => addPeriod('9999-12-31', { years: 1 }))).toBe('INVALID_ARGUMENT');
  });
});

describe('holiday calendars', () => {
  it('ships 2024–2026 and the JSON files pass the schema', () => {
    expect(coveredYears(defaultHolidayCalendar)).toEqual([2024, 2025, 2026]);
    for (const y of [cn2024, cn2025, cn2026]) expect(holidayCalendarSchema.safeParse(y).success).toBe(true);
    expect(defaultHolidayCalendar.years[1]?.source.docNo).toBe('国办发明电〔2024〕12号');
    expect(Object.isFrozen(defaultHolidayCalendar.years[0]?.holidays)).toBe(true);
  });

  it('2025 Spring Festival and 调休 days', () => {
    expect(isWorkingDay('2025-01-26')).toBe(true); // Sunday, make-up working day
    expect(isStatutoryHoliday('2025-01-26')).toBe(false);
    expect(isWorkingDay('2025-01-27')).toBe(true);
    for (let d = '2025-01-28'; d <= '2025-02-04'; d = addPeriod(d, { days: 1 })) {
      expect(isRestDay(d), d).toBe(true);
      expect(isStatutoryHoliday(d), d).toBe(true);
    }
    expect(isWorkingDay('2025-02-05')).toBe(true);
    expect(isWorkingDay('2025-02-08')).toBe(true); // Saturday, make-up working day
    expect(isRestDay('2025-02-09')).toBe(true); // ordinary Sunday
    expect(isStatutoryHoliday('2025-02-09')).toBe(false);
    expect(isStatutoryHoliday('2025-10-08')).toBe(true);
    expect(isWorkingDay('2025-10-11')).toBe(true);
    expect(isWorkingDay('2025-09-28')).toBe(true);
    expect(isWorkingDay('2025-04-27')).toBe(true);
    expect(isRestDay('2025-06-02')).toBe(true); // 端午 Monday
  });

  it('2026 and 2024 cases', () => {
    expect(isRestDay('2026-01-02')).toBe(true);
    expect(isWorkingDay('2026-01-04')).toBe(true); // Sunday make-up
    expect(isWorkingDay('2026-02-14')).toBe(true); // Saturday make-up
    expect(isStatutoryHoliday('2026-02-15')).toBe(true);
    expect(isRestDay('2026-02-23')).toBe(true); // Monday inside the 春节 block
    expect(isWorkingDay('2026-02-24')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true);
    expect(isRestDay('2026-09-25')).toBe(true); // Friday, 中秋
    expect(isWorkingDay('2026-09-20')).toBe(true);
    expect(isWorkingDay('2026-10-10')).toBe(true);
    expect(isRestDay('2026-10-07')).toBe(true);
    expect(isWorkingDay('2026-10-08')).toBe(true);
    expect(isWorkingDay('2024-02-18')).toBe(true);
    expect(isRestDay('2024-02-16')).toBe(true);
    expect(isWorkingDay('2024-10-12')).toBe(true);
  });

  it('counts 251 / 248 / 248 working days in 2024 / 2025 / 2026', () => {
    const count = (y: number): number => {
      let n = 0;
      for (let d = toDayNumber(`${y}-01-01`); d <= toDayNumber(`${y}-12-31`); d++) if (isWorkingDay(fromDayNumber(d))) n++;
      return n;
    };
    expect([count(2024), count(2025), count(2026)]).toEqual([251, 248, 248]);
  });

  it('uncovered year is a typed error naming the date and the covered years', () => {
    const e = errorOf(() => isWorkingDay('2027-01-04'));
    expect(e.code).toBe('CALENDAR_YEAR_NOT_COVERED');
    expect(e.params).toMatchObject({ date: '2027-01-04', covered: '2024, 2025, 2026', year: '2027' });
    expect(codeOf(() => isRestDay('2023-12-29'))).toBe('CALENDAR_YEAR_NOT_COVERED');
    expect(codeOf(() => isStatutoryHoliday('2023-12-29'))).toBe('CALENDAR_YEAR_NOT_COVERED');
    expect(codeOf(() => rollToWorkingDay('2023-12-30'))).toBe('CALENDAR_YEAR_NOT_COVERED');
    const e2 = errorOf(() => addWorkingDays('2026-12-30', 5));
    expect(e2.params).toMatchObject({ date: '2027-01-01' });
    expect(codeOf(() => addWorkingDays('2024-01-03', -5))).toBe('CALENDAR_YEAR_NOT_COVERED');
  });

  it('a caller-supplied 2027 calendar works, alone or on top of the defaults', () => {
    const only = createHolidayCalendar([hypothetical2027]);
    expect(coveredYears(only)).toEqual([2027]);
    expect(isWorkingDay('2027-01-04', { calendar: only })).toBe(true);
    expect(isRestDay('2027-02-08', { calendar: only })).toBe(true);
    expect(isWorkingDay('2027-02-14', { calendar: only })).toBe(true);
    expect(codeOf(() => isWorkingDay('2026-06-01', { calendar: only }))).toBe('CALENDAR_YEAR_NOT_COVERED');
    const merged = createHolidayCalendar([hypothetical2027], { base: defaultHolidayCalendar });
    expect(coveredYears(merged)).toEqual([2024, 2025, 2026, 2027]);
    expect(addWorkingDays('2026-12-30', 3, { calendar: merged })).toBe('2027-01-05');
    expect(addWorkingDays('2027-02-05', 1, { calendar: merged })).toBe('2027-02-14');
    // A supplied year replaces the base data for that year.
    const alt2025 = { ...structuredClone(cn2025), workdays: [] as string[] };
    const replaced = createHolidayCalendar([alt2025], { base: defaultHolidayCalendar });
    expect(isRestDay('2025-01-26', { calendar: replaced })).toBe(true);
    // Gaps between covered years are not covered.
    const gap = createHolidayCalendar([cn2024, hypothetical2027]);
    expect(codeOf(() => isWorkingDay('2025-06-03', { calendar: gap }))).toBe('CALENDAR_YEAR_NOT_COVERED');
    expect(createHolidayCalendar([]).coveredYears).toEqual([]);
    expect(codeOf(() => isWorkingDay('2025-06-03', { calendar: createHolidayCalendar([]) }))).toBe(
      'CALENDAR_YEAR_NOT_COVERED',
    );
  });

  it('invalid calendar data is CALENDAR_DATA_INVALID naming the path', () => {
    const bad = (patch: Record<string, unknown>): unknown => ({ ...structuredClone(hypothetical2027), ...patch });
    const e1 = errorOf(() => createHolidayCalendar([bad({ workdays: ['2027-02-15'] })]));
    expect(e1.code).toBe('CALENDAR_DATA_INVALID');
    expect(e1.params.path).toBe('years[0].workdays[0]'); // a Monday is not a make-up day
    const e2 = errorOf(() => createHolidayCalendar([hypothetical2027, bad({ holidays: [{ name: 'x', from: '2027-02-30', to: '2027-03-01' }] })]));
    expect(e2.params.path).toBe('years[1].holidays[0].from');
    expect(codeOf(() => createHolidayCalendar([bad({ holidays: [{ name: 'x', from: '2027-03-02', to: '2027-03-01' }] })]))).toBe(
      'CALENDAR_DATA_INVALID',
    );
    expect(codeOf(() => createHolidayCalendar([bad({ workdays: ['2027-01-02'] })]))).toBe('CALENDAR_DATA_INVALID'); // inside 元旦 block
    expect(codeOf(() => createHolidayCalendar([bad({ extra: 1 })]))).toBe('CALENDAR_DATA_INVALID');
    expect(codeOf(() => createHolidayCalendar([bad({ year: 2027.5 })]))).toBe('CALENDAR_DATA_INVALID');
    expect(codeOf(() => createHolidayCalendar([hypothetical2027, hypothetical2027]))).toBe('CALENDAR_DATA_INVALID');
    expect(codeOf(() => createHolidayCalendar('x' as never))).toBe('CALENDAR_DATA_INVALID');
  });
});

describe('working days', () => {
  it('addWorkingDays across the 2025 National Day holiday', () => {
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(addWorkingDays('2025-09-30', 2)).toBe('2025-10-10');
    expect(addWorkingDays('2025-09-30', 3)).toBe('2025-10-11'); // Saturday make-up day
    expect(addWorkingDays('2025-09-30', 4)).toBe('2025-10-13');
    expect(addWorkingDays('2025-09-26', 1)).toBe('2025-09-28'); // Sunday make-up day
    expect(addWorkingDays('2025-10-01', 1)).toBe('2025-10-09'); // first day not counted even if a rest day
    expect(addWorkingDays('2025-10-09', -1)).toBe('2025-09-30');
    expect(addWorkingDays('2025-10-13', -4)).toBe('2025-09-30');
  });

  it('Spring Festival 2025 and n = 0', () => {
    expect(addWorkingDays('2025-01-24', 1)).toBe('2025-01-26');
    expect(addWorkingDays('2025-01-24', 2)).toBe('2025-01-27');
    expect(addWorkingDays('2025-01-24', 3)).toBe('2025-02-05');
    expect(addWorkingDays('2025-02-01', 0)).toBe('2025-02-01'); // n = 0: unchanged, not rolled
    expect(addWorkingDays('2025-03-03', 30)).toBe('2025-04-15');
    expect(addWorkingDays('2025-04-15', -30)).toBe('2025-03-03');
    expect(codeOf(() => addWorkingDays('2025-03-03', 1.5))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => addWorkingDays('2025-02-30', 1))).toBe('INVALID_CALENDAR_DATE');
  });

  it('rollToWorkingDay', () => {
    expect(rollToWorkingDay('2025-10-01')).toBe('2025-10-09');
    expect(rollToWorkingDay('2025-10-09')).toBe('2025-10-09');
    expect(rollToWorkingDay('2025-01-26')).toBe('2025-01-26');
    expect(rollToWorkingDay('2025-03-01')).toBe('2025-03-03');
    expect(rollToWorkingDay('2026-02-15')).toBe('2026-02-24');
  });
});
