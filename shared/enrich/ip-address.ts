/**
 * IP addresses from ipCaptureEvent and NCMEC geolocation: parsed strictly (IPv4 dotted quad, IPv6, IPv4-mapped
 * IPv6) and classed. Only `public` addresses can identify a subscriber; RFC 1918 / IPv6 unique-local space is
 * `private`, 100.64.0.0/10 is `cgnat` (shared address space inside a carrier, RFC 6598), and loopback,
 * link-local, multicast, documentation, benchmarking, 6to4/Teredo and the like are `reserved`.
 *
 * The special ranges are ipaddr.js's own tables (SpecialRanges), compiled once to integers. Parsing the
 * common forms is done here because ipaddr.js's parser costs tens of microseconds per address, which alone
 * would sink the Enrich throughput target; a unit test holds this parser equal to ipaddr.js on random input,
 * and IPv6 zone IDs ("fe80::1%eth0"), which are rare, go through ipaddr.js itself.
 */
import ipaddr from 'ipaddr.js';
import type { IpClass } from '../model/enriched-report.js';

export interface ParsedIp {
  /** Canonical text: dotted quad, or RFC 5952 compressed lower-case IPv6; IPv4-mapped unwrapped to IPv4. */
  ip: string;
  version: 4 | 6 | null;
  ipClass: IpClass;
}

/** ipaddr.js range name → our class. */
function classOf(range: string): IpClass {
  if (range === 'unicast') return 'public';
  if (range === 'private' || range === 'uniqueLocal') return 'private';
  if (range === 'carrierGradeNat') return 'cgnat';
  return 'reserved';
}

type SubnetList = [ipaddr.IPv4 | ipaddr.IPv6, number] | [ipaddr.IPv4 | ipaddr.IPv6, number][];
const asList = (ranges: SubnetList): [ipaddr.IPv4 | ipaddr.IPv6, number][] =>
  Array.isArray(ranges[0]) ? (ranges as [ipaddr.IPv4 | ipaddr.IPv6, number][]) : [ranges as [ipaddr.IPv4 | ipaddr.IPv6, number]];
const specialRanges = (proto: object): Record<string, SubnetList> =>
  (proto as { SpecialRanges: Record<string, SubnetList> }).SpecialRanges;

// IPv4 ranges as (network, mask) 32-bit integers, in ipaddr.js's order (first match wins, as there).
const V4_RANGES = Object.entries(specialRanges(ipaddr.IPv4.prototype)).flatMap(([name, ranges]) =>
  asList(ranges).map(([addr, bits]) => {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    const o = (addr as ipaddr.IPv4).octets;
    return { cls: classOf(name), net: (((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) & mask) >>> 0, mask };
  }),
);
// IPv6 ranges as 8 hextets and a prefix length, same order.
const V6_RANGES = Object.entries(specialRanges(ipaddr.IPv6.prototype))
  .filter(([name]) => name !== 'ipv4Mapped') // unwrapped to IPv4 before classing
  .flatMap(([name, ranges]) => asList(ranges).map(([addr, bits]) => ({ cls: classOf(name), parts: (addr as ipaddr.IPv6).parts, bits })));

function classifyV4(n: number): IpClass {
  for (const r of V4_RANGES) if (((n & r.mask) >>> 0) === r.net) return r.cls;
  return 'public';
}

function classifyV6(parts: readonly number[]): IpClass {
  for (const r of V6_RANGES) {
    let bits = r.bits;
    let ok = true;
    for (let i = 0; bits > 0 && ok; i++, bits -= 16) {
      const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
      ok = (parts[i]! & mask) === (r.parts[i]! & mask);
    }
    if (ok) return r.cls;
  }
  return 'public';
}

/** Strict dotted quad ("1.2.3.4"; no "127.1", no leading zeros, no hex) → 32-bit integer, or -1. */
function parseV4(s: string, from = 0): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return -1; // leading zero
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + part;
}

const hexVal = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;

/** One side of "::" → hextets (an IPv4 tail counts as two), or null. */
function groups(s: string, allowV4Tail: boolean): number[] | null {
  if (s === '') return [];
  const out: number[] = [];
  const pieces = s.split(':');
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k]!;
    if (allowV4Tail && k === pieces.length - 1 && p.includes('.')) {
      const v4 = parseV4(p);
      if (v4 < 0) return null;
      out.push(Math.floor(v4 / 65536), v4 % 65536);
      continue;
    }
    if (p.length === 0 || p.length > 4) return null;
    let v = 0;
    for (let i = 0; i < p.length; i++) {
      const h = hexVal(p.charCodeAt(i));
      if (h < 0) return null;
      v = v * 16 + h;
    }
    out.push(v);
  }
  return out;
}

/** IPv6 text → 8 hextets, or null. */
function parseV6(s: string): number[] | null {
  const gap = s.indexOf('::');
  if (gap < 0) {
    const all = groups(s, true);
    return all && all.length === 8 ? all : null;
  }
  if (s.indexOf('::', gap + 1) >= 0) return null;
  const head = groups(s.slice(0, gap), false);
  const tail = groups(s.slice(gap + 2), true);
  if (!head || !tail || head.length + tail.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** RFC 5952 text: lower-case hex, no leading zeros, the longest run (≥2) of zero groups as "::". */
function formatV6(parts: readonly number[]): string {
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (parts[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && parts[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestAt) {
      out += '::';
      i += bestLen - 1;
      continue;
    }
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += parts[i]!.toString(16);
  }
  return out;
}

const v4Text = (n: number): string => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/** The reference path, through ipaddr.js: zone IDs and anything the fast parser leaves alone. */
function viaIpaddr(text: string): ParsedIp {
  if (!ipaddr.IPv4.isValidFourPartDecimal(text) && !ipaddr.IPv6.isValid(text)) return { ip: text, version: null, ipClass: 'invalid' };
  const addr = ipaddr.process(text);
  const ipClass = classOf(addr.range());
  return addr.kind() === 'ipv4'
    ? { ip: addr.toString(), version: 4, ipClass }
    : { ip: (addr as ipaddr.IPv6).toRFC5952String(), version: 6, ipClass };
}

/** Strict parse and class. Loose IPv4 forms ("127.1", "0x7f.0.0.1", "010.0.0.1") are invalid, not guessed at. */
export function parseIp(raw: string): ParsedIp {
  let text = raw.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (!text.includes(':')) {
    const n = parseV4(text);
    return n < 0 ? { ip: text, version: null, ipClass: 'invalid' } : { ip: v4Text(n), version: 4, ipClass: classifyV4(n) };
  }
  if (text.includes('%')) return viaIpaddr(text);
  const parts = parseV6(text);
  if (!parts) return { ip: text, version: null, ipClass: 'invalid' };
  if (parts[0] === 0 && parts[1] === 0 && parts[2] === 0 && parts[3] === 0 && parts[4] === 0 && parts[5] === 0xffff) {
    const n = (parts[6]! * 65536 + parts[7]!) >>> 0;
    return { ip: v4Text(n), version: 4, ipClass: classifyV4(n) };
  }
  return { ip: formatV6(parts), version: 6, ipClass: classifyV6(parts) };
}
