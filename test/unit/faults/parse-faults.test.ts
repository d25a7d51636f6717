import { parseFaults, FaultSpecError } from '../../../local/faults/parse-faults.js';
import { decider, parseSeed } from '../../../local/faults/decider.js';

test('parses states and services', () => {
  const spec = parseFaults('state:Enrich=0.3,state:Notify=0.5,dynamodb=0.2,s3=0.1,ses=0.3');
  expect([...spec.states]).toEqual([['Enrich', 0.3], ['Notify', 0.5]]);
  expect([...spec.services]).toEqual([['dynamodb', 0.2], ['s3', 0.1], ['ses', 0.3]]);
});

test('ses-reject: the share of SES sends refused with MessageRejected', () => {
  expect(parseFaults('ses-reject=1').sesReject).toBe(1);
  expect(parseFaults('ses=0.2, SES-REJECT=0.5').sesReject).toBe(0.5);
  expect(parseFaults('ses=0.2').sesReject).toBe(0);
  expect(() => parseFaults('ses-reject=0.1,ses-reject=0.2')).toThrow(/ses-reject is given twice/);
  expect(() => parseFaults('ses-reject=2')).toThrow(/not a number from 0 to 1/);
});

test('empty or missing spec injects nothing; spaces and trailing commas are fine', () => {
  expect(parseFaults(undefined).states.size + parseFaults('').services.size).toBe(0);
  const spec = parseFaults(' state:Notify = 1 , SES=0 ,');
  expect(spec.states.get('Notify')).toBe(1);
  expect(spec.services.get('ses')).toBe(0);
});

test.each([
  ['state:Enrich', /missing "=<rate>"/],
  ['state:Enrich=1.5', /rate "1.5" is not a number from 0 to 1/],
  ['state:Enrich=-0.1', /not a number from 0 to 1/],
  ['state:Enrich=abc', /not a number/],
  ['state:Enrich=', /not a number/],
  ['lambda=0.1', /unknown fault target "lambda"/],
  ['state:=0.1', /is not a state name/],
  ['s3=0.1,s3=0.2', /given twice/],
])('a bad spec %p fails with a clear error', (spec, message) => {
  expect(() => parseFaults(spec)).toThrow(FaultSpecError);
  expect(() => parseFaults(spec)).toThrow(message);
  expect(() => parseFaults(spec)).toThrow(/TIPLINE_FAULTS/);
});

test('decisions are seeded: same seed same sequence, and about the asked fraction', () => {
  const a = decider(0.3, 42, 'state:Enrich');
  const b = decider(0.3, 42, 'state:Enrich');
  const c = decider(0.3, 43, 'state:Enrich');
  const seqA = Array.from({ length: 2000 }, a);
  expect(Array.from({ length: 2000 }, b)).toEqual(seqA);
  expect(Array.from({ length: 2000 }, c)).not.toEqual(seqA);
  const share = seqA.filter(Boolean).length / seqA.length;
  expect(share).toBeGreaterThan(0.25);
  expect(share).toBeLessThan(0.35);
  expect(Array.from({ length: 50 }, decider(0, 1, 'x')).some(Boolean)).toBe(false);
  expect(Array.from({ length: 50 }, decider(1, 1, 'x')).every(Boolean)).toBe(true);
});

test('seed parsing', () => {
  expect(parseSeed(undefined)).toBe(1);
  expect(parseSeed('7')).toBe(7);
  expect(() => parseSeed('seven')).toThrow(/TIPLINE_FAULT_SEED/);
});
