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
