import { classifyBatch, type PriorKnowledge } from '../../../shared/classify/build-cases.js';
import { indexKey } from '../../../shared/classify/identifier-keys.js';
import { batchIndexKeys, identifierIndexEntries } from '../../../shared/classify/identifier-index.js';
import { NO_IDS, buildReport } from './build-report.js';

describe('identifier index helpers', () => {
  const reports = [
    buildReport('1', { identifiers: { emails: ['A@x.example'], phones: ['9876543210'] } }),
    buildReport('2', { identifiers: { emails: ['a@x.example'] }, location: { district: 'Bhopal' } }),
    buildReport('3', { identifiers: { ...NO_IDS, devices: ['IMEI:356938035643809'] }, location: { district: 'Rewa' } }),
  ];

  it('batchIndexKeys: every key of the batch once, hashed, sorted', () => {
    const keys = batchIndexKeys(reports);
    expect(keys).toEqual(
      ['email:a@x.example', 'phone:+919876543210', 'device:imei:356938035643809'].map(indexKey).sort(),
    );
  });

  it('identifierIndexEntries: each key points to the case holding it, with its district and batch', () => {
    const cases = classifyBatch('B7', reports, { reports: new Map(), identifiers: new Map() });
    const entries = identifierIndexEntries(cases);
    const caseOf = (id: string) => cases.find((c) => c.reportIds.includes(id))!;
    expect(entries).toHaveLength(3);
    expect(entries.find((e) => e.indexKey === indexKey('device:imei:356938035643809'))).toEqual({
      indexKey: indexKey('device:imei:356938035643809'),
      caseId: caseOf('3').caseId,
      district: 'Rewa',
      batchId: 'B7',
    });
    expect(entries.find((e) => e.indexKey === indexKey('phone:+919876543210'))!.caseId).toBe(caseOf('1').caseId);
  });

  it('writes nothing for duplicate cases, and feeding the entries back links the next batch', () => {
    const first = classifyBatch('B7', reports, { reports: new Map(), identifiers: new Map() });
    const prior: PriorKnowledge = {
      reports: new Map(first.flatMap((c) => c.reportIds.map((id) => [id, { batchId: 'B7', caseId: c.caseId }] as const))),
      identifiers: new Map(identifierIndexEntries(first).map(({ indexKey: k, ...e }) => [k, e])),
    };
    const next = classifyBatch('B8', [reports[2]!, buildReport('9', { identifiers: { ...NO_IDS, phones: ['+919876543210'] } })], prior);
    expect(identifierIndexEntries(next.filter((c) => c.disposition === 'duplicate'))).toEqual([]);
    const earlier = first.find((c) => c.reportIds.includes('1'))!;
    const linked = next.find((c) => c.reportIds.includes('9'))!;
    expect(linked.linkedCaseIds).toEqual([earlier.caseId]);
    // 1 (Indore) and 2 (Bhopal) tie at the same instant: alphabetical → Bhopal; report 9 itself says Indore.
    expect(earlier.district).toBe('Bhopal');
    expect(linked.district).toBe('Bhopal');
  });
});
