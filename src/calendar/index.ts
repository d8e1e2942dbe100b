/**
 * Legal calendar: `YYYY-MM-DD` dates, Civil Code period arithmetic (民法典第二百条至第二百零四条) and
 * the State Council working-day calendars (国务院办公厅部分节假日安排的通知, 2024–2026).
 */
export {
  type CalendarDate,
  parseCalendarDate,
  isCalendarDate,
  toDayNumber,
  fromDayNumber,
  compareDates,
  daysBetween,
  dayOfWeek,
  minDate,
  maxDate,
} from './date.js';
export { type Period, type AddPeriodOptions, addPeriod } from './period.js';
export {
  type HolidayCalendar,
  type HolidayCalendarYear,
  holidayCalendarSchema,
  defaultHolidayCalendar,
  createHolidayCalendar,
  coveredYears,
} from './holidays.js';
export {
  type WorkingDayOptions,
  isWorkingDay,
  isRestDay,
  isStatutoryHoliday,
  addWorkingDays,
  rollToWorkingDay,
} from './working.js';
