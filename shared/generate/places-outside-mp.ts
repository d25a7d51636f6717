/**
 * Places outside Madhya Pradesh for out-of-jurisdiction reports: mostly neighbouring states (the ones a
 * geolocation database or a migrant worker's address most often gives), a few abroad. Some reuse MP
 * district names on purpose (Rajgarh in Rajasthan, Niwari in Uttar Pradesh): a router that matches a
 * city without its state would wrongly keep them.
 */
export interface Place {
  city: string;
  region: string;
  country: string;
  lat: number;
  lon: number;
  pin?: string;
}

export const OTHER_STATES: readonly Place[] = [
  { city: 'Nagpur', region: 'Maharashtra', country: 'IN', lat: 21.1458, lon: 79.0882, pin: '440001' },
  { city: 'Mumbai', region: 'Maharashtra', country: 'IN', lat: 19.076, lon: 72.8777, pin: '400001' },
  { city: 'Pune', region: 'Maharashtra', country: 'IN', lat: 18.5204, lon: 73.8567, pin: '411001' },
  { city: 'Jaipur', region: 'Rajasthan', country: 'IN', lat: 26.9124, lon: 75.7873, pin: '302001' },
  { city: 'Kota', region: 'Rajasthan', country: 'IN', lat: 25.2138, lon: 75.8648, pin: '324001' },
  { city: 'Rajgarh', region: 'Rajasthan', country: 'IN', lat: 27.2364, lon: 76.6249 },
  { city: 'Lucknow', region: 'Uttar Pradesh', country: 'IN', lat: 26.8467, lon: 80.9462, pin: '226001' },
  { city: 'Jhansi', region: 'Uttar Pradesh', country: 'IN', lat: 25.4484, lon: 78.5685, pin: '284001' },
  { city: 'Niwari', region: 'Uttar Pradesh', country: 'IN', lat: 28.8767, lon: 77.5562 },
  { city: 'Ahmedabad', region: 'Gujarat', country: 'IN', lat: 23.0225, lon: 72.5714, pin: '380001' },
  { city: 'Surat', region: 'Gujarat', country: 'IN', lat: 21.1702, lon: 72.8311, pin: '395003' },
  { city: 'Raipur', region: 'Chhattisgarh', country: 'IN', lat: 21.2514, lon: 81.6296, pin: '492001' },
  { city: 'New Delhi', region: 'Delhi', country: 'IN', lat: 28.6139, lon: 77.209, pin: '110001' },
];

export const OTHER_COUNTRIES: readonly Place[] = [
  { city: 'Dubai', region: 'Dubai', country: 'AE', lat: 25.2048, lon: 55.2708 },
  { city: 'Kathmandu', region: 'Bagmati', country: 'NP', lat: 27.7172, lon: 85.324 },
  { city: 'Dhaka', region: 'Dhaka Division', country: 'BD', lat: 23.8103, lon: 90.4125 },
  { city: 'London', region: 'England', country: 'GB', lat: 51.5072, lon: -0.1276 },
];

/** Ways the state is written in MP evidence (docs/design.md §5: all one state). */
export const MP_STATE_SPELLINGS: readonly (readonly [string, number])[] = [
  ['Madhya Pradesh', 6],
  ['MP', 3],
  ['M.P.', 1],
  ['madhya pradesh', 1],
];
