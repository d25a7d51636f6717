import towns from '../../../data/mp-towns.json' with { type: 'json' };
import {
  DISTRICTS,
  districtOfPlace,
  gazetteerKeys,
  matchPlace,
  nearestDistrictHq,
} from '../../../shared/enrich/gazetteer.js';
import { haversineKm } from '../../../shared/enrich/haversine.js';

const namesOf = (d: (typeof DISTRICTS)[number]): string[] => [...new Set([d.name, d.hq, ...d.aliases])];

describe('gazetteer data', () => {
  it('has the 55 districts with unique names and HQ points inside MP\'s bounding box', () => {
    expect(DISTRICTS).toHaveLength(55);
    expect(new Set(DISTRICTS.map((d) => d.name)).size).toBe(55);
    for (const d of DISTRICTS) {
      expect(d.lat).toBeGreaterThan(21);
      expect(d.lat).toBeLessThan(27);
      expect(d.lon).toBeGreaterThan(74);
      expect(d.lon).toBeLessThan(83);
    }
  });

  it('maps every known key to exactly one district, including every town', () => {
    const keys = gazetteerKeys();
    for (const t of towns) expect(keys.get(t.name.toLowerCase().replace(/[^a-z0-9]/g, ''))).toBe(t.district);
  });
});

describe('district names', () => {
  const cases = DISTRICTS.flatMap((d) => namesOf(d).map((name) => [name, d.name] as const));
  it.each(cases)('%s → %s in any case, spacing and with state suffixes', (name, district) => {
    for (const form of [name, name.toUpperCase(), ` ${name.toLowerCase()}  `, `${name}, MP`, `${name} (M.P.)`, `${name}, Madhya Pradesh`, `District ${name}`]) {
      expect(districtOfPlace(form)).toBe(district);
    }
  });

  it.each([
    ['East Nimar', 'Khandwa'],
    ['KHANDWA (EAST NIMAR)', 'Khandwa'],
    ['West Nimar', 'Khargone'],
    ['Khargone (West Nimar)', 'Khargone'],
    ['Narsimhapur', 'Narsinghpur'],
    ['Hoshangabad', 'Narmadapuram'],
    ['Narmadapuram (Hoshangabad)', 'Narmadapuram'],
    ['Nimach', 'Neemuch'],
    ['Nimuch', 'Neemuch'],
    ['Murwara', 'Katni'],
    ['Agar', 'Agar Malwa'],
    ['Agar-Malwa', 'Agar Malwa'],
    ['Ashok Nagar', 'Ashoknagar'],
    ['Ali Rajpur', 'Alirajpur'],
    ['Badwani', 'Barwani'],
    ['Saugor', 'Sagar'],
    ['Jubbulpore', 'Jabalpur'],
    ['Bhilsa', 'Vidisha'],
    ['Rutlam', 'Ratlam'],
    ['Waidhan', 'Singrauli'],
    ['Baidhan', 'Singrauli'],
  ])('historic and official spelling %s → %s', (name, district) => {
    expect(districtOfPlace(name)).toBe(district);
  });
});

describe('towns', () => {
  it.each([
    ['Mhow', 'Indore'],
    ['Dr. Ambedkar Nagar', 'Indore'],
    ['Pithampur', 'Dhar'],
    ['Itarsi', 'Narmadapuram'],
    ['Nagda', 'Ujjain'],
    ['Dabra', 'Gwalior'],
    ['Sarni', 'Betul'],
    ['Seoni Malwa', 'Narmadapuram'], // not Seoni district
    ['Seoni-Malwa', 'Narmadapuram'],
    ['Seoni', 'Seoni'],
    ['Sausar', 'Pandhurna'], // moved from Chhindwara in 2023
    ['Amarpatan', 'Maihar'],
    ['Hanumana', 'Mauganj'],
    ['Bina Etawa', 'Sagar'],
    ['Ganj Basoda', 'Vidisha'],
  ])('%s → %s', (town, district) => expect(districtOfPlace(town)).toBe(district));

  it.each(towns.map((t) => [t.name, t.district] as const))('every listed town: %s → %s', (town, district) => {
    expect(districtOfPlace(`${town.toUpperCase()}, M.P.`)).toBe(district);
  });
});

describe('misspellings', () => {
  it.each([
    ['Indor', 'Indore'],
    ['Idnore', 'Indore'],
    ['Bhopall', 'Bhopal'],
    ['Jabalpr', 'Jabalpur'],
    ['Gwaliar', 'Gwalior'],
    ['Hoshangbad', 'Narmadapuram'],
    ['Chhindwada', 'Chhindwara'],
    ['Ujain', 'Ujjain'],
    ['Khargon', 'Khargone'],
  ])('one letter off a name of six letters or more: %s → %s', (name, district) => {
    expect(districtOfPlace(name)).toBe(district);
  });

  it.each([
    ['Dindore', 'one edit from both Indore and Dindori'],
    ['Eestnimar', 'one edit from both East Nimar and West Nimar'],
    ['Reva', 'Rewa has four letters: no tolerance'],
    ['Sagr', 'Sagar has five letters'],
    ['Dhaar', 'Dhar has four letters'],
    ['Gunaa', 'Guna has four letters'],
    ['Raipur', 'Chhattisgarh, not a district of MP'],
    ['Nagpur', 'Maharashtra'],
    ['Jaipur', 'Rajasthan'],
    ['Indoree2', 'two edits'],
    ['Jabalpurr x', 'two edits'],
    ['Itarsee', 'towns are matched exactly'],
    ['', 'nothing'],
    ['MP', 'a state is not a district'],
  ])('%s does not match (%s)', (name) => {
    expect(districtOfPlace(name)).toBeUndefined();
  });
});

describe('matchPlace', () => {
  it('reports an MP suffix even when the name is unknown', () => {
    expect(matchPlace('Vijay Nagar, MP')).toEqual({ mentionsMp: true });
    expect(matchPlace('Vijay Nagar')).toEqual({ mentionsMp: false });
    expect(matchPlace('Indore (M.P.)')).toEqual({ district: 'Indore', mentionsMp: true });
  });
});

describe('nearest district HQ', () => {
  const hq = (name: string) => {
    const d = DISTRICTS.find((x) => x.name === name);
    if (!d) throw new Error(name);
    return d;
  };
  const along = (a: string, b: string, f: number): [number, number] => {
    const p = hq(a);
    const q = hq(b);
    return [p.lat + (q.lat - p.lat) * f, p.lon + (q.lon - p.lon) * f];
  };

  it.each(DISTRICTS.map((d) => [d.name, d.lat, d.lon] as const))('%s HQ point → itself', (name, lat, lon) => {
    expect(nearestDistrictHq(lat, lon)?.district).toBe(name);
    expect(nearestDistrictHq(lat + 0.02, lon - 0.02)?.district).toBe(name);
  });

  it.each([
    ['Bhopal', 'Sehore'],
    ['Indore', 'Dewas'],
    ['Bhopal', 'Raisen'],
    ['Jabalpur', 'Katni'],
    ['Satna', 'Maihar'],
    ['Rewa', 'Mauganj'],
  ])('between close HQs %s and %s, each side goes to its own HQ', (a, b) => {
    expect(haversineKm(hq(a).lat, hq(a).lon, hq(b).lat, hq(b).lon)).toBeLessThan(100);
    expect(nearestDistrictHq(...along(a, b, 0.45))?.district).toBe(a);
    expect(nearestDistrictHq(...along(a, b, 0.55))?.district).toBe(b);
  });

  it('uses great-circle distance (Bhopal–Sehore HQs are about 33 km apart)', () => {
    const km = haversineKm(hq('Bhopal').lat, hq('Bhopal').lon, hq('Sehore').lat, hq('Sehore').lon);
    expect(km).toBeGreaterThan(32);
    expect(km).toBeLessThan(35);
  });

  it('finds nothing beyond 50 km of every HQ', () => {
    expect(nearestDistrictHq(19.076, 72.8777)).toBeUndefined(); // Mumbai
    expect(nearestDistrictHq(21.1458, 79.0882)).toBeUndefined(); // Nagpur: ~76 km from Pandhurna
    expect(nearestDistrictHq(28.6139, 77.209)).toBeUndefined(); // Delhi
    expect(nearestDistrictHq(51.5, -0.12)).toBeUndefined();
  });

  it('honours the radius', () => {
    const guna = hq('Guna');
    // 0.1° of latitude is ~11.1 km.
    expect(nearestDistrictHq(guna.lat + 0.1, guna.lon, 12)).toMatchObject({ district: 'Guna' });
    expect(nearestDistrictHq(guna.lat + 0.1, guna.lon, 10)).toBeUndefined();
    expect(nearestDistrictHq(guna.lat + 0.1, guna.lon)?.km).toBeCloseTo(11.1, 0);
  });
});
