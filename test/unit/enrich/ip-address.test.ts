import ipaddr from 'ipaddr.js';
import { parseIp } from '../../../shared/enrich/ip-address.js';

describe('parseIp', () => {
  it.each([
    ['49.36.10.7', '49.36.10.7', 4, 'public'],
    [' 117.208.103.119 ', '117.208.103.119', 4, 'public'],
    ['10.1.2.3', '10.1.2.3', 4, 'private'],
    ['172.16.0.1', '172.16.0.1', 4, 'private'],
    ['172.32.0.1', '172.32.0.1', 4, 'public'], // just outside 172.16/12
    ['192.168.1.10', '192.168.1.10', 4, 'private'],
    ['100.64.0.1', '100.64.0.1', 4, 'cgnat'],
    ['100.127.255.254', '100.127.255.254', 4, 'cgnat'],
    ['100.128.0.1', '100.128.0.1', 4, 'public'], // just outside 100.64/10
    ['127.0.0.1', '127.0.0.1', 4, 'reserved'],
    ['169.254.3.4', '169.254.3.4', 4, 'reserved'],
    ['224.0.0.1', '224.0.0.1', 4, 'reserved'],
    ['0.0.0.0', '0.0.0.0', 4, 'reserved'],
    ['192.0.2.5', '192.0.2.5', 4, 'reserved'], // documentation
    ['240.0.0.1', '240.0.0.1', 4, 'reserved'],
    ['255.255.255.255', '255.255.255.255', 4, 'reserved'],
    ['2409:40C2:8FE5:EC76:0:0:0:47', '2409:40c2:8fe5:ec76::47', 6, 'public'],
    ['[2405:201::1]', '2405:201::1', 6, 'public'],
    ['fd12:3456::1', 'fd12:3456::1', 6, 'private'],
    ['fe80::1', 'fe80::1', 6, 'reserved'],
    ['::1', '::1', 6, 'reserved'],
    ['2001:db8::1', '2001:db8::1', 6, 'reserved'],
    ['::ffff:49.36.10.7', '49.36.10.7', 4, 'public'], // IPv4-mapped: unwrapped
    ['::ffff:192.168.0.1', '192.168.0.1', 4, 'private'],
    ['::ffff:100.64.1.1', '100.64.1.1', 4, 'cgnat'],
  ])('%s → %s v%s %s', (raw, ip, version, ipClass) => {
    expect(parseIp(raw)).toEqual({ ip, version, ipClass });
  });

  it.each(['', 'not-an-ip', '256.1.1.1', '1.2.3', '127.1', '0x7f.0.0.1', '010.1.1.1', '1.2.3.4.5', '2409:::1', 'gggg::1'])(
    '%s is invalid (no lenient guessing)',
    (raw) => {
      expect(parseIp(raw)).toEqual({ ip: raw.trim(), version: null, ipClass: 'invalid' });
    },
  );
});

describe('parseIp agrees with ipaddr.js', () => {
  // The reference: ipaddr.js's strict validation, IPv4-mapped unwrapping, range names and RFC 5952 text.
  const reference = (text: string) => {
    if (!ipaddr.IPv4.isValidFourPartDecimal(text) && !ipaddr.IPv6.isValid(text)) return { ip: text, version: null, ipClass: 'invalid' };
    const a = ipaddr.process(text);
    const range = a.range();
    const ipClass =
      range === 'unicast' ? 'public' : range === 'private' || range === 'uniqueLocal' ? 'private' : range === 'carrierGradeNat' ? 'cgnat' : 'reserved';
    return a.kind() === 'ipv4' ? { ip: a.toString(), version: 4, ipClass } : { ip: (a as ipaddr.IPv6).toRFC5952String(), version: 6, ipClass };
  };
  let seed = 7;
  const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const octet = (): number => [0, 10, 100, 127, 169, 172, 192, 198, 203, 224, 240, 255][rand(12)]! + (rand(4) === 0 ? rand(3) : 0);
  const hextet = (): string => ['0', '0', '0', 'ffff', '2001', 'db8', 'fe80', 'fc00', 'fd12', '2002', '64', 'ff9b', '2409', '40c2', '1', 'A', '00ab'][rand(17)]!;

  it('on 5,000 random IPv4, IPv6 and mapped addresses, and broken ones', () => {
    for (let i = 0; i < 5000; i++) {
      let text: string;
      const kind = rand(6);
      if (kind === 0) text = `${octet()}.${rand(256)}.${rand(256)}.${rand(256)}`;
      else if (kind === 1) text = Array.from({ length: 8 }, hextet).join(':');
      else if (kind === 2) {
        const head = Array.from({ length: rand(4) }, hextet).join(':');
        const tail = Array.from({ length: rand(4) }, hextet).join(':');
        text = `${head}::${tail}`;
      } else if (kind === 3) text = `::ffff:${octet()}.${rand(256)}.${rand(256)}.${rand(256)}`;
      else if (kind === 4) text = `${hextet()}:${hextet()}::${rand(256)}.${rand(256)}.0.${rand(256)}`;
      else {
        // mutations: extra colons, missing parts, leading zeros, letters
        const base = [`1.2.3.${rand(300)}`, `01.2.3.4`, `1.2..4`, `::1::`, `1:2:3:4:5:6:7:8:9`, `12345::1`, `g::1`, `1.2.3.4:80`, `:1::`, `1::2:`][rand(10)]!;
        text = base;
      }
      expect(parseIp(text)).toEqual(reference(text));
    }
  });
});
