/**
 * Indian states and union territories (data/india-states.json): which one a region or state text means,
 * and which one a PIN code belongs to. "Madhya Pradesh", "MP", "M.P." and "madhya  pradesh" are one state;
 * a full name one letter off ("Madya Pradesh") still matches when no other state is that close.
 */
import * as z from 'zod';
import statesJson from '../../data/india-states.json' with { type: 'json' };
import { withinOneEdit } from './one-edit.js';
import { foldKey } from './place-key.js';

const statesSchema = z.object({
  mp: z.string().min(1),
  states: z.array(z.object({ name: z.string().min(1), aliases: z.array(z.string()), pinPrefixes: z.array(z.string().regex(/^\d\d$/)) })),
});

const DATA = statesSchema.parse(statesJson);
export const MP_STATE_NAME = DATA.mp;

export interface IndianState {
  name: string;
  isMp: boolean;
}

const BY_KEY = new Map<string, IndianState>();
const FUZZY: { key: string; state: IndianState }[] = [];
const BY_PIN_PREFIX = new Map<string, IndianState>();
for (const s of DATA.states) {
  const state: IndianState = { name: s.name, isMp: s.name === DATA.mp };
  for (const n of [s.name, ...s.aliases]) {
    const key = foldKey(n);
    const owner = BY_KEY.get(key);
    if (owner && owner.name !== s.name) throw new Error(`india-states: "${n}" names both ${owner.name} and ${s.name}`);
    BY_KEY.set(key, state);
  }
  FUZZY.push({ key: foldKey(s.name), state });
  for (const p of s.pinPrefixes) BY_PIN_PREFIX.set(p, state);
}
if (![...BY_KEY.values()].some((s) => s.isMp)) throw new Error('india-states: Madhya Pradesh missing');

const COUNTRY_TRAILER = /[\s,]+(india|bharat)\s*$/i;

const MEMO = new Map<string, IndianState | null>();

/** The state or union territory a text names ("MP", "Maharashtra", "Orissa", "Madhya Pradesh, India"). */
export function matchIndianState(text: string | undefined): IndianState | undefined {
  if (!text) return undefined;
  let hit = MEMO.get(text);
  if (hit === undefined) {
    if (MEMO.size >= 10_000) MEMO.clear();
    hit = lookupState(text) ?? null;
    MEMO.set(text, hit);
  }
  return hit ?? undefined;
}

function lookupState(text: string): IndianState | undefined {
  const key = foldKey(text.replace(COUNTRY_TRAILER, ''));
  if (!key) return undefined;
  const hit = BY_KEY.get(key);
  if (hit || key.length < 5) return hit;
  let found: IndianState | undefined;
  for (const f of FUZZY) {
    if (f.key.length >= 6 && withinOneEdit(key, f.key)) {
      if (found && found !== f.state) return undefined;
      found = f.state;
    }
  }
  return found;
}

export interface PinPlace {
  pin: string;
  isMp: boolean;
  /** The state when the PIN's first two digits belong to one state only. */
  state?: string;
}

const PIN = /^([1-8]\d)(\d)\s?(\d{3})$/;

/** An Indian PIN (6 digits, first 1–8; "452 001" accepted). MP PINs are 45xxxx–48xxxx. */
export function parsePin(text: string | undefined): PinPlace | undefined {
  const m = text === undefined ? null : PIN.exec(text.trim());
  if (!m) return undefined;
  const prefix = m[1] as string;
  const state = BY_PIN_PREFIX.get(prefix);
  const pin = `${prefix}${m[2]}${m[3]}`;
  return state ? { pin, isMp: state.isMp, state: state.name } : { pin, isMp: false };
}
