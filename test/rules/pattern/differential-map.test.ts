/**
 * Map lookups, differentially against real HAProxy 2.6: which entry
 * answers when several keys match, for every map_* match method, and how
 * map files are read.
 *
 * One HAProxy answers each request with `[<map_str>][<map_beg>]...`, every
 * map looked up with the input sent percent-encoded in x-v; each map has
 * its own file (maps sharing a file share a result cache in HAProxy, see
 * pattern-store.ts). tslb loads the same files and must give the same
 * answers: the value, '-' for no match (the converter's default), or
 * nothing when the input cannot be cast to the map's input type. (A
 * log-format string prints control bytes of a value as %XX.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadMap, type MapMethod } from '../../../lib/rules/pattern/index.js';
import { castSample, str } from '../../../lib/rules/sample/sample.js';
import { startHaproxy } from '../../helpers/haproxy.js';
import { freePort } from '../../helpers/net.js';

interface MapCase {
  readonly converter: string;
  readonly method: MapMethod;
  /** The file's bytes, as latin1. */
  readonly content: string;
}

const maps: readonly MapCase[] = [
  { converter: 'map', method: 'str', content: 'a one\na two\nA three\nabc four\n/abc five\n' },
  { converter: 'map_str', method: 'str', content: 'x\ty\nxy z\n' },
  { converter: 'map_beg', method: 'beg', content: '/a first\n/abc longer\n/ab mid\n/abc dup\n/ root\nwww. w\n' },
  { converter: 'map_sub', method: 'sub', content: 'bc one\nab two\nabc three\n.com four\n' },
  { converter: 'map_end', method: 'end', content: 'c one\nbc two\nabc three\n.com four\n' },
  { converter: 'map_dir', method: 'dir', content: '/images one\npng two\nimages/png three\n/ slash\n' },
  { converter: 'map_dom', method: 'dom', content: 'com one\nexample.com two\nwww three\n' },
  { converter: 'map_reg', method: 'reg', content: '^/api one\n\\.php$ two\n^/ three\n(?i)^ABC four\n' },
  { converter: 'map_int', method: 'int', content: '10:20 one\n15 two\n:5 three\n-3 four\n100: five\n7-8 six\n' },
  {
    converter: 'map_ip',
    method: 'ip',
    content:
      '10.0.0.0/8 eight\n10.1.0.0/16 sixteen\n10.1.2.3/8 dup8\n10.1.2.0/255.255.255.0 dotted24\n10.0.2.0/255.0.255.0 noncontig\n' +
      '10.0.0.0/255.0.0.255 noncontig2\n::ffff:10.1.2.0/120 v6mapped\n2002:a01:203::/48 sixtofour\n::ffff:12.0.0.0/104 v6for12\n' +
      '2001:db8::/32 doc\n2001:db8:1::/48 doc48\n0.0.0.0/0.0.0.255 lowbyte\n',
  },
  { converter: 'map_ip', method: 'ip', content: '::/0 any6\n10.0.0.0/8 eight\n' },
  {
    converter: 'map',
    method: 'str',
    content: '# comment\nk1 v1\n  k2\tvalue two  \n #k3 v3\nk4\n\tk5\rv5\nk6\x0bv6 x\nk7 v7\x0b\nk8 a\\tb\nk9 v9 # no comment\nk10  \xe9t\xe9\nk11 a\0b\nlast no-newline',
  },
];

const inputs: readonly string[] = [
  '', 'a', 'A', 'abc', '/abc', '/abcd', '/ab', '/a', '/', '/x', 'x', 'x\ty', 'xy', 'www.example.com', 'example.com', 'a.com', 'bc',
  'abcd', 'xabc', '/images/png/logo.png', '/img/png', '/api/x', '/index.php', 'index.php', 'ABC', 'aBc', '/ABC',
  '0', '3', '5', '6', '7', '8', '9', '10', '15', '20', '21', '99', '100', '-3', '-4', '12abc',
  '10.0.0.1', '10.1.2.3', '10.1.3.3', '10.2.2.2', '10.9.2.9', '10.9.2.3', '11.1.2.3', '11.1.2.0', '12.1.2.3', '127.0.0.1',
  '::1', '::ffff:10.1.2.3', '::10.1.2.3', '::ffff:10.9.9.9', '::ffff:12.3.4.5', '2002:a01:203::1', '2002:a01:303::1',
  '2002:b01:203::', '2001:db8::1', '2001:db8:1::1', 'fe80::1',
  'k1', 'k2', 'k3', '#k3', 'k4', 'k5', 'k6', 'k6\x0bv6', 'k7', 'k8', 'k9', 'k10', 'k11', 'last', '# comment',
];

/** The input type each map converter casts its input to (manual 7.3.1 table). */
function inputType(method: MapMethod): 'str' | 'int' | 'ip' {
  return method === 'int' ? 'int' : method === 'ip' ? 'ip' : 'str';
}

function encode(v: string): string {
  let out = '';
  for (const ch of v) out += /[A-Za-z0-9]/.test(ch) ? ch : `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
  return out;
}

/** A value as a log-format string prints it: control bytes as %XX. */
function logged(v: string): string {
  return v.replace(/[\x00-\x1f\x7f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function ask(agent: Agent, port: number, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { 'x-v': encode(input) }, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    });
    req.on('error', reject);
    req.end();
  });
}

t.test('HAProxy and tslb answer the same from maps', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tslb-maps-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const files = maps.map((m, i) => {
    const file = join(dir, `${i}.map`);
    writeFileSync(file, Buffer.from(m.content, 'latin1'));
    return file;
  });
  const port = await freePort();
  const lookups = maps.map((m, i) => `[%[req.hdr(x-v),url_dec,${m.converter}(${files[i]},-)]]`).join('');
  const cfg = [
    'global',
    '    nbthread 1',
    'defaults',
    '    mode http',
    '    timeout client 5s',
    '    timeout connect 5s',
    '    timeout server 5s',
    'frontend maps',
    `    bind 127.0.0.1:${port}`,
    `    http-request return status 200 content-type text/plain lf-string "${lookups}"`,
    '',
  ].join('\n');
  const haproxy = await startHaproxy(cfg, port);
  t.teardown(() => haproxy.stop());
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.teardown(() => agent.destroy());

  const loaded = maps.map((m, i) => loadMap(files[i] as string, m.method));
  let answered = 0;
  for (const input of inputs) {
    const theirs = await ask(agent, port, input);
    const ours = loaded
      .map((map) => {
        if (castSample(str(input), inputType(map.method)) === undefined) return '[]';
        const v = map.lookup(str(input));
        if (v !== undefined) answered++;
        return `[${logged(v ?? '-')}]`;
      })
      .join('');
    t.equal(ours, theirs, JSON.stringify(input));
  }
  t.ok(answered > 150, `${answered} lookups found an entry`);
  t.equal(haproxy.stderr().includes('ALERT'), false, 'haproxy loaded every map');
});
