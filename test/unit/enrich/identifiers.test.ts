import { extractIdentifiers } from '../../../shared/enrich/identifiers.js';
import { buildReport } from './build-report.js';

describe('extractIdentifiers', () => {
  it('normalises emails, phones, devices and ESP accounts, de-duplicated and sorted', () => {
    const ids = extractIdentifiers(
      buildReport({
        companyName: ' ExampleChat ',
        person: {
          email: [' Same.Person@Mail.Example ', 'same.person@mail.example', { value: 'b@x.example' }],
          phone: [{ value: '98765 43210', countryCallingCode: '+91' }, '+91 98765 43210', '098765-43210', { value: '12' }],
        },
        suspect: {
          espIdentifier: ' u-81723 ',
          screenName: 'Night_Owl',
          deviceId: [{ idType: ' IMEI ', idValue: ' 356938035643809 ' }, { idValue: 'abc' }],
        },
        internetDetails: [{ cellPhoneIncident: { phoneNumber: '+91 70000 12345' } }],
      }),
    );
    expect(ids).toEqual({
      emails: ['b@x.example', 'same.person@mail.example'],
      phones: ['+917000012345', '+919876543210'],
      devices: ['imei:356938035643809', 'unknown:abc'],
      espAccounts: ['examplechat:screen:night_owl', 'examplechat:u-81723'],
    });
  });

  it('keeps the ESP identifier case (it is the ESP\'s key) but folds screen names', () => {
    const ids = extractIdentifiers(buildReport({ companyName: 'VidStream', suspect: { espIdentifier: 'AbC', screenName: 'AbC' } }));
    expect(ids.espAccounts).toEqual(['vidstream:AbC', 'vidstream:screen:abc']);
  });

  it('has no ESP account without a company name', () => {
    const r = buildReport({ suspect: { espIdentifier: 'u-1', screenName: 'x' } });
    delete r.report.reporter;
    expect(extractIdentifiers(r).espAccounts).toEqual([]);
  });

  it('collects identifiers of every suspect of a batched report', () => {
    const ids = extractIdentifiers(buildReport({ suspects: [{ espIdentifier: 'u-1' }, { espIdentifier: 'u-2' }] }));
    expect(ids.espAccounts).toEqual(['examplechat:u-1', 'examplechat:u-2']);
  });
});
