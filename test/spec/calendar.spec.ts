/**
 * Specification of the legal calendar (src/calendar), as fast-check properties.
 * Sources: 民法典 (Civil Code) Arts. 200–204; 国务院办公厅 2024/2025/2026 年部分节假日安排的通知
 * (国办发明电〔2023〕7号, 国办发明电〔2024〕12号, 2026 notice); docs: credit-repair.md §8 and §H.
 * On failure fast-check prints the seed and path to replay the counterexample.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import cn2024 from '../../data/calendar/cn-2024.json';
import cn2025 from '../../data/calendar/cn-2025.json';
import cn2026 from '../../data/calendar/cn-2026.json';
import {
  addPeriod,
  addWorkingDays,
  compareDates,
  dayOfWeek,
  daysBetween,
  fromDayNumber,
  isCalendarDate,
  isRestDay,
  isStatutoryHoliday,
  isWorkingDay,
  rollToWorkingDay,
  toDayNumber,
  type CalendarDate,
  type Period,
} from '../../src/calendar/index.js';

const DN_2024 = toDayNumber('2024-01-01');
const DN_2026_END = toDayNumber('2026-12-31');

/** Any date in 2024–2026 (the shipped calendars). */
const dateArb = fc.integer({ min: DN_2024, max: DN_2026_END }).map(fromDayNumber);
/** Dates far enough from the edges that ±45 working days stay inside 2024–2026. */
const innerDateArb = fc.integer({ min: DN_2024 + 80, max: DN_2026_END - 80 }).map(fromDayNumber);
/** Month-end and leap-day heavy dates: the cases Art. 202 is about. */
const monthEndArb = fc
  .record({ y: fc.integer({ min: 2024, max: 2026 }), m: fc.integer({ min: 1, max: 12 }), back: fc.integer({ min: 0, max: 3 }) })
  .map(({ y, m, back }) => addPeriod(`${y}-${String(m).padStart(2, '0')}-01`, { days: -1 - back }));
const anyDateArb = fc.oneof({ arbitrary: dateArb, weight: 3 }, { arbitrary: monthEndArb, weight: 2 });

const unitArb = fc.constantFrom('days', 'months', 'years' as const);
const periodArb = (unit: 'days' | 'months' | 'years', n: number): Period =>
  unit === 'days' ? { days: n } : unit === 'months' ? { months: n } : { years: n };
const nArb = (unit: 'days' | 'months' | 'years'): fc.Arbitrary<number> =>
  unit === 'days' ? fc.integer({ min: -400, max: 400 }) : unit === 'months' ? fc.integer({ min: -36, max: 36 }) : fc.integer({ min: -5, max: 5 });

/** Reference working-day predicate straight from the JSON notices (no precomputed table). */
function refIsWorkingDay(date: CalendarDate): boolean {
  for (const y of [cn2024, cn2025, cn2026]) {
    if (y.workdays.includes(date)) return true;
  }
  for (const y of [cn2024, cn2025, cn2026]) {
    for (const h of y.holidays) if (date >= h.from && date <= h.to) return false;
  }
  return dayOfWeek(date) <= 5;
}

describe('calendar dates / 日期', () => {
  it('日序号与日期一一对应且保序 / day numbers and YYYY-MM-DD strings are an order-preserving bijection (民法典第二百条 公历 / Civil Code Art. 200, Gregorian calendar)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -719162, max: 2932896 }), fc.integer({ min: -719162, max: 2932896 }), (a, b) => {
        const da = fromDayNumber(a);
        const db = fromDayNumber(b);
        expect(isCalendarDate(da)).toBe(true);
        expect(toDayNumber(da)).toBe(a);
        expect(Math.sign(compareDates(da, db))).toBe(Math.sign(a - b));
        expect(Math.sign(da.localeCompare(db))).toBe(Math.sign(a - b));
        expect(daysBetween(da, db)).toBe(b - a);
      }),
    );
  });

  it('按日计算的期间不计首日 / a period of n days ends exactly n days after the start, the first day not counted (民法典第二百零一条 / Civil Code Art. 201)', () => {
    fc.assert(
      fc.property(anyDateArb, fc.integer({ min: -1000, max: 1000 }), (d, n) => {
        expect(daysBetween(d, addPeriod(d, { days: n }))).toBe(n);
      }),
    );
  });
});

describe('addPeriod / 期间计算', () => {
  it('addPeriod 对日期单调不减 / addPeriod is monotone in the date (民法典第二百零一、二百零二条 / Civil Code Arts. 201–202)', () => {
    fc.assert(
      fc.property(
        unitArb.chain((u) => fc.tuple(fc.constant(u), nArb(u))),
        anyDateArb,
        anyDateArb,
        fc.boolean(),
        ([unit, n], a, b, roll) => {
          const [lo, hi] = compareDates(a, b) <= 0 ? [a, b] : [b, a];
          const opts = { rollToWorkingDay: roll && unit === 'days' && Math.abs(n) < 60 };
          const inside = (d: string) => d >= '2024-01-01' && d <= '2026-12-20';
          fc.pre(!opts.rollToWorkingDay || (inside(addPeriod(lo, periodArb(unit, n))) && inside(addPeriod(hi, periodArb(unit, n)))));
          expect(compareDates(addPeriod(lo, periodArb(unit, n), opts), addPeriod(hi, periodArb(unit, n), opts))).toBeLessThanOrEqual(0);
        },
      ),
    );
  });

  it('addPeriod 对期间长度单调不减 / addPeriod is monotone in n (民法典第二百零一、二百零二条 / Civil Code Arts. 201–202)', () => {
    fc.assert(
      fc.property(
        unitArb.chain((u) => fc.tuple(fc.constant(u), nArb(u), nArb(u))),
        anyDateArb,
        ([unit, n1, n2], d) => {
          const [lo, hi] = n1 <= n2 ? [n1, n2] : [n2, n1];
          expect(compareDates(addPeriod(d, periodArb(unit, lo)), addPeriod(d, periodArb(unit, hi)))).toBeLessThanOrEqual(0);
        },
      ),
    );
  });

  it('按月、年计算的期间不溢出到下一月：结果月份 = 起始月份 + n (mod 12)，日为同日或月末 / month and year arithmetic never overflows into the next month: result month = start month + n mod 12, day = same day or the month end (民法典第二百零二条 / Civil Code Art. 202)', () => {
    fc.assert(
      fc.property(anyDateArb, fc.integer({ min: -120, max: 120 }), fc.boolean(), (d, n, asYears) => {
        const months = asYears ? n * 12 : n;
        const r = asYears ? addPeriod(d, { years: n }) : addPeriod(d, { months: n });
        const [y, m, day] = d.split('-').map(Number) as [number, number, number];
        const [ry, rm, rday] = r.split('-').map(Number) as [number, number, number];
        const total = y * 12 + (m - 1) + months;
        expect(ry).toBe(Math.floor(total / 12));
        expect(rm).toBe((((m - 1 + months) % 12) + 12) % 12 + 1);
        // Independent oracle for the month length: the platform's UTC calendar (test-only).
        const lastDay = new Date(Date.UTC(ry, rm, 0)).getUTCDate();
        expect(rday).toBe(Math.min(day, lastDay));
      }),
    );
  });

  it('月份直接从起始日计算，不逐月累加 / months are counted from the start date directly, not chained month by month (民法典第二百零二条 / Civil Code Art. 202)', () => {
    fc.assert(
      fc.property(monthEndArb, fc.integer({ min: 1, max: 24 }), (d, n) => {
        const direct = addPeriod(d, { months: n });
        let chained = d;
        for (let i = 0; i < n; i++) chained = addPeriod(chained, { months: 1 });
        // Chaining can only lose days (clamping is sticky); the direct result is never earlier.
        expect(compareDates(chained, direct)).toBeLessThanOrEqual(0);
        expect(direct.slice(0, 7)).toBe(chained.slice(0, 7));
      }),
    );
  });

  it('末日顺延只用于须在期限内行为的情形：结果 = rollToWorkingDay(未顺延结果) / with rollToWorkingDay the end is exactly the unrolled end moved to the next working day (民法典第二百零三条 / Civil Code Art. 203)', () => {
    fc.assert(
      fc.property(innerDateArb, fc.integer({ min: -60, max: 60 }), (d, n) => {
        const plain = addPeriod(d, { days: n });
        const rolled = addPeriod(d, { days: n }, { rollToWorkingDay: true });
        expect(rolled).toBe(rollToWorkingDay(plain));
        expect(isWorkingDay(rolled)).toBe(true);
        if (isWorkingDay(plain)) expect(rolled).toBe(plain);
      }),
    );
  });
});

describe('working days / 工作日', () => {
  it('工作日 = 非法定节假日的周一至周五，或调休上班日 / a working day is Mon–Fri outside statutory holidays, or a 调休 make-up day (国办发明电〔2023〕7号, 国办发明电〔2024〕12号, 2026 年节假日安排通知)', () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        expect(isWorkingDay(d)).toBe(refIsWorkingDay(d));
        expect(isRestDay(d)).toBe(!refIsWorkingDay(d));
        if (isStatutoryHoliday(d)) expect(isRestDay(d)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('addWorkingDays(d, n) 总落在工作日 / addWorkingDays(d, n) always lands on a working day for n ≠ 0 (行政处罚法第八十五条; 民法典第二百零一条 / Administrative Penalty Law Art. 85; Civil Code Art. 201)', () => {
    fc.assert(
      fc.property(innerDateArb, fc.integer({ min: -45, max: 45 }).filter((n) => n !== 0), (d, n) => {
        expect(isWorkingDay(addWorkingDays(d, n))).toBe(true);
      }),
    );
  });

  it('addWorkingDays 对 n 严格递增 / addWorkingDays is strictly increasing in n (行政处罚法第八十五条; 民法典第二百零一条 / Administrative Penalty Law Art. 85; Civil Code Art. 201)', () => {
    fc.assert(
      fc.property(innerDateArb, fc.integer({ min: -45, max: 45 }), fc.integer({ min: -45, max: 45 }), (d, a, b) => {
        fc.pre(a !== b);
        const [lo, hi] = a < b ? [a, b] : [b, a];
        expect(compareDates(addWorkingDays(d, lo), addWorkingDays(d, hi))).toBe(-1);
      }),
    );
  });

  it('首日不计：addWorkingDays(d, n) 与 d 之间恰有 n 个工作日 / first day not counted: exactly n working days lie in (d, addWorkingDays(d, n)] (民法典第二百零一条 / Civil Code Art. 201; credit-repair.md §H)', () => {
    fc.assert(
      fc.property(innerDateArb, fc.integer({ min: 0, max: 45 }), (d, n) => {
        const end = toDayNumber(addWorkingDays(d, n));
        let count = 0;
        for (let x = toDayNumber(d) + 1; x <= end; x++) if (refIsWorkingDay(fromDayNumber(x))) count++;
        expect(count).toBe(n);
      }),
    );
  });

  it('从工作日出发，向前 n 个工作日再向后 n 个工作日回到原日 / from a working day, n working days forward then n back returns to the start (民法典第二百零一条 / Civil Code Art. 201)', () => {
    fc.assert(
      fc.property(innerDateArb.map(rollToWorkingDay), fc.integer({ min: -45, max: 45 }), (d, n) => {
        expect(addWorkingDays(addWorkingDays(d, n), -n)).toBe(d);
      }),
    );
  });

  it('末日为休息日时顺延至其后第一个工作日 / rollToWorkingDay returns the first working day on or after the date (民法典第二百零三条 / Civil Code Art. 203)', () => {
    fc.assert(
      fc.property(innerDateArb, (d) => {
        const r = rollToWorkingDay(d);
        expect(isWorkingDay(r)).toBe(true);
        for (let x = toDayNumber(d); x < toDayNumber(r); x++) expect(isWorkingDay(fromDayNumber(x))).toBe(false);
      }),
    );
  });

  it('未覆盖年份一律报 CALENDAR_YEAR_NOT_COVERED / every working-day question about an uncovered year throws CALENDAR_YEAR_NOT_COVERED (credit-repair.md §H: later years pluggable)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: toDayNumber('2015-01-01'), max: DN_2024 - 1 }),
          fc.integer({ min: DN_2026_END + 1, max: toDayNumber('2035-12-31') }),
        ).map(fromDayNumber),
        (d) => {
          for (const f of [isWorkingDay, isRestDay, isStatutoryHoliday, rollToWorkingDay]) {
            expect(() => f(d)).toThrow(expect.objectContaining({ code: 'CALENDAR_YEAR_NOT_COVERED' }));
          }
        },
      ),
    );
  });
});
