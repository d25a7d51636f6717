/**
 * District of a report (docs/design.md §5): every district name and alias in every evidence position, the evidence
 * order, out-of-state and foreign places, and LOCATION_CONFLICT.
 */
import { DISTRICTS } from '../../../shared/enrich/gazetteer.js';
import { enrichReport } from '../../../shared/enrich/enrich-report.js';
import { buildReport, withAddress, withCell, withEstimated, withGeo } from './build-report.js';

const location = (r: Parameters<typeof enrichReport>[0]) => enrichReport(r).location;
const names = DISTRICTS.flatMap((d) => [...new Set([d.name, d.hq, ...d.aliases])].map((n) => [n, d.name] as const));

describe('every district name and alias in every evidence position', () => {
  it.each(names)('%s → %s', (name, district) => {
    const inMp = { status: 'in-mp', district, conflict: false };
    for (const state of ['Madhya Pradesh', 'MP', 'M.P.', 'madhya  pradesh']) {
      expect(location(withAddress({ city: name, nonUsaState: state, country: 'IN' }))).toEqual({ ...inMp, source: 'address' });
    }
    expect(location(withAddress({ city: name.toUpperCase(), zipCode: '462001' }))).toEqual({ ...inMp, source: 'address' });
    expect(location(withAddress({ city: `${name}, M.P.` }))).toEqual({ ...inMp, source: 'address' });
    expect(location(withAddress({ address: `12 Station Road, ${name}, Madhya Pradesh 462001` }))).toEqual({ ...inMp, source: 'address' });
    expect(location(withEstimated({ city: ` ${name.toLowerCase()} `, region: 'Madhya Pradesh', countryCode: 'IN' }))).toEqual({ ...inMp, source: 'estimated' });
    expect(location(withGeo({ city: name.toUpperCase(), region: 'Madhya Pradesh', country: 'IN' }))).toEqual({ ...inMp, source: 'geo' });
  });

  it.each(DISTRICTS.map((d) => [d.name, d.lat, d.lon] as const))('cell coordinates near %s HQ', (district, lat, lon) => {
    expect(location(withCell(lat + 0.03, lon + 0.03))).toEqual({ status: 'in-mp', district, source: 'cell', conflict: false });
  });

  it.each(DISTRICTS.map((d) => [d.name, d.lat, d.lon] as const))('geolocation with region MP, no city, coordinates near %s', (district, lat, lon) => {
    expect(location(withGeo({ region: 'MP', country: 'IN', latitude: lat - 0.02, longitude: lon }))).toMatchObject({ district, source: 'geo' });
  });
});

describe('a place name alone never decides', () => {
  it.each([
    ['address city without state, PIN or MP suffix', withAddress({ city: 'Indore' })],
    ['address city with country only', withAddress({ city: 'Indore', country: 'IN' })],
    ['estimated city without region', withEstimated({ city: 'Bhopal', countryCode: 'IN' })],
    ['geolocation city without region', withGeo({ city: 'Indore', country: 'IN' })],
    ['geolocation with an unreadable region', withGeo({ city: 'Indore', region: 'Central', country: 'IN' })],
    ['no evidence at all', buildReport()],
  ])('%s → none', (_label, report) => {
    expect(location(report)).toEqual({ status: 'none', district: null, source: null, conflict: false });
  });

  it('MP without a readable district is no location, not out of jurisdiction', () => {
    expect(location(withAddress({ city: 'Vijay Nagar', nonUsaState: 'MP' }))).toMatchObject({ status: 'none', district: null });
    expect(location(withGeo({ region: 'Madhya Pradesh', country: 'IN' }))).toMatchObject({ status: 'none' });
  });
});

describe('out of state and out of country', () => {
  it.each([
    ['address in Maharashtra', withAddress({ city: 'Nagpur', nonUsaState: 'Maharashtra', country: 'IN' }), 'out-of-state', 'Maharashtra', 'address'],
    ['MP city name with another state', withAddress({ city: 'Rajgarh', nonUsaState: 'Rajasthan', country: 'IN' }), 'out-of-state', 'Rajasthan', 'address'],
    ['Niwari in Uttar Pradesh', withAddress({ city: 'Niwari', nonUsaState: 'UP' }), 'out-of-state', 'Uttar Pradesh', 'address'],
    ['Sagar in Karnataka', withEstimated({ city: 'Sagar', region: 'Karnataka', countryCode: 'IN' }), 'out-of-state', 'Karnataka', 'estimated'],
    ['PIN outside MP', withAddress({ city: 'Nagpur', zipCode: '440001', country: 'IN' }), 'out-of-state', 'Maharashtra', 'address'],
    ['PIN of a shared prefix', withAddress({ zipCode: '800001', country: 'India' }), 'out-of-state', 'India (PIN outside Madhya Pradesh)', 'address'],
    ['address abroad', withAddress({ city: 'Kathmandu', country: 'NP' }), 'out-of-country', 'Nepal', 'address'],
    ['estimated abroad with an MP-looking region', withEstimated({ city: 'Indore', region: 'MP', countryCode: 'US' }), 'out-of-country', 'United States', 'estimated'],
    ['estimated in Chhattisgarh', withEstimated({ city: 'Raipur', region: 'Chhattisgarh', countryCode: 'IN' }), 'out-of-state', 'Chhattisgarh', 'estimated'],
    ['geolocation Nagpur, Maharashtra', withGeo({ city: 'Nagpur', region: 'Maharashtra', country: 'IN', latitude: 21.1458, longitude: 79.0882 }), 'out-of-state', 'Maharashtra', 'geo'],
    ['geolocation abroad', withGeo({ city: 'Dubai', region: 'Dubai', country: 'AE' }), 'out-of-country', 'United Arab Emirates', 'geo'],
  ])('%s', (_label, report, status, elsewhere, source) => {
    expect(location(report)).toEqual({ status, district: null, source, elsewhere, conflict: false });
  });

  it('reads a misspelt full state name when only one state is that close', () => {
    expect(location(withAddress({ city: 'Indore', nonUsaState: 'Madya Pradesh' }))).toMatchObject({ district: 'Indore' });
    expect(location(withAddress({ city: 'Pune', nonUsaState: 'Maharastra' }))).toMatchObject({ status: 'out-of-state', elsewhere: 'Maharashtra' });
  });

  it('treats pseudo-countries (A1 anonymous proxy) as no country', () => {
    expect(location(withEstimated({ city: 'Indore', region: 'Madhya Pradesh', countryCode: 'A1' }))).toMatchObject({ district: 'Indore' });
  });

  it('coordinates with no HQ within 50 km are no evidence either way', () => {
    expect(location(withCell(19.076, 72.8777))).toEqual({ status: 'none', district: null, source: null, conflict: false });
  });
});

describe('evidence order and conflicts', () => {
  const address = (city: string, state = 'MP') => ({ person: { address: [{ city, nonUsaState: state }] } });
  const cell = (lat: number, lon: number) => ({ internetDetails: [{ cellPhoneIncident: { latitude: lat, longitude: lon } }] });
  const estimated = (city: string, region = 'Madhya Pradesh') => ({ estimatedLocation: { city, region, countryCode: 'IN' } });
  const event = (ip: string, dateTime?: string) => ({ ipAddress: ip, dateTime, port: 1000 });
  const geo = (ip: string, city: string, region = 'Madhya Pradesh') => ({ ipAddress: ip, city, region, country: 'IN' });

  it('address beats cell, estimated and geo, and their disagreement is a conflict', () => {
    const r = buildReport({
      ...address('Bhopal'),
      ...cell(22.7174, 75.8663),
      suspect: { ...estimated('Gwalior'), ipCaptureEvent: [event('49.36.10.7')] },
      ncmecGeolocation: [geo('49.36.10.7', 'Jabalpur')],
    });
    const e = enrichReport(r);
    expect(e.location).toEqual({ status: 'in-mp', district: 'Bhopal', source: 'address', conflict: true });
    expect(e.warnings).toContain('LOCATION_CONFLICT');
  });

  it('cell beats estimated; estimated beats geo', () => {
    expect(location(buildReport({ ...cell(23.2, 79.95), suspect: estimated('Indore') }))).toMatchObject({ district: 'Jabalpur', source: 'cell', conflict: true });
    expect(
      location(buildReport({ suspect: { ...estimated('Gwalior'), ipCaptureEvent: [event('49.36.10.7')] }, ncmecGeolocation: [geo('49.36.10.7', 'Mhow')] })),
    ).toMatchObject({ district: 'Gwalior', source: 'estimated', conflict: true });
  });

  it('agreeing evidence is no conflict', () => {
    const e = enrichReport(buildReport({ ...address('Mhow'), suspect: estimated('INDORE') }));
    expect(e.location).toEqual({ status: 'in-mp', district: 'Indore', source: 'address', conflict: false });
    expect(e.warnings).not.toContain('LOCATION_CONFLICT');
  });

  it('evidence in MP wins over evidence elsewhere that comes first, and that is a conflict', () => {
    const r = buildReport({ ...address('Nagpur', 'Maharashtra'), suspect: estimated('Sehore') });
    expect(location(r)).toEqual({ status: 'in-mp', district: 'Sehore', source: 'estimated', conflict: true });
  });

  it('MP without district plus elsewhere: no location, conflict', () => {
    const r = buildReport({ ...address('Somewhere', 'MP'), suspect: estimated('Pune', 'Maharashtra') });
    expect(location(r)).toEqual({ status: 'none', district: null, source: null, conflict: true });
  });

  it('only elsewhere evidence: the first one names the place', () => {
    const r = buildReport({ ...address('Pune', 'Maharashtra'), suspect: estimated('Jaipur', 'Rajasthan') });
    expect(location(r)).toEqual({ status: 'out-of-state', district: null, source: 'address', elsewhere: 'Maharashtra', conflict: false });
  });

  it('geolocation follows the latest IP event first', () => {
    const r = buildReport({
      suspect: {
        ipCaptureEvent: [event('49.36.10.7', '2026-09-01T10:00:00Z'), event('49.36.10.8', '2026-09-02T10:00:00+05:30'), event('49.36.10.9')],
      },
      ncmecGeolocation: [geo('49.36.10.9', 'Rewa'), geo('49.36.10.7', 'Bhopal'), geo('49.36.10.8', 'Indore')],
    });
    // 10.8 at 04:30Z on the 2nd is latest; 10.9 has no time and goes last.
    expect(location(r)).toEqual({ status: 'in-mp', district: 'Indore', source: 'geo', conflict: true });
  });

  it('geolocation matches events whatever the IP spelling (IPv4-mapped, IPv6 case and zeros)', () => {
    const r = buildReport({
      suspect: { ipCaptureEvent: [event('::ffff:49.36.10.7', '2026-09-01T10:00:00Z'), event('2409:40C2:0000::0047', '2026-09-02T10:00:00Z')] },
      ncmecGeolocation: [geo('49.36.10.7', 'Bhopal'), geo('2409:40c2::47', 'Ujjain')],
    });
    expect(location(r)).toMatchObject({ district: 'Ujjain', conflict: true });
  });

  it('geolocation city wins over its own coordinates', () => {
    expect(location(withGeo({ city: 'Mhow', region: 'Madhya Pradesh', country: 'IN', latitude: 23.2572, longitude: 77.3983 }))).toMatchObject({ district: 'Indore' });
  });
});
