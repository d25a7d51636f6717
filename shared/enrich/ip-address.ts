/**
 * IP addresses from ipCaptureEvent and NCMEC geolocation: parsed strictly (IPv4 dotted quad, IPv6, IPv4-mapped
 * IPv6) and classed. Only `public` addresses can identify a subscriber; RFC 1918 / IPv6 unique-local space is
 * `private`, 100.64.0.0/10 is `cgnat` (shared address space inside a carrier, RFC 6598), and loopback,
 * link-local, multicast, documentation, benchmarking, 6to4/Teredo and the like are `reserved`.
 */
import ipaddr from 'ipaddr.js';
import type { IpClass } from '../model/enriched-report.js';

export interface ParsedIp {
  /** Canonical text: dotted quad, or RFC 5952 compressed lower-case IPv6; IPv4-mapped unwrapped to IPv4. */
  ip: string;
  version: 4 | 6 | null;
  ipClass: IpClass;
}

const PRIVATE_RANGES = new Set(['private', 'uniqueLocal']);

/** Strict parse and class. Loose IPv4 forms ("127.1", "0x7f.0.0.1", "010.0.0.1") are invalid, not guessed at. */
export function parseIp(raw: string): ParsedIp {
  let text = raw.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (!ipaddr.IPv4.isValidFourPartDecimal(text) && !ipaddr.IPv6.isValid(text)) {
    return { ip: text, version: null, ipClass: 'invalid' };
  }
  const addr = ipaddr.process(text); // unwraps ::ffff:a.b.c.d
  const range = addr.range();
  const ipClass: IpClass =
    range === 'unicast' ? 'public' : PRIVATE_RANGES.has(range) ? 'private' : range === 'carrierGradeNat' ? 'cgnat' : 'reserved';
  return addr.kind() === 'ipv4'
    ? { ip: addr.toString(), version: 4, ipClass }
    : { ip: (addr as ipaddr.IPv6).toRFC5952String(), version: 6, ipClass };
}
