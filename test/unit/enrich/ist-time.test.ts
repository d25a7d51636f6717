import { isoLocal, parseZoned, utcAndIst } from '../../../shared/enrich/ist-time.js';

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

describe('isoLocal', () => {
  it('writes what Date#toISOString writes, over random instants 1970–2100 and leap days', () => {
    let seed = 99;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const instants = [Date.UTC(2024, 1, 29, 23, 59, 59, 999), Date.UTC(2000, 1, 29), Date.UTC(2100, 2, 1), 0];
    for (let i = 0; i < 5000; i++) instants.push(Math.floor(next() * Date.UTC(2100, 0, 1)));
    for (const ms of instants) {
      const iso = new Date(ms).toISOString();
      expect(isoLocal(ms, true)).toBe(iso.slice(0, 23));
      expect(isoLocal(ms, false)).toBe(iso.slice(0, 19));
    }
  });
});

describe('parseZoned', () => {
  it('reads zoned ISO times exactly as Date.parse does', () => {
    let seed = 5;
    const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const p2 = (n: number): string => String(n).padStart(2, '0');
    const samples = ['2024-02-29T12:00:00Z', '2026-09-30T18:22:11+05:30', '2026-01-01T00:00:00-12:00', '2026-03-31T23:59:59.5+14:00', 'not a time'];
    for (let i = 0; i < 3000; i++) {
      const zone = ['Z', '+05:30', '-04:00', '+00:00', '+09:45'][next(5)]!;
      const frac = ['', '.1', '.123', '.123456', '.999999999'][next(5)]!;
      samples.push(`${1990 + next(80)}-${p2(1 + next(12))}-${p2(1 + next(28))}T${p2(next(24))}:${p2(next(60))}:${p2(next(60))}${frac}${zone}`);
    }
    for (const s of samples) expect(parseZoned(s)).toBe(Date.parse(s));
  });
});
