/**
 * Keys of every table type against the real HAProxy 2.6: header values are
 * tracked into integer, string, binary, ip and ipv6 tables (as `req.hdr`, a
 * string sample, or `req.hdr_ip`, an address) by HAProxy, and given to tslb's
 * tables as the same samples; the whole `show table` answers must match —
 * which keys convert, how they print, the order they are listed in. Then the
 * Runtime API filters and `clear table` on those tables, answer for answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadConfigText } from '../../lib/config/load.js';
import type { StickKeySample } from '../../lib/stick/key.js';
import { showTable } from '../../lib/stick/show-table.js';
import { clearStickTable, parseStickTableFilter } from '../../lib/stick/table-filter.js';
import { StickTable } from '../../lib/stick/table.js';
import { cli } from '../helpers/balancer-differential.js';
import { startHaproxy } from '../helpers/haproxy.js';
import { freePort } from '../helpers/net.js';

/** Table, how HAProxy fetches the header for it, and the values sent. */
const CASES: readonly (readonly [string, 'str' | 'ip', readonly string[]])[] = [
  ['t_int', 'str', ['1', '256', '65536', '2', '-1', '4294967297', '12abc', 'abc', '0x10', '+7']],
  ['t_str', 'str', ['a b', 'x=y', 'back\\slash', 'tab\tx', '\xe9t\xe9', 'abcdefghijklmnop', 'abc', 'ab', 'b', 'B', '~', '"q"', "'s'", '#h', '\x7f\x01']],
  ['t_bin', 'str', ['ab', 'abcdefgh', 'a b', '\xff\xfe']],
  ['t_ip', 'ip', ['1.2.3.4', '::ffff:5.6.7.8', '::9.9.9.9', '2002:0a0b:0c0d::', '::1', '10.0.0.1']],
  ['t_sip', 'str', ['010.1.1.1', '1.2.3.6x', '1.2.3', '256.1.1.1', '1.2.3.7', '1.2.3.4.5']],
  ['t_ip6', 'ip', ['1.2.3.4', '::ffff:5.6.7.8', '::9.9.9.9', '2002:0a0b:0c0d::', '::1', '2001:DB8::0:1', 'fe80:0:0:0:1:0:0:1', '1:0:0:1:0:0:0:1', '0:0:1:0:0:0:0:0']],
  ['t_sip6', 'str', ['1.2.3.4', '::FFFF:5.6.7.8', '::1']],
];

function config(port: number): string {
  const rules = CASES.map(([name, fetch]) => `    http-request track-sc0 ${fetch === 'ip' ? 'req.hdr_ip(x-k)' : 'req.hdr(x-k)'} table ${name} if { req.hdr(x-t) ${name} }`);
  return `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s

frontend fe
    bind 127.0.0.1:${port}
${rules.join('\n')}
    http-request return status 200

backend t_int
    stick-table type integer size 100 store http_req_cnt
backend t_str
    stick-table type string len 12 size 100 store http_req_cnt
backend t_bin
    stick-table type binary len 6 size 100 store http_req_cnt
backend t_ip
    stick-table type ip size 100 store http_req_cnt
backend t_sip
    stick-table type ip size 100 store http_req_cnt
backend t_ip6
    stick-table type ipv6 size 100 store http_req_cnt
backend t_sip6
    stick-table type ipv6 size 100 store http_req_cnt
`;
}

function request(port: number, name: string, value: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.write(Buffer.from(`GET / HTTP/1.1\r\nHost: h\r\nx-t: ${name}\r\nx-k: ${value}\r\nConnection: close\r\n\r\n`, 'latin1')));
    s.on('data', () => {});
    s.on('error', reject);
    s.on('close', () => resolve());
  });
}

t.test('keys convert, print and sort as in HAProxy; filters and clear answer alike', async (t) => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'tslb-stick-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const socket = join(dir, 'stats.sock');
  const text = config(port);
  const hp = await startHaproxy(`global\n    stats socket ${socket} level admin\n${text}`, port);
  t.teardown(hp.stop);
  const model = loadConfigText(text).model;
  const mine = new Map<string, StickTable>();
  for (const p of model?.proxies ?? []) if (p.stickTable) mine.set(p.name, new StickTable(p.name, p.stickTable));

  for (const [name, fetch, values] of CASES) {
    const tb = mine.get(name) as StickTable;
    const slot = tb.layout.slot('http_req_cnt');
    for (const value of values) {
      await request(port, name, value);
      // hdr_ip gives HAProxy an address only for address text, which is all these values are.
      const sample: StickKeySample = fetch === 'ip' ? { type: 'ip', value } : { type: 'str', value };
      const key = tb.keys.fromSample(sample);
      const e = key === undefined ? undefined : tb.getOrCreate(key);
      if (e && slot) e.add(slot, 1, tb.now());
    }
  }

  /** tslb's answer to a `show table` / `clear table` command, as the CLI would print it (trimmed). */
  function answer(command: string): string {
    const [verb = '', , name = '', ...words] = command.split(' ');
    const tb = mine.get(name) as StickTable;
    const filter = parseStickTableFilter(tb, words, verb === 'show' ? 'show' : 'clear');
    if (filter.kind === 'error') return filter.message;
    if (verb === 'show') return showTable(tb, filter, tb.now()).join('\n');
    return clearStickTable(tb, filter, tb.now()) ?? '';
  }
  const strip = (s: string): string => s.replace(/^0x[0-9a-f]+: /gm, '');

  const commands = [
    ...CASES.map(([name]) => `show table ${name}`),
    'show table t_int key 12',
    'show table t_int key 4294967296',
    'show table t_int key abc',
    'show table t_int key 13',
    'show table t_ip6 key ::FFFF:5.6.7.8',
    'show table t_ip6 key 1.2.3.4',
    'show table t_ip key 001.2.3.4',
    'show table t_ip key abc',
    'show table t_str key abcdefghijklmnop',
    'show table t_bin key 12',
    'show table t_int data.http_req_cnt gt 1',
    'show table t_int data.http_req_cnt eq 1 data.http_req_cnt le 1',
    'show table t_ip6 data.http_req_cnt ge 2',
    'show table t_ip data.conn_cnt gt 1',
    'show table t_ip data.http_req_cnt',
    'show table t_ip data.http_req_cnt gt x',
    'show table t_ip data.http_req_cnt gt 1 y',
    'show table t_ip bogus',
    'clear table t_str key abc',
    'clear table t_bin key 12',
    'show table t_str',
    'clear table t_int data.http_req_cnt eq 1',
    'show table t_int',
    'clear table t_ip6',
    'show table t_ip6',
  ];
  for (const command of commands) {
    const theirs = strip(await cli(socket, command));
    t.equal(strip(answer(command)), theirs, command);
  }
});
