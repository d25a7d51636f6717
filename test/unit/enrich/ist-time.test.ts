import { utcAndIst } from '../../../shared/enrich/ist-time.js';

describe('utcAndIst', () => {
  it.each([
    ['2026-09-30T18:20:01Z', '2026-09-30T18:20:01Z', '2026-09-30T23:50:01+05:30'],
    ['2026-09-30T18:22:11+05:30', '2026-09-30T12:52:11Z', '2026-09-30T18:22:11+05:30'],
    ['2026-12-31T20:00:00Z', '2026-12-31T20:00:00Z', '2027-01-01T01:30:00+05:30'], // crosses the year in IST
    ['2026-03-08T01:59:59-05:00', '2026-03-08T06:59:59Z', '2026-03-08T12:29:59+05:30'],
    ['2026-09-30T18:20:01.250Z', '2026-09-30T18:20:01.250Z', '2026-09-30T23:50:01.250+05:30'],
  ])('%s → %s / %s', (given, utc, ist) => {
    expect(utcAndIst(given)).toEqual({ utc, ist });
  });

  it('returns nothing for an unreadable time', () => {
    expect(utcAndIst('yesterday')).toBeUndefined();
  });
});
