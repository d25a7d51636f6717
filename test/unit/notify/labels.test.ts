import { INCIDENT_TYPES } from '../../../shared/model/incident-type.js';
import { REASON_CODES } from '../../../shared/model/case.js';
import {
  formatIst,
  formatIstSeconds,
  formatUtcSeconds,
  incidentTypeLabel,
  locationSourceLabel,
  reasonLabel,
  toIstIso,
  toUtcIso,
} from '../../../shared/notify/labels.js';

describe('IST and UTC formatting', () => {
  it('shifts UTC by +05:30 across midnight and month end', () => {
    expect(formatIst('2026-09-30T20:05:00Z')).toBe('2026-10-01 01:35 IST');
    expect(formatIstSeconds('2026-12-31T18:30:05Z')).toBe('2027-01-01 00:00:05 IST');
  });

  it('reads zoned input and gives the same instant in UTC and IST', () => {
    expect(toUtcIso('2026-09-30T18:22:11+05:30')).toBe('2026-09-30T12:52:11Z');
    expect(toIstIso('2026-09-30T18:22:11-04:00')).toBe('2026-10-01T03:52:11+05:30');
    expect(formatUtcSeconds('2026-09-30T18:22:11+05:30')).toBe('2026-09-30 12:52:11 UTC');
  });

  it('returns undefined for a missing or unparseable time', () => {
    expect(formatIst(undefined)).toBeUndefined();
    expect(toUtcIso('yesterday')).toBeUndefined();
    expect(toIstIso('')).toBeUndefined();
  });
});

describe('labels', () => {
  it('has a short label for every incident type and a plain word for every reason code', () => {
    for (const type of INCIDENT_TYPES) {
      expect(incidentTypeLabel(type)).not.toBe(type);
      expect(incidentTypeLabel(type).length).toBeLessThanOrEqual(35);
    }
    for (const code of REASON_CODES) expect(reasonLabel(code)).not.toBe(code);
  });

  it('names what placed a case in its district', () => {
    expect(['address', 'cell', 'estimated', 'geo', null].map((s) => locationSourceLabel(s as never))).toEqual([
      'address',
      'cell-phone location',
      'ESP estimated location',
      'IP geolocation',
      'no location evidence',
    ]);
  });
});
