import { createHash } from 'node:crypto';
import { identifierKeys, indexKey } from '../../../shared/classify/identifier-keys.js';
import { NO_IDS, buildReport, ipEvent } from './build-report.js';

const keysOf = (identifiers: Partial<typeof NO_IDS>, o: Parameters<typeof buildReport>[1] = {}) =>
  identifierKeys(buildReport('1', { identifiers: { ...NO_IDS, ...identifiers }, ...o }));

describe('identifierKeys', () => {
  it('namespaces each kind of identifier', () => {
    expect(
      keysOf({
        emails: ['a@x.example'],
        phones: ['+919876543210'],
        devices: ['IMEI:356938035643809'],
        espAccounts: ['ExampleChat:u-81723', 'ExampleChat:neo_99'],
      }),
    ).toEqual([
      'email:a@x.example',
      'phone:+919876543210',
      'device:imei:356938035643809',
      'esp:examplechat:u-81723',
      'esp:examplechat:neo_99',
    ]);
  });

  it('never yields an IP, public or not', () => {
    expect(keysOf({}, { ipEvents: [ipEvent('49.36.10.7'), ipEvent('2409:40c2::1')] })).toEqual([]);
  });

  it('folds email case and whitespace, and drops blanks and repeats', () => {
    expect(keysOf({ emails: [' Same.Person@MAIL.example ', 'same.person@mail.example', '  '] })).toEqual([
      'email:same.person@mail.example',
    ]);
  });

  it('puts any written form of one phone on the same E.164 key', () => {
    for (const p of ['+91 98765 43210', '098765-43210', '9876543210', '0091 9876543210', '(0)98765 43210']) {
      expect(keysOf({ phones: [p] })).toEqual(['phone:+919876543210']);
    }
  });

  it('keeps ESP accounts of different companies apart, and the account text as given', () => {
    expect(keysOf({ espAccounts: ['A:Bob', 'B:Bob', 'a:bob'] })).toEqual(['esp:a:Bob', 'esp:b:Bob', 'esp:a:bob']);
  });

  it('skips a device or account with an empty value', () => {
    expect(keysOf({ devices: ['IMEI:'], espAccounts: ['ExampleChat:'] })).toEqual([]);
  });
});

describe('indexKey', () => {
  it('is the SHA-256 hex of the identifier key, holding no raw identifier', () => {
    const k = indexKey('email:a@x.example');
    expect(k).toBe(createHash('sha256').update('email:a@x.example').digest('hex'));
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(indexKey('email:b@x.example')).not.toBe(k);
  });
});
