/**
 * The example batch (test/fixtures/example-batch.json) as Enrich should hand it to Classify, written out by
 * hand: identifiers normalised, districts as the batch's notes state them. Classify must produce exactly
 * test/fixtures/example-batch.expected.json.
 */
import { readFileSync } from 'node:fs';
import { classifyBatch, noPriorKnowledge } from '../../../shared/classify/build-cases.js';
import type { ReasonCode } from '../../../shared/model/case.js';
import type { EnrichedReport } from '../../../shared/model/enriched-report.js';
import { buildReport, ipEvent, shuffled } from './build-report.js';

interface ExpectedCase {
  reportIds: string[];
  district: string | null;
  priority: string;
  disposition: string;
  reasons: ReasonCode[];
}

const expected = JSON.parse(
  readFileSync(new URL('../../fixtures/example-batch.expected.json', import.meta.url), 'utf8'),
) as ExpectedCase[];

const file = (industryClassification: string, viewedByEsp: boolean) => [{ industryClassification, viewedByEsp, annotations: [] }];
const suspect = (email: string, phone: string, company: string, espId: string, screenName: string) => ({
  emails: [email],
  phones: [phone],
  devices: [],
  espAccounts: [`${company}:${espId}`, `${company}:${screenName}`],
});
const ist = (utc: string) => new Date(Date.parse(utc) + 5.5 * 3600e3).toISOString().replace('.000Z', '+05:30');
const at = (utc: string) => ({ incidentDateTime: utc, incidentDateTimeIst: ist(utc) });

const reports: EnrichedReport[] = [
  buildReport('900000100', {
    ...at('2026-08-05T06:32:45Z'),
    referral: true,
    reporterCompany: 'ExampleChat',
    identifiers: suspect('1c567f@mail.example', '+919732952977', 'ExampleChat', 'u-e89af9ed', 'user_02560'),
    ipEvents: [ipEvent('117.208.103.119', { port: 59925, isp: 'Reliance Jio Infocomm Limited', asn: 55836 })],
    files: file('A1', true),
    location: { status: 'in-mp', district: 'Indore', source: 'geo' },
  }),
  buildReport('900000101', {
    ...at('2026-10-23T12:47:24Z'),
    incidentType: 'Online Enticement of Children for Sexual Acts',
    reporterCompany: 'PhotoShareCo',
    identifiers: suspect('7d6f86@mail.example', '+919404703614', 'PhotoShareCo', 'u-48c14ddc', 'user_65e45'),
    ipEvents: [ipEvent('106.213.122.134', { port: 55278 })],
    files: file('B1', false),
    location: { status: 'in-mp', district: 'Bhopal', source: 'address' },
  }),
  buildReport('900000102', {
    ...at('2026-10-08T20:38:19Z'),
    reporterCompany: 'ExampleChat',
    identifiers: suspect('3e00fe@mail.example', '+919535365306', 'ExampleChat', 'u-1fb48186', 'user_c2b23'),
    ipEvents: [ipEvent('106.213.114.249', { port: 39426 })],
    files: file('A2', false),
    location: { status: 'in-mp', district: 'Gwalior', source: 'estimated' },
  }),
  buildReport('900000103', {
    ...at('2026-10-18T03:15:59Z'),
    reporterCompany: 'ExampleChat',
    identifiers: suspect('f124b0@mail.example', '+919742866557', 'ExampleChat', 'u-e0b8d425', 'user_ba514'),
    ipEvents: [ipEvent('117.212.30.139', { port: 25930, isp: 'Reliance Jio Infocomm Limited', asn: 55836 })],
    files: file('A1', true),
    location: { status: 'out-of-state', district: null, source: null, elsewhere: 'Maharashtra' },
  }),
  buildReport('900000104', {
    ...at('2026-10-18T19:05:47Z'),
    reporterCompany: 'VidStream',
    identifiers: suspect('same.person@mail.example', '+919589966117', 'VidStream', 'u-26bc86ff', 'user_2a397'),
    ipEvents: [ipEvent('2409:40c2:8fe5:ec76::47', { port: 13491 })],
    files: file('B2', true),
    location: { status: 'in-mp', district: 'Jabalpur', source: 'cell' },
  }),
  buildReport('900000105', {
    ...at('2026-10-13T18:55:49Z'),
    escalated: true,
    reporterCompany: 'PhotoShareCo',
    identifiers: suspect('same.person@mail.example', '+919388392145', 'PhotoShareCo', 'u-2600c136', 'user_3eb5f'),
    ipEvents: [ipEvent('2409:40c2:5517:3158::4a', { port: 3874, isp: 'Bharti Airtel Ltd.', asn: 24560 })],
    files: file('A1', true),
    location: { status: 'in-mp', district: 'Jabalpur', source: 'geo' },
  }),
  buildReport('900000106', {
    ...at('2026-10-11T13:05:10Z'),
    reporterCompany: 'VidStream',
    identifiers: suspect('735713@mail.example', '+919633285575', 'VidStream', 'u-58b3b0f8', 'user_69b6a'),
    ipEvents: [ipEvent('106.213.80.193', { port: 10382, isp: 'BSNL', asn: 9829 })],
    files: file('A1', true),
    location: { status: 'in-mp', district: 'Indore', source: 'geo' },
  }),
];

describe('example batch', () => {
  const cases = classifyBatch('EXAMPLE-2026-11-001', reports, noPriorKnowledge());
  const byFirstId = new Map(cases.map((c) => [c.reportIds[0]!, c]));

  it('gives exactly the expected cases', () => {
    expect(cases.map((c) => c.reportIds).sort()).toEqual(expected.map((e) => e.reportIds).sort());
  });

  it.each(expected.map((e) => [e.reportIds.join('+'), e] as const))('case %s', (_ids, e) => {
    const c = byFirstId.get(e.reportIds[0]!)!;
    expect({ reportIds: c.reportIds, district: c.district, priority: c.priority, disposition: c.disposition }).toEqual({
      reportIds: e.reportIds,
      district: e.district,
      priority: e.priority,
      disposition: e.disposition,
    });
    expect(c.reasons).toEqual(expect.arrayContaining(e.reasons));
  });

  it('does not depend on the order of the reports', () => {
    expect(classifyBatch('EXAMPLE-2026-11-001', shuffled(reports, 7), noPriorKnowledge())).toEqual(cases);
  });
});
