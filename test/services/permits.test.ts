import { describe, expect, it } from 'vitest';
import { defaultRulebook, planPermitReminders, renewalDeadline, withOverrides, isWorkingDay, isXinfengError, type Permit } from '../../src/index.js';

const rulebook = defaultRulebook();
const HOLDER = '91310112MA1FL8X09J';

function permit(over: Partial<Permit>): Permit {
  return {
    permitType: '排污许可证',
    number: '91310112MA1FL8X09J001P',
    holderUscc: HOLDER,
    holderName: '上海闵申化工有限公司',
    issuedOn: '2020-12-08',
    expiresOn: '2025-12-07',
    ...over,
  };
}

const one = (p: Permit, asOf: string, rb = rulebook) => {
  const r = planPermitReminders([p], { rulebook: rb, asOf });
  expect(r.rejected).toEqual([]);
  return r.reminders[0]!;
};

describe('排污许可证 / pollutant discharge permit (排污许可管理条例 第十四条: 60 days before expiry)', () => {
  it('60 calendar days before expiry when that day is a working day', () => {
    const r = one(permit({ expiresOn: '2025-08-30', issuedOn: '2020-08-31' }), '2025-05-01');
    expect(r.permitTypeId).toBe('pollutant-discharge');
    expect(r.nominalDeadline).toBe('2025-07-01');
    expect(r.deadline).toBe('2025-07-01');
    expect(r.adjustment).toBe('none');
    expect(r.reminders.map((x) => x.date)).toEqual(['2025-04-02', '2025-05-02', '2025-06-01']);
    expect(r.status).toBe('due');
    expect(r.nextReminder).toBe('2025-05-02');
    expect(r.source.status).toBe('confirmed');
    expect(r.source.article).toBe('第十四条');
  });

  it('a nominal deadline inside the 国庆 holiday moves to the previous working day (2025-10-08 → 2025-09-30)', () => {
    const r = one(permit({}), '2025-06-30');
    expect(r.nominalDeadline).toBe('2025-10-08');
    expect(r.deadline).toBe('2025-09-30');
    expect(r.adjustment).toBe('previousWorkingDay');
    expect(r.status).toBe('upcoming');
    expect(r.daysToDeadline).toBe(92);
  });

  it('with the Art. 203 reading (nextWorkingDay) the same deadline is 2025-10-09', () => {
    const rb = withOverrides(rulebook, {
      parameters: { services: { permits: { deadlineRestDayRule: { values: [{ ...rulebook.parameters.services.permits.deadlineRestDayRule.values[0], value: 'nextWorkingDay' }] } } } },
    });
    const r = one(permit({}), '2025-06-30', rb);
    expect(r.deadline).toBe('2025-10-09');
    expect(r.adjustment).toBe('nextWorkingDay');
  });

  it('statuses: due, overdue, expired, renewalFiled', () => {
    expect(one(permit({}), '2025-07-02').status).toBe('due'); // first reminder 2025-07-02 (T-90)
    expect(one(permit({}), '2025-07-01').status).toBe('upcoming');
    expect(one(permit({}), '2025-09-30').status).toBe('due');
    expect(one(permit({}), '2025-10-01').status).toBe('overdue');
    expect(one(permit({}), '2025-12-07').status).toBe('overdue');
    expect(one(permit({}), '2025-12-08').status).toBe('expired');
    const filed = one(permit({ renewalFiledOn: '2025-09-20' }), '2025-11-01');
    expect(filed.status).toBe('renewalFiled');
    expect(filed.filedOnTime).toBe(true);
    expect(one(permit({ renewalFiledOn: '2025-10-20' }), '2025-11-01').filedOnTime).toBe(false);
  });
});

describe('危险废物经营许可证 / hazardous waste operation permit (30 working days before expiry; SECONDARY)', () => {
  it('counts working days of the legal calendar, 调休 make-up Sunday included (2025-11-14 → 2025-09-28)', () => {
    const r = one(permit({ permitType: '危险废物经营许可证', number: '沪环危废经字（2020）第018号', issuedOn: '2020-11-15', expiresOn: '2025-11-14' }), '2025-08-01');
    expect(r.permitTypeId).toBe('hazardous-waste');
    expect(r.renewalLeadTime).toEqual({ workingDays: 30 });
    expect(r.deadline).toBe('2025-09-28');
    expect(isWorkingDay(r.deadline)).toBe(true);
    expect(r.source.status).toBe('secondary');
    expect(r.status).toBe('due'); // T-90 = 2025-06-30
  });

  it('is found by id and by alias', () => {
    expect(one(permit({ permitType: 'hazardous-waste', expiresOn: '2025-11-14', issuedOn: '2020-11-15' }), '2025-01-01').deadline).toBe('2025-09-28');
    expect(one(permit({ permitType: '危废经营许可证', expiresOn: '2025-11-14', issuedOn: '2020-11-15' }), '2025-01-01').deadline).toBe('2025-09-28');
  });
});

describe('辐射安全许可证 / radiation safety licence (30 days before expiry; SECONDARY)', () => {
  it('a nominal Sunday deadline moves to the previous working day, a 调休 Saturday (2026-03-01 → 2026-02-28)', () => {
    const r = one(permit({ permitType: '辐射安全许可证', number: '沪环辐证[10231]', issuedOn: '2021-04-01', expiresOn: '2026-03-31' }), '2026-01-10');
    expect(r.nominalDeadline).toBe('2026-03-01');
    expect(r.deadline).toBe('2026-02-28');
    expect(r.status).toBe('due'); // T-90 = 2025-11-30
  });

  it('a nominal deadline on 2026-10-01 moves to 2026-09-30', () => {
    const r = one(permit({ permitType: '辐射安全许可证', number: '沪环辐证[20417]', issuedOn: '2021-11-01', expiresOn: '2026-10-31' }), '2026-10-15');
    expect(r.deadline).toBe('2026-09-30');
    expect(r.status).toBe('overdue');
  });
});

describe('data quality and rejects', () => {
  it('beyond the holiday calendar the deadline is provisional and says so', () => {
    const r = one(permit({ issuedOn: '2022-05-21', expiresOn: '2027-05-20' }), '2026-06-30');
    expect(r.provisional).toBe(true);
    expect(r.deadline).toBe('2027-03-19'); // nominal Sunday 2027-03-21, weekends only
    expect(r.warnings.map((w) => w.code)).toContain('SERVICES_DEADLINE_PROVISIONAL');
  });

  it('rejects unknown types with a suggestion, reversed dates and malformed rows; warns on long validity and bad codes', () => {
    const res = planPermitReminders(
      [
        permit({ permitType: '排污许可正' }),
        permit({ issuedOn: '2026-01-01', expiresOn: '2025-01-01' }),
        { number: 'x' },
        permit({ issuedOn: '2015-01-01', expiresOn: '2025-12-07', holderUscc: '91310112MA1FL8X09K' }),
        permit({ number: 'P-2', holderUscc: '9131011' }),
      ],
      { rulebook, asOf: '2025-06-30' },
    );
    expect(res.rejected.map((r) => [r.index, r.issues[0]!.code])).toEqual([
      [0, 'SERVICES_PERMIT_UNKNOWN_TYPE'],
      [1, 'SERVICES_PERMIT_DATES'],
      [2, 'SERVICES_PERMIT_INVALID'],
    ]);
    expect(res.rejected[0]!.issues[0]!.messageZh).toContain('排污许可证');
    const codes = res.reminders[0]!.warnings.map((w) => w.code);
    expect(codes).toContain('SERVICES_PERMIT_VALIDITY_TOO_LONG');
    expect(codes).toContain('USCC_LEGACY_ACCEPTED');
    expect(res.reminders.find((r) => r.permit.number === 'P-2')!.warnings.map((w) => w.code)).toContain('SERVICES_PERMIT_HOLDER_USCC');
  });

  it('flags duplicate numbers and throws on a malformed asOf', () => {
    const res = planPermitReminders([permit({}), permit({})], { rulebook, asOf: '2025-06-30' });
    expect(res.reminders).toHaveLength(2);
    expect(res.warnings.map((w) => w.code)).toContain('SERVICES_PERMIT_DUPLICATE');
    try {
      planPermitReminders([], { rulebook, asOf: '2025-6-30' });
      expect.unreachable();
    } catch (e) {
      expect(isXinfengError(e) && e.code).toBe('INVALID_CALENDAR_DATE');
    }
  });

  it('renewalDeadline is usable on its own', () => {
    expect(renewalDeadline({ calendarDays: 60 }, '2025-12-07', 'none').deadline).toBe('2025-10-08');
  });
});
