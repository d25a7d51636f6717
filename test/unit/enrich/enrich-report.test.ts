import batch from '../../fixtures/example-batch.json' with { type: 'json' };
import expectedCases from '../../fixtures/example-batch.expected.json' with { type: 'json' };
import { enrichReport } from '../../../shared/enrich/enrich-report.js';
import { subscriberRequests } from '../../../shared/enrich/subscriber-request.js';
import { canonicalReportSchema } from '../../../shared/model/canonical-report.js';
import { buildReport } from './build-report.js';

describe('the example batch', () => {
  const reports = batch.reports.map((r) => canonicalReportSchema.parse(r));
  const districtOf = new Map(expectedCases.flatMap((c) => c.reportIds.map((id) => [id, c.district] as const)));
  // Which evidence decides each report, as the example batch describes it.
  const sourceOf: Record<string, string> = {
    '900000100': 'geo', // NCMEC geolocation city "INDORE"
    '900000101': 'address', // address "BHOPAL", state "MP"
    '900000102': 'estimated', // estimatedLocation " gwalior "
    '900000103': 'geo', // Nagpur, Maharashtra
    '900000104': 'cell', // cell coordinates 23.1872,79.919
    '900000105': 'geo', // region MP, no city, coordinates 23.1875,79.9542
    '900000106': 'geo', // city Mhow
  };

  it.each(reports.map((r) => [r.reportId, r] as const))('report %s gets its expected district and source', (id, report) => {
    const { location } = enrichReport(report);
    expect(districtOf.has(id)).toBe(true);
    expect(location.district).toBe(districtOf.get(id));
    expect(location.source).toBe(sourceOf[id]);
    expect(location.status).toBe(location.district ? 'in-mp' : 'out-of-state');
  });

  it('puts 900000103 in Maharashtra, for forwarding', () => {
    const r = reports.find((x) => x.reportId === '900000103')!;
    expect(enrichReport(r).location).toMatchObject({ status: 'out-of-state', elsewhere: 'Maharashtra' });
  });

  it('is pure: same output twice, input untouched', () => {
    const before = JSON.stringify(reports);
    const once = reports.map(enrichReport);
    expect(reports.map(enrichReport)).toEqual(once);
    expect(JSON.stringify(reports)).toBe(before);
  });
});

describe('enrichReport fields', () => {
  const report = buildReport({
    incidentSummary: { escalateToHighPriority: '', reportAnnotations: { sextortion: true }, platform: 'Chat' },
    fileDetails: [{ fileId: 'f1', industryClassification: 'a1', fileViewedByEsp: 'true', fileAnnotations: 'viral' }, { fileId: 'f2' }],
    suspect: {
      ipCaptureEvent: [
        { ipAddress: '49.36.10.7', eventName: 'Upload', dateTime: '2026-09-30T18:20:01Z' }, // Jio IPv4, no port
        { ipAddress: '49.36.10.8', dateTime: '2026-09-30T18:21:01Z', port: 51234 },
        { ipAddress: '2409:40c2::47', dateTime: '2026-09-30T18:22:01Z' }, // Jio IPv6: not NATed
        { ipAddress: '100.64.3.4' }, // shared address space, same carrier
        { ipAddress: '59.1.2.3' }, // operator by ISP name only
        { ipAddress: '103.5.6.7' }, // ACT fibre: not a CGNAT mobile carrier
      ],
    },
    ncmecGeolocation: [
      { ipAddress: '49.36.10.7', country: 'IN', isp: 'Reliance Jio Infocomm Limited', asn: 55836 },
      { ipAddress: '49.36.10.8', country: 'IN', isp: 'Reliance Jio Infocomm Limited', asn: 55836 },
      { ipAddress: '2409:40c2::47', country: 'IN', asn: 55836 },
      { ipAddress: '100.64.3.4', asn: 55836 },
      { ipAddress: '59.1.2.3', isp: 'Bharti Airtel Ltd. AS for GPRS Service' },
      { ipAddress: '103.5.6.7', asn: 24309 },
    ],
  });
  const e = enrichReport(report);

  it('copies the triage facts', () => {
    expect(e).toMatchObject({
      reportId: '123456',
      incidentDateTime: '2026-09-30T18:22:11+05:30',
      incidentDateTimeIst: '2026-09-30T18:22:11+05:30',
      escalated: true, // present, even empty
      reportAnnotations: ['sextortion'],
      platform: 'Chat',
      reporterCompany: 'ExampleChat',
    });
    expect(e.files).toEqual([
      { fileId: 'f1', industryClassification: 'A1', viewedByEsp: true, publiclyAvailable: undefined, annotations: ['viral'] },
      { fileId: 'f2', industryClassification: undefined, viewedByEsp: false, publiclyAvailable: undefined, annotations: [] },
    ]);
  });

  it('is not escalated without the element', () => {
    expect(enrichReport(buildReport()).escalated).toBe(false);
  });

  it('flags NEEDS_PORT only for public IPv4 of a CGNAT mobile carrier without a port', () => {
    expect(e.ipEvents.map((x) => [x.ip, x.ipClass, x.needsPort])).toEqual([
      ['49.36.10.7', 'public', true],
      ['49.36.10.8', 'public', false],
      ['2409:40c2::47', 'public', false],
      ['100.64.3.4', 'cgnat', false],
      ['59.1.2.3', 'public', true],
      ['103.5.6.7', 'public', false],
    ]);
    expect(e.warnings).toEqual(['NEEDS_PORT']);
  });

  it('keeps each event time as given, in UTC and in IST, with ISP and ASN', () => {
    expect(e.ipEvents[0]).toEqual({
      ip: '49.36.10.7',
      version: 4,
      ipClass: 'public',
      eventName: 'Upload',
      time: '2026-09-30T18:20:01Z',
      timeUtc: '2026-09-30T18:20:01Z',
      timeIst: '2026-09-30T23:50:01+05:30',
      port: undefined,
      possibleProxy: undefined,
      isp: 'Reliance Jio Infocomm Limited',
      asn: 55836,
      needsPort: true,
    });
  });

  it('gives a subscriber request for each public IP event only', () => {
    const requests = subscriberRequests(e);
    expect(requests.map((r) => r.ip)).toEqual(['49.36.10.7', '49.36.10.8', '2409:40c2::47', '59.1.2.3', '103.5.6.7']);
    expect(requests[1]).toEqual({
      isp: 'Reliance Jio Infocomm Limited',
      asn: 55836,
      ip: '49.36.10.8',
      port: 51234,
      eventName: undefined,
      timeUtc: '2026-09-30T18:21:01Z',
      timeIst: '2026-09-30T23:51:01+05:30',
      needsPort: false,
    });
  });
});
