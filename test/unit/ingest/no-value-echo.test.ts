/**
 * Property: no field value of a rejected record appears in any output — the rejected file's messages, the HQ
 * summary (text and HTML) or `tipline rejected` (text and JSON). Values are the kinds the issue found echoed
 * (phones, emails, IPs, names, addresses, Aadhaar numbers) and arbitrary text, placed in fields that reject them.
 */
import fc from 'fast-check';
import { validateRecord } from '../../../shared/ingest/validate-record.js';
import { renderHqSummary } from '../../../shared/notify/hq-summary.js';
import { maskRejected, type RejectedRecord } from '../../../shared/runs/mask.js';
import { formatRejected } from '../../../cli/format-run.js';
import { esc } from '../../../shared/notify/escape.js';

const CP = 'Child Pornography (possession, manufacture, and distribution)';

const piiValue = fc.oneof(
  fc.stringMatching(/^[6-9]\d{9}$/), // Indian mobile
  fc.stringMatching(/^\+91 [6-9]\d{4} \d{5}$/),
  fc.tuple(fc.stringMatching(/^[a-z]{3,8}$/), fc.stringMatching(/^[a-z]{3,8}$/)).map(([a, b]) => `${a}.${b}@mail.example`),
  fc.tuple(fc.integer({ min: 11, max: 223 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 })).map((p) => p.join('.')),
  fc.tuple(fc.constantFrom('Ramesh', 'Sunita', 'Imran', 'Kavya'), fc.constantFrom('Kumar', 'Sharma', 'Khan', 'Patel')).map(([f, l]) => `${f} ${l}`),
  fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('MG Road', 'Vijay Nagar', 'Arera Colony')).map(([n, s]) => `${n}, ${s}, Indore 452001`),
  fc.stringMatching(/^[2-9]\d{3} \d{4} \d{4}$/), // Aadhaar
  fc.string({ minLength: 6, maxLength: 40 }).map((s) => `Ʃ${s}`), // arbitrary text, marked so it cannot occur by chance
);

/** Where a value is put so that the record is rejected because of it. */
const PLACES: Array<(v: string) => Record<string, unknown>> = [
  (v) => ({ report: { incidentSummary: { incidentType: v, incidentDateTime: '2026-09-30T18:22:11Z' } } }),
  (v) => ({ report: { incidentSummary: { incidentType: CP, incidentDateTime: v } } }),
  (v) => ({ receivedAt: v, report: { incidentSummary: { incidentType: CP, incidentDateTime: '2026-09-30T18:22:11Z' } } }),
  (v) => ({ ncmecGeolocation: [{ latitude: v }], report: { incidentSummary: { incidentType: CP, incidentDateTime: '2026-09-30T18:22:11Z' } } }),
  (v) => ({ report: { incidentSummary: { incidentType: CP, incidentDateTime: '2026-09-30T18:22:11Z' }, personOrUserReported: [{ ipCaptureEvent: [{ ipAddress: '49.36.10.7', port: v }] }] } }),
  (v) => ({ report: { incidentSummary: { incidentType: CP, incidentDateTime: '2026-09-30T18:22:11Z' }, personOrUserReported: [{ personOrUserReportedPerson: { phone: [{ value: v.repeat(60) }] } }] } }),
  (v) => ({ report: { incidentType: v, incidentSummary: v } }),
];

function outputs(records: RejectedRecord[]): string[] {
  const email = renderHqSummary({
    batchId: 'b-0000000000000001',
    fileKey: 'incoming/batch.json',
    counts: { received: records.length, rejected: records.length, valid: 0, duplicates: 0, cases: 0, actionable: 0, review: 0, notActionable: 0 },
    districts: [],
    lists: { review: { total: 0, leading: [] }, outOfState: [], otherNotActionable: { total: 0, leading: [] } },
    rejected: records.map((r) => ({ position: `line ${r.position.line}`, reportId: r.reportId, errors: r.errors })),
    rejectedTotal: records.length,
    generatedAt: '2026-12-03T10:00:00Z',
  });
  const masked = records.map(maskRejected);
  return [email.subject, email.text, email.html, formatRejected('b-0000000000000001', masked, true), JSON.stringify(masked)];
}

describe('no value of a rejected record in any output', () => {
  it('holds for PII and arbitrary text in every field that rejects it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(piiValue, fc.integer({ min: 0, max: PLACES.length - 1 })), { minLength: 1, maxLength: 5 }), (cases) => {
        const records: RejectedRecord[] = cases.map(([value, place], i) => {
          const parsed = validateRecord({ position: { line: i + 1 }, value: { reportId: String(100 + i), ...PLACES[place]!(value) } });
          expect(parsed.ok).toBe(false);
          // What Validate writes to the rejected file.
          return JSON.parse(JSON.stringify(parsed.ok ? {} : { position: parsed.position, reportId: parsed.reportId, errors: parsed.errors })) as RejectedRecord;
        });
        const rejectedFile = JSON.stringify(records);
        for (const out of [rejectedFile, ...outputs(records)]) {
          for (const [value] of cases) {
            expect(out).not.toContain(value);
            expect(out).not.toContain(esc(value));
            expect(out).not.toContain(JSON.stringify(value).slice(1, -1));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('names the field, the rule and the kind and length of the value', () => {
    const parsed = validateRecord({ position: { line: 1 }, value: { reportId: '7', report: { incidentSummary: { incidentType: 'Ramesh Kumar, 9876543210', incidentDateTime: '2026-09-30T18:22:11Z' } } } });
    expect(parsed.ok ? [] : parsed.errors).toEqual([
      { path: 'report.incidentSummary.incidentType', message: 'not one of the CyberTipline incident types (got text of 24 characters)' },
    ]);
  });

  it('cuts quoted text and masks identifiers in a message from an older run, keeping the report ID', () => {
    const old: RejectedRecord = { position: { line: 4 }, reportId: '900000104', errors: [{ path: 'report.incidentSummary.incidentType', message: 'unknown incident type "Ramesh Kumar, 12 MG Road"' }] };
    const [subject, ...bodies] = outputs([old]);
    expect(subject).not.toContain('Ramesh');
    for (const out of bodies) {
      expect(out).not.toContain('Ramesh');
      expect(out).toContain('900000104');
    }
  });
});
