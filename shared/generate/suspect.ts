/**
 * A suspect derived from nothing but (seed, index): where they are, their accounts and contact
 * identifiers. Reports of the same suspect re-derive the same suspect, so identifiers recur across a
 * batch of any size without the generator remembering anything. Identifiers come from bijective
 * mixes of the index, so two different suspects never share one by accident.
 */
import { DISTRICTS, type District } from './districts.js';
import { NETWORKS, FOREIGN_NETWORK, type Network } from './networks.js';
import { OTHER_COUNTRIES, OTHER_STATES, type Place } from './places-outside-mp.js';
import { Rng, WeightedTable, hashInts, mix32 } from './prng.js';
import { luhnCheckDigit } from '../enrich/identifier-validity.js';

/** A 15-digit IMEI from its first 14 digits: real IMEIs end in a Luhn check digit, and only those link. */
const imei = (body: string): string => `${body}${luhnCheckDigit(body)}`;

export type Whereabouts =
  | { kind: 'mp'; district: District }
  | { kind: 'other-state'; place: Place }
  | { kind: 'abroad'; place: Place }
  | { kind: 'unlocated' };

export interface Company {
  name: string;
  domain: string;
}

/** Fictional ESPs (the fixtures' names and a few more). */
export const COMPANIES: readonly (readonly [Company, number])[] = [
  [{ name: 'ExampleChat', domain: 'examplechat.example' }, 30],
  [{ name: 'PhotoShareCo', domain: 'photoshare.example' }, 20],
  [{ name: 'VidStream', domain: 'vidstream.example' }, 18],
  [{ name: 'ShortClipApp', domain: 'shortclip.example' }, 12],
  [{ name: 'MessengerOne', domain: 'messengerone.example' }, 10],
  [{ name: 'CloudDrive Example', domain: 'clouddrive.example' }, 6],
  [{ name: 'GameLobby', domain: 'gamelobby.example' }, 4],
];

export interface Suspect {
  index: number;
  where: Whereabouts;
  network: Network;
  company: Company;
  emails: string[];
  phone: string;
  device?: { idType: string; idValue: string };
  displayName?: string;
  handle: string;
}

const HANDLE_WORDS = ['raj', 'amit', 'sonu', 'vicky', 'deepak', 'rohit', 'anil', 'sunny', 'monu', 'ravi', 'ajay', 'pintu', 'golu', 'sanjay', 'arjun'];
const DISPLAY_NAMES = ['Raj', 'Amit K', 'Sonu', 'Vicky Singh', 'Deepak', 'Rohit', 'Anil Yadav', 'Sunny', 'Ravi', 'Ajay', 'Arjun'];
const EMAIL_DOMAINS = ['mail.example', 'inbox.example', 'post.example', 'webmail.example'];

const DISTRICT_TABLE = new WeightedTable(DISTRICTS.map((d) => [d, d.weight] as const));
const NETWORK_TABLE = new WeightedTable(NETWORKS);
const COMPANY_TABLE = new WeightedTable(COMPANIES);

const SUSPECT_STREAM = 0x5ec7;
const PHONE_SPACE = 4_000_000_000; // ten-digit mobiles 6000000000–9999999999

/** Bijection of [0, PHONE_SPACE) by cycle-walking mix32: unique phones for unique suspects. */
function phoneNumber(index: number, salt: number): string {
  let n = mix32((index ^ salt) >>> 0);
  while (n >= PHONE_SPACE) n = mix32(n);
  return `${6_000_000_000 + n}`;
}

/** Unique 7-char token per suspect (base-36 of a bijective mix). */
function token(index: number, salt: number): string {
  return mix32((index ^ salt) >>> 0).toString(36).padStart(7, '0');
}

const companyHash = new Map<string, number>();
function hashOfName(name: string): number {
  let h = companyHash.get(name);
  if (h === undefined) {
    h = 0;
    for (let k = 0; k < name.length; k++) h = mix32(h ^ name.charCodeAt(k));
    companyHash.set(name, h);
  }
  return h;
}

/** The ESP's user id for this suspect on one company's service; differs per company. */
export function espIdentifier(suspectIndex: number, seed: number, company: Company): string {
  const salt = mix32((seed ^ hashOfName(company.name)) >>> 0);
  return `u-${mix32((suspectIndex ^ salt) >>> 0).toString(16).padStart(8, '0')}`;
}

export function screenName(suspect: Suspect): string {
  return `${suspect.handle}_${suspect.index.toString(36)}`;
}

export function deriveSuspect(seed: number, index: number): Suspect {
  const rng = new Rng(hashInts(seed, SUSPECT_STREAM, index));
  // 88.5% in MP, 8% another state, 0.5% abroad, 3% nothing to go on.
  const r = rng.next();
  const where: Whereabouts =
    r < 0.885 ? { kind: 'mp', district: DISTRICT_TABLE.pick(rng) }
    : r < 0.965 ? { kind: 'other-state', place: rng.pick(OTHER_STATES) }
    : r < 0.97 ? { kind: 'abroad', place: rng.pick(OTHER_COUNTRIES) }
    : { kind: 'unlocated' };
  const handle = rng.pick(HANDLE_WORDS);
  const salt = hashInts(seed, 0xe3a1);
  const emails = [`${handle}.${token(index, salt)}@${rng.pick(EMAIL_DOMAINS)}`];
  if (rng.chance(0.1)) emails.push(`${token(index, salt ^ 0x2b)}@${rng.pick(EMAIL_DOMAINS)}`);
  const device = rng.chance(0.3)
    ? { idType: 'IMEI', idValue: imei(`35${rng.int(100, 999)}${`${mix32((index ^ salt ^ 0x1e) >>> 0)}`.padStart(10, '0').slice(1)}`) }
    : undefined;
  const suspect: Suspect = {
    index,
    where,
    network: where.kind === 'abroad' ? FOREIGN_NETWORK : NETWORK_TABLE.pick(rng),
    company: COMPANY_TABLE.pick(rng),
    emails,
    phone: phoneNumber(index, hashInts(seed, 0x9f0e)),
    handle,
  };
  if (device) suspect.device = device;
  if (rng.chance(0.2)) suspect.displayName = rng.pick(DISPLAY_NAMES);
  return suspect;
}

export function pickCompany(rng: Rng): Company {
  return COMPANY_TABLE.pick(rng);
}
