import { readFileSync } from 'node:fs';
import { canonicalReportSchema } from '../../../shared/model/canonical-report.js';
import { compact } from '../../../shared/ingest/compact.js';
import { fastCanonical } from '../../../shared/ingest/fast-canonical.js';
import { FIXTURES } from './helpers.js';

/** Differential test: the fast path must give zod's exact output, or step aside. */
const examples = (JSON.parse(readFileSync(new URL('example-batch.json', FIXTURES), 'utf8')) as { reports: Record<string, unknown>[] }).reports;
const clone = <T>(v: T): T => structuredClone(v);

type Mutation = (r: any) => void;
const MUTATIONS: Record<string, Mutation> = {
  none: () => undefined,
  numericId: (r) => { r.reportId = Number(r.reportId); },
  paddedId: (r) => { r.reportId = ` ${r.reportId} `; },
  badId: (r) => { r.reportId = '12a'; },
  nullId: (r) => { r.reportId = null; },
  leLabel: (r) => { r.report.incidentSummary.incidentType = 'Apparent Child Pornography'; },
  unknownType: (r) => { r.report.incidentSummary.incidentType = 'Other'; },
  numberType: (r) => { r.report.incidentSummary.incidentType = 5; },
  localDate: (r) => { r.report.incidentSummary.incidentDateTime = '2026-09-30T18:22:11'; },
  paddedDate: (r) => { r.report.incidentSummary.incidentDateTime = ' 2026-09-30T18:22:11Z'; },
  blankReceived: (r) => { r.receivedAt = '  '; },
  nullReceived: (r) => { r.receivedAt = null; },
  stringReferral: (r) => { r.referral = 'YES'; },
  weirdReferral: (r) => { r.referral = 'maybe'; },
  nullReferral: (r) => { r.referral = null; },
  numberReferral: (r) => { r.referral = 0; },
  flagsObject: (r) => { r.report.incidentSummary.reportAnnotations = { spam: '', sextortion: true, csamSolicitation: 'false', x: false }; },
  flagsString: (r) => { r.report.incidentSummary.reportAnnotations = 'spam; sextortion,spam'; },
  flagsBadArray: (r) => { r.report.incidentSummary.reportAnnotations = ['spam', '']; },
  flagsNull: (r) => { r.report.incidentSummary.reportAnnotations = null; },
  emptyEscalation: (r) => { r.report.incidentSummary.escalateToHighPriority = ''; },
  numberEscalation: (r) => { r.report.incidentSummary.escalateToHighPriority = 7; },
  phoneString: (r) => { r.report.personOrUserReported[0].personOrUserReportedPerson.phone = '+91 97329 52977'; },
  phoneUs: (r) => { r.report.personOrUserReported[0].personOrUserReportedPerson.phone = ['+12025550143', '+919732952977', '+910123456789']; },
  phoneObjectPlus: (r) => { r.report.personOrUserReported[0].personOrUserReportedPerson.phone = [{ value: '+916123456789', type: 'Home' }]; },
  phoneNumber: (r) => { r.report.personOrUserReported[0].personOrUserReportedPerson.phone = 9732952977; },
  phoneNull: (r) => { r.report.personOrUserReported[0].personOrUserReportedPerson.phone = [null]; },
  phoneBlank: (r) => { r.report.personOrUserReported[0].personOrUserReportedPerson.phone = [{ value: ' ', countryCallingCode: '+91' }]; },
  emailObject: (r) => { r.report.personOrUserReported[0].personOrUserReportedPerson.email = { value: ' A@B.example ', type: 'Work' }; },
  emailNumber: (r) => { r.report.personOrUserReported[0].personOrUserReportedPerson.email = [42]; },
  portString: (r) => { r.report.personOrUserReported[0].ipCaptureEvent[0].port = ' 443 '; },
  portHex: (r) => { r.report.personOrUserReported[0].ipCaptureEvent[0].port = '0x10'; },
  portBad: (r) => { r.report.personOrUserReported[0].ipCaptureEvent[0].port = '70000'; },
  portFloat: (r) => { r.report.personOrUserReported[0].ipCaptureEvent[0].port = 44.5; },
  proxyFlag: (r) => { r.report.personOrUserReported[0].ipCaptureEvent[0].possibleProxy = 'n'; },
  ipMissing: (r) => { delete r.report.personOrUserReported[0].ipCaptureEvent[0].ipAddress; },
  singleEvent: (r) => { r.report.personOrUserReported[0].ipCaptureEvent = r.report.personOrUserReported[0].ipCaptureEvent[0]; },
  nullList: (r) => { r.fileDetails = null; },
  emptyObjects: (r) => { r.report.personOrUserReported[0].estimatedLocation = { city: ' ', region: '' }; r.report.internetDetails = [{}]; },
  arrayForObject: (r) => { r.report.reporter = []; },
  displayNames: (r) => { r.report.personOrUserReported[0].displayName = ['', ' Bob ', 3]; },
  geoStrings: (r) => { r.ncmecGeolocation = [{ latitude: '22.7', longitude: ' 75.8 ', asn: '55836' }]; },
  geoBadAsn: (r) => { r.ncmecGeolocation = [{ asn: '-1' }]; },
  hashString: (r) => { r.fileDetails = [{ originalFileHash: 'abc', fileAnnotations: { viral: '' } }]; },
  viewedString: (r) => { r.fileDetails = [{ fileViewedByEsp: 'TRUE', publiclyAvailable: '' }]; },
  deviceIds: (r) => { r.report.personOrUserReported[0].deviceId = [{ idType: 'IMEI', idValue: ' 356938035643809 ' }]; },
  deviceNoValue: (r) => { r.report.personOrUserReported[0].deviceId = [{ idType: 'IMEI' }]; },
  noReport: (r) => { delete r.report; },
  batched: (r) => { r.report.batchedReport = { reason: 'VIRAL_POTENTIAL_MEME' }; },
  emptyBatched: (r) => { r.report.batchedReport = {}; },
  cell: (r) => { r.report.internetDetails = { cellPhoneIncident: { latitude: '23.1', longitude: 79.9, phoneNumber: 9876543210 } }; },
  bigText: (r) => { r.report.incidentSummary.platform = 'p'.repeat(1_048_577); },
  flagsEmptyName: (r) => { r.report.incidentSummary.reportAnnotations = { '': true, spam: true }; },
  flagsEmptyList: (r) => { r.report.incidentSummary.reportAnnotations = []; },
  flagsAllFalse: (r) => { r.fileDetails = [{ fileId: 'f', fileAnnotations: { viral: false, spam: 'FALSE' } }]; },
  leapDay: (r) => { r.receivedAt = '2028-02-29T23:59:59.123+05:30'; r.report.incidentSummary.incidentDateTime = '2026-02-29T00:00:00Z'; },
  blankParts: (r) => {
    r.report.personOrUserReported[0].personOrUserReportedPerson.address = [{ city: ' ', country: '' }, { city: 'Indore' }];
    r.report.personOrUserReported[0].displayName = [' ', ''];
    r.report.reporter = { companyName: ' ' };
    r.report.batchedReport = { reason: '' };
    r.fileDetails = [{}, { fileViewedByEsp: '' }, { fileId: ' f1 ' }];
    r.ncmecGeolocation = [{ ipAddress: '' }, {}];
    r.report.internetDetails = [{ cellPhoneIncident: {} }, { cellPhoneIncident: { latitude: '' } }];
  },
  emptySuspect: (r) => { r.report.personOrUserReported = [{ personOrUserReportedPerson: { email: [] } }, { espIdentifier: 'u-2' }]; },
  zeroes: (r) => { r.ncmecGeolocation = [{ latitude: 0, longitude: '0', asn: 0 }]; r.report.personOrUserReported[0].ipCaptureEvent = [{ ipAddress: '1.2.3.4', possibleProxy: 0 }]; },
};

describe('fastCanonical agrees with the zod schema', () => {
  it.each(Object.entries(MUTATIONS))('%s', (name, mutate) => {
    for (const report of examples) {
      const raw = clone(report);
      mutate(raw);
      const slow = canonicalReportSchema.safeParse(raw);
      const fast = fastCanonical(raw);
      if (fast === undefined) {
        // Stepping aside is always safe; it must not happen for the plain examples.
        expect(name).not.toBe('none');
        continue;
      }
      expect(slow.success).toBe(true);
      const expected = compact(slow.data);
      expect(fast).toStrictEqual(expected);
      expect(JSON.stringify(fast)).toBe(JSON.stringify(expected));
    }
  });

  it('takes the fast path for most well-formed variants (so the benchmark measures it)', () => {
    let fastCount = 0;
    for (const [, m] of Object.entries(MUTATIONS)) {
      const raw = clone(examples[0]);
      m(raw);
      if (fastCanonical(raw)) fastCount++;
    }
    expect(fastCount).toBeGreaterThan(Object.keys(MUTATIONS).length / 2);
  });
});
