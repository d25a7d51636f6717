/**
 * One piece of location evidence, as each source (address, cell, estimated, geo) yields it:
 * a district of MP; MP without a district; or somewhere outside MP (another state or another country).
 * A source that says nothing usable yields nothing: a city name without a state, a region we cannot read.
 */
import type { LocationSource } from '../model/enriched-report.js';
import { countryName, normalizeCountry } from './country.js';
import { matchPlace, nearestDistrictHq } from './gazetteer.js';
import { matchIndianState } from './indian-state.js';

export type Evidence =
  | { source: LocationSource; kind: 'district'; district: string }
  | { source: LocationSource; kind: 'mp' }
  | { source: LocationSource; kind: 'elsewhere'; scope: 'state' | 'country'; where: string };

export interface RegionalPlace {
  country?: string;
  region?: string;
  city?: string;
  latitude?: number;
  longitude?: number;
}

/**
 * Evidence from a (country, region, city[, lat/lon]) triple, as ESP estimatedLocation and NCMEC geolocation
 * give it: a country other than India is out-of-country; another Indian state is out-of-state; region MP
 * (with country India or none) resolves the city through the gazetteer, else the coordinates to the nearest
 * HQ within 50 km, else stays "MP, district unknown". No readable region: nothing (a city alone never decides).
 */
export function regionalEvidence(source: LocationSource, place: RegionalPlace): Evidence | undefined {
  const country = normalizeCountry(place.country);
  if (country !== undefined && country !== 'IN') {
    return { source, kind: 'elsewhere', scope: 'country', where: countryName(country) };
  }
  const state = matchIndianState(place.region);
  if (!state) return undefined;
  if (!state.isMp) return { source, kind: 'elsewhere', scope: 'state', where: state.name };
  const byCity = place.city ? matchPlace(place.city).district : undefined;
  if (byCity) return { source, kind: 'district', district: byCity };
  if (place.latitude !== undefined && place.longitude !== undefined) {
    const near = nearestDistrictHq(place.latitude, place.longitude);
    if (near) return { source, kind: 'district', district: near.district };
  }
  return { source, kind: 'mp' };
}
