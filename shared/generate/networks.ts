/**
 * Indian ISPs and their autonomous systems (REFERENCE §3.7) with address blocks to draw suspect IPs
 * from. The prefixes are plausible for each operator but synthetic: this is test data, not an
 * allocation registry, and nothing should geolocate by them.
 */
import type { Rng } from './prng.js';

export interface Network {
  key: string;
  isp: string;
  asn: number;
  /** Mobile carriers sit behind carrier-grade NAT: a missing source port matters (REFERENCE §3.8). */
  mobile: boolean;
  /** First two octets of IPv4 blocks to draw from. */
  v4: readonly (readonly [number, number])[];
  /** IPv6 /32 prefixes (first two hextets). */
  v6: readonly string[];
  /** Share of this operator's events seen over IPv6. */
  v6Share: number;
}

export const NETWORKS: readonly (readonly [Network, number])[] = [
  [{ key: 'jio', isp: 'Reliance Jio Infocomm Limited', asn: 55836, mobile: true, v4: [[49, 36], [49, 42], [157, 34], [157, 47]], v6: ['2409:40c2', '2409:4050', '2405:201'], v6Share: 0.35 }, 45],
  [{ key: 'airtel-mobile', isp: 'Bharti Airtel Ltd. AS for GPRS Service', asn: 45609, mobile: true, v4: [[106, 76], [106, 77], [223, 181], [223, 187]], v6: ['2401:4900'], v6Share: 0.15 }, 18],
  [{ key: 'airtel-broadband', isp: 'Bharti Airtel Ltd., Telemedia Services', asn: 24560, mobile: false, v4: [[122, 171], [122, 175], [182, 69]], v6: ['2401:4900'], v6Share: 0.1 }, 6],
  [{ key: 'vi', isp: 'Vodafone Idea Ltd', asn: 55410, mobile: true, v4: [[42, 106], [42, 109], [106, 66]], v6: ['2402:3a80'], v6Share: 0.1 }, 12],
  [{ key: 'bsnl', isp: 'National Internet Backbone', asn: 9829, mobile: true, v4: [[117, 212], [117, 239], [59, 94]], v6: ['2409:4c00'], v6Share: 0.05 }, 10],
  [{ key: 'act', isp: 'Atria Convergence Technologies Pvt. Ltd. Broadband Internet Service Provider INDIA', asn: 24309, mobile: false, v4: [[49, 207], [106, 51]], v6: ['2403:e200'], v6Share: 0.05 }, 4],
  [{ key: 'hathway', isp: 'Hathway IP Over Cable Internet', asn: 17488, mobile: false, v4: [[103, 211], [183, 87]], v6: [], v6Share: 0 }, 3],
  [{ key: 'tata', isp: 'Tata Communications Ltd', asn: 4755, mobile: false, v4: [[14, 140], [115, 117]], v6: [], v6Share: 0 }, 2],
];

/** Networks abroad for out-of-country suspects. */
export const FOREIGN_NETWORK: Network = {
  key: 'foreign',
  isp: 'Example Global Telecom',
  asn: 64500, // documentation ASN (RFC 5398): clearly not a real operator
  mobile: false,
  v4: [[185, 220], [91, 74]],
  v6: [],
  v6Share: 0,
};

export type IpKind = 'v4' | 'v6' | 'cgnat' | 'private';

export interface DrawnIp {
  address: string;
  kind: IpKind;
}

/**
 * One address seen for a suspect. CGNAT (100.64.0.0/10) and RFC 1918 addresses leak into reports when
 * an ESP logs the wrong side of a proxy; they identify nobody and NCMEC cannot geolocate them.
 */
export function drawIp(rng: Rng, net: Network): DrawnIp {
  const r = rng.next();
  if (r < 0.02) return { address: `100.${rng.int(64, 127)}.${rng.int(0, 255)}.${rng.int(1, 254)}`, kind: 'cgnat' };
  if (r < 0.03) return { address: `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`, kind: 'private' };
  if (net.v6.length > 0 && rng.chance(net.v6Share)) {
    const prefix = rng.pick(net.v6);
    const hextet = () => rng.int(0, 0xffff).toString(16);
    return { address: `${prefix}:${hextet()}:${hextet()}::${rng.int(1, 0xff).toString(16)}`, kind: 'v6' };
  }
  const [a, b] = rng.pick(net.v4);
  return { address: `${a}.${b}.${rng.int(0, 255)}.${rng.int(1, 254)}`, kind: 'v4' };
}
