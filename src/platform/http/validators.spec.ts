import { isCalendarDate, isInstant } from './validators';

describe('dates and times', () => {
  it('takes real calendar dates in the years 0001 to 9999 only', () => {
    for (const date of ['2019-10-03', '2020-02-29', '0001-01-01', '9999-12-31']) expect({ date, ok: isCalendarDate(date) }).toEqual({ date, ok: true });
    for (const date of ['2019-02-30', '0000-01-01', '-0001-01-01', '+10000-01-01', '2019-1-3', '2019-10-03T00:00:00Z', 20191003]) {
      expect({ date, ok: isCalendarDate(date) }).toEqual({ date, ok: false });
    }
  });

  it('takes a time only with an offset a clock can show', () => {
    for (const time of ['2019-09-15T17:00:00+03:00', '2019-09-15T14:00:00Z', '2019-09-15T14:00:00.123Z', '2019-09-15T17:00+0300', '2019-09-15T00:00:00+14:00', '2019-09-15T00:00:00-12:00']) {
      expect({ time, ok: isInstant(time) }).toEqual({ time, ok: true });
    }
    for (const time of ['2019-09-15T17:00:00', '2019-09-15', '2019-09-15T17:00:00+99:99', '2019-09-15T17:00:00+05:60', '2019-09-15T17:00:00+18:01', '0000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '2019-02-30T00:00:00Z']) {
      expect({ time, ok: isInstant(time) }).toEqual({ time, ok: false });
    }
  });
});
