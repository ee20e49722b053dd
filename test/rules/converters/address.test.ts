import t from 'tap';
import { ipv6Text, parseIpv6 } from '../../../lib/rules/converters/ip.js';
import { converter } from '../../../lib/rules/converters/registry.js';
import type { Sample } from '../../../lib/rules/sample/sample.js';

function run(name: string, args: string[], input: Sample): unknown {
  const spec = converter(name);
  if (spec === undefined) throw new Error(`no converter ${name}`);
  return spec.compile(args)(input)?.value;
}
const ip = (value: string): Sample => ({ type: 'ip', value });
const str = (value: string): Sample => ({ type: 'str', value });

t.test('ipmask on IPv4, IPv4-mapped and IPv6 addresses', async (t) => {
  t.equal(run('ipmask', ['24'], ip('192.168.1.77')), '192.168.1.0');
  t.equal(run('ipmask', ['255.0.255.0'], ip('192.168.1.77')), '192.0.1.0');
  t.equal(run('ipmask', ['16'], ip('::ffff:10.1.2.3')), '10.1.0.0', 'a mapped address becomes IPv4');
  t.equal(run('ipmask', ['24'], ip('2001:db8::1')), undefined, 'IPv6 needs <mask6>');
  t.equal(run('ipmask', ['24', '64'], ip('2001:db8:85a3:1:2:8a2e:370:7334')), '2001:db8:85a3:1::');
  t.equal(run('ipmask', ['24', '128'], ip('::1.2.3.4')), '::1.2.3.4', 'a compatible address is written with its IPv4 tail');
  t.equal(run('ipmask', ['24', '48'], ip('2002:c0a8:101::1')), '2002:c0a8:101::', '6to4 stays IPv6');
  t.equal(run('ipmask', ['24', 'ffff::ffff'], ip('1:2:3:4:5:6:7:8')), '1::8');
  t.equal(run('ipmask', ['24'], { type: 'int', value: 16909060 }), '1.2.3.0', 'an integer casts to IPv4');
});

t.test('IPv6 text as inet_pton reads it and inet_ntop writes it', async (t) => {
  const round = (s: string): string | undefined => {
    const b = parseIpv6(s);
    return b === undefined ? undefined : ipv6Text(b);
  };
  t.equal(round('0:0:0:0:0:0:0:1'), '::1');
  t.equal(round('1:0:0:1:0:0:0:1'), '1:0:0:1::1', 'the longest run of zeros');
  t.equal(round('1:0:0:1:0:0:1:1'), '1::1:0:0:1:1', 'the first of equal runs');
  t.equal(round('1:0:1:1:1:1:1:1'), '1:0:1:1:1:1:1:1', 'a single zero is not compressed');
  t.equal(round('::ffff:1.2.3.4'), '::ffff:1.2.3.4');
  t.equal(round('::'), '::');
  t.equal(round('ABCD::'), 'abcd::');
  t.equal(round('1.2.3.4'), undefined);
  t.equal(round('fe80::1%eth0'), undefined);
});

t.test('host_only and port_only split at the last colon after any ]', async (t) => {
  const cases: [string, string, number][] = [
    ['HoSt.Com:80', 'host.com', 80], ['www.example.com', 'www.example.com', 0], ['[::1]:8080', '[::1]', 8080], ['[::1]', '[::1]', 0],
    ['::1', ':', 1], ['h:', 'h', 0], [':80', '', 80], ['h:0080', 'h', 80], ['h:8a0', 'h', 1290], ['h:99999999999', 'h', 1215752191], ['h:1:2', 'h:1', 2],
  ];
  for (const [header, host, port] of cases) {
    t.equal(run('host_only', [], str(header)), host, `host_only ${header}`);
    t.equal(run('port_only', [], str(header)), port, `port_only ${header}`);
  }
});
