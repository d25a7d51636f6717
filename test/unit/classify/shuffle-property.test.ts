/**
 * Property: shuffling a batch's reports never changes its cases — linking (with placeholders, invalid
 * identifiers and shared identifiers among them), repeats of a report ID, districts and reasons.
 */
import fc from 'fast-check';
import { classifyBatch, noPriorKnowledge } from '../../../shared/classify/build-cases.js';
import type { EnrichedReport } from '../../../shared/model/enriched-report.js';
import { buildReport, shuffled } from './build-report.js';

const EMAILS = ['a.one@mail.example', 'b.two@mail.example', 'c.three@mail.example', 'n/a', 'x@@bad', 'test@gmail.com'];
const PHONES = ['+919732952977', '+919404703614', '+910000000000', 'raw:1234567'];
const DEVICES = ['imei:356938035643809', 'imei:000000000000000', 'imei:356938035643808'];
const ESP = ['examplechat:u-81723', 'examplechat:unknown', 'examplechat:screen:neo_99'];
const DISTRICTS = ['Indore', 'Bhopal', 'Gwalior', 'Jabalpur', 'Dewas', 'Rewa', null];

const report = fc
  .record({
    id: fc.integer({ min: 1, max: 40 }),
    emails: fc.subarray(EMAILS, { maxLength: 2 }),
    phones: fc.subarray(PHONES, { maxLength: 2 }),
    devices: fc.subarray(DEVICES, { maxLength: 1 }),
    espAccounts: fc.subarray(ESP, { maxLength: 1 }),
    district: fc.constantFrom(...DISTRICTS),
  })
  .map(({ id, district, ...identifiers }): EnrichedReport =>
    buildReport(String(id), {
      identifiers,
      location: district ? { district } : { status: 'none', district: null, source: null },
    }),
  );

const withoutReports = (cases: ReturnType<typeof classifyBatch>) => cases.map(({ reports: _r, ...c }) => c);

describe('classification is independent of input order', () => {
  it('gives the same cases for every shuffle of a batch', () => {
    fc.assert(
      fc.property(fc.array(report, { minLength: 1, maxLength: 40 }), fc.integer(), (reports, seed) => {
        const expected = withoutReports(classifyBatch('B1', reports, noPriorKnowledge()));
        expect(withoutReports(classifyBatch('B1', shuffled(reports, seed), noPriorKnowledge()))).toEqual(expected);
        expect(withoutReports(classifyBatch('B1', [...reports].reverse(), noPriorKnowledge()))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
