/**
 * `show table` and `clear table` (lib/stick/show-table.ts, table-filter.ts):
 * lines printed by HAProxy 2.6.12 for the same tables and counts (pointer
 * aside), the `data.<type> <op> <value>` and `key <k>` filters with HAProxy's
 * error messages, and what `clear table` removes or refuses.
 */
import t from 'tap';
import { loadConfigText } from '../../lib/config/load.js';
import type { StickEntry } from '../../lib/stick/entry.js';
import type { StickDataName } from '../../lib/stick/data-types.js';
import { showTable, showTableEntry, showTableHeader } from '../../lib/stick/show-table.js';
import { clearStickTable, parseStickTableFilter, type StickTableFilter } from '../../lib/stick/table-filter.js';
import { StickTable } from '../../lib/stick/table.js';

interface Clock {
  now: number;
}

function table(name: string, args: string, clock: Clock): StickTable {
  const r = loadConfigText(`backend ${name}\n    stick-table ${args}\n`);
  const config = r.model?.proxies.find((p) => p.name === name)?.stickTable;
  if (!config) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return new StickTable(name, config, () => clock.now);
}

function put(tb: StickTable, key: string | number, data: Partial<Record<StickDataName, number>>): StickEntry {
  const e = tb.getOrCreate(key);
  if (!e) throw new Error('full');
  for (const [name, n] of Object.entries(data)) {
    const s = tb.layout.slot(name as StickDataName);
    if (!s) throw new Error(`${name} not stored`);
    e.add(s, n, tb.now());
  }
  return e;
}

/** A line without its pointer-like id. */
const strip = (line: string): string => line.replace(/^0x[0-9a-f]+: /, '');

function filter(tb: StickTable, words: string, command: 'show' | 'clear' = 'show'): StickTableFilter {
  const f = parseStickTableFilter(tb, words.split(' ').filter(Boolean), command);
  if (f.kind === 'error') throw new Error(f.message);
  return f;
}

const show = (tb: StickTable, words: string, clock: Clock): string[] => showTable(tb, filter(tb, words), clock.now).map(strip);

t.test('every data type, as HAProxy printed them', async (t) => {
  const clock = { now: 1_000_000 };
  const tb = table(
    'fe',
    'type ip size 100 expire 10s store server_id,gpt0,gpc0,gpc0_rate(10s),gpc1,gpc1_rate(1s),conn_cnt,conn_cur,conn_rate(10s),sess_cnt,sess_rate(10s),http_req_cnt,http_req_rate(10s),http_err_cnt,http_err_rate(10s),http_fail_cnt,http_fail_rate(10s),bytes_in_cnt,bytes_in_rate(10s),bytes_out_cnt,bytes_out_rate(10s)',
    clock,
  );
  put(tb, '127.0.0.1', { conn_cnt: 1, conn_rate: 1, http_req_cnt: 1, http_req_rate: 1, bytes_in_cnt: 82, bytes_in_rate: 82, bytes_out_cnt: 49, bytes_out_rate: 49 });
  clock.now += 6;
  const [header, line, ...rest] = showTable(tb, { kind: 'all' }, clock.now);
  t.equal(header, '# table: fe, type: ip, size:100, used:1');
  t.match(line, /^0x[0-9a-f]{12}: key=/);
  t.equal(
    strip(line ?? ''),
    'key=127.0.0.1 use=0 exp=9994 server_id=0 gpt0=0 gpc0=0 gpc0_rate(10000)=0 conn_cnt=1 conn_rate(10000)=1 conn_cur=0 sess_cnt=0 sess_rate(10000)=0 http_req_cnt=1 http_req_rate(10000)=1 http_err_cnt=0 http_err_rate(10000)=0 bytes_in_cnt=82 bytes_in_rate(10000)=82 bytes_out_cnt=49 bytes_out_rate(10000)=49 gpc1=0 gpc1_rate(1000)=0 http_fail_cnt=0 http_fail_rate(10000)=0',
  );
  t.strictSame(rest, []);
  const b2 = table('b2', 'type ipv6 size 10 store gpt(3),gpc(2),gpc_rate(2,5s),server_key', clock);
  const e = put(b2, '::ffff:127.0.0.1', {});
  t.strictSame(show(b2, '', clock), ['# table: b2, type: ipv6, size:10, used:1', 'key=::ffff:127.0.0.1 use=0 exp=0 server_key=- gpt0=0 gpt1=0 gpt2=0 gpc0=0 gpc1=0 gpc0_rate(5000)=0 gpc1_rate(5000)=0']);
  e.serverKey = 's1';
  t.match(show(b2, '', clock)[1], / server_key=s1 /);
});

t.test('use counts holders, exp counts down to 0 and stays there while held', async (t) => {
  const clock = { now: 0 };
  const tb = table('t3', 'type ip size 3 expire 2s store conn_cur,conn_cnt', clock);
  const e = put(tb, '127.0.0.2', { conn_cur: 1, conn_cnt: 1 });
  tb.ref(e);
  clock.now = 104;
  t.equal(strip(showTableEntry(tb, e, clock.now)), 'key=127.0.0.2 use=1 exp=1896 conn_cnt=1 conn_cur=1');
  clock.now = 2500;
  t.strictSame(show(tb, '', clock), ['# table: t3, type: ip, size:3, used:1', 'key=127.0.0.2 use=1 exp=0 conn_cnt=1 conn_cur=1']);
  tb.release(e);
  t.equal(showTableHeader(tb, clock.now), '# table: t3, type: ip, size:3, used:0', 'the header counts after expiry');
});

t.test('entries come in key order', async (t) => {
  const clock = { now: 0 };
  const ti = table('ti', 'type integer size 100 store http_req_cnt', clock);
  for (const k of [1, 256, 65536, 2, 4294967295, 0, 12]) put(ti, k, { http_req_cnt: 1 });
  t.strictSame(
    show(ti, '', clock).slice(1).map((l) => l.split(' ')[0]),
    ['key=0', 'key=65536', 'key=256', 'key=1', 'key=2', 'key=12', 'key=4294967295'],
  );
  const tb = table('tb', 'type binary len 6 size 100 store http_req_cnt', clock);
  for (const k of ['ab', 'abcdefgh', 'a b']) put(tb, tb.keys.fromSample({ type: 'str', value: k }) as string, {});
  t.strictSame(
    show(tb, '', clock).slice(1).map((l) => l.split(' ')[0]),
    ['key=612062000000', 'key=616200000000', 'key=616263646566'],
  );
});

t.test('data filters: all conditions hold, rates read at the date of the command', async (t) => {
  const clock = { now: 1_000_000 };
  const tb = table('t3', 'type ip size 300 store conn_cnt,http_req_cnt,http_req_rate(10s),gpc(2),bytes_in_cnt,server_key', clock);
  put(tb, '1.1.1.1', { conn_cnt: 2, http_req_cnt: 2, http_req_rate: 2, bytes_in_cnt: 124 });
  put(tb, '2.2.2.2', { conn_cnt: 1, http_req_cnt: 1, http_req_rate: 1, bytes_in_cnt: 62 });
  const keysOf = (words: string): string[] => show(tb, words, clock).slice(1).map((l) => l.split(' ')[0] ?? '');
  t.strictSame(keysOf('data.conn_cnt gt 1'), ['key=1.1.1.1']);
  t.strictSame(keysOf('data.conn_cnt gt 1 data.http_req_cnt eq 2'), ['key=1.1.1.1']);
  t.strictSame(keysOf('data.conn_cnt gt 1 data.http_req_cnt eq 1'), []);
  t.strictSame(keysOf('data.gpc gt 1'), [], 'an array compares its first element');
  t.strictSame(keysOf('data.gpc ge 0'), ['key=1.1.1.1', 'key=2.2.2.2']);
  t.strictSame(keysOf('data.conn_cnt eq -1'), [], 'a signed comparison');
  t.strictSame(keysOf('data.conn_cnt gt 01'), ['key=1.1.1.1'], 'leading zeros');
  t.strictSame(keysOf('data.http_req_rate eq 2'), ['key=1.1.1.1']);
  t.strictSame(keysOf('data.bytes_in_cnt le 62'), ['key=2.2.2.2']);
  t.strictSame(keysOf('data.bytes_in_cnt lt 62'), []);
  t.strictSame(keysOf('data.bytes_in_cnt ne 62'), ['key=1.1.1.1']);
  t.strictSame(keysOf('data.server_key eq 0'), ['key=1.1.1.1', 'key=2.2.2.2'], 'the server key compares as 0');
  t.strictSame(keysOf('data.server_name ne 0'), []);
  t.strictSame(keysOf('data.conn_cnt ge 1 data.conn_cnt ge 1 data.conn_cnt ge 1 data.conn_cnt ge 2'), ['key=1.1.1.1'], 'four conditions');
  clock.now += 25_000;
  t.strictSame(keysOf('data.http_req_rate gt 0'), [], 'rates fade with time');
  t.equal(show(tb, 'data.conn_cnt gt 5', clock)[0], '# table: t3, type: ip, size:300, used:2', 'the header even when nothing matches');
});

t.test('filter errors are HAProxy\'s', async (t) => {
  const clock = { now: 0 };
  const tb = table('t3', 'type ip size 300 store conn_cnt,gpc(2)', clock);
  const errors: [string, string][] = [
    ['data.conn_cnt ge 1 data.conn_cnt ge 1 data.conn_cnt ge 1 data.conn_cnt ge 1 data.conn_cnt ge 1', "Detected extra data in filter, 16th word of input, after '1'"],
    ['data.foo gt 1', 'Filter entry #1: Unknown data type'],
    ['data.gpc0 gt 1', 'Filter entry #1: Data type not stored in this table'],
    ['data.conn_cnt xx 1', 'Filter entry #1: Require and operator among "eq", "ne", "le", "ge", "lt", "gt"'],
    ['data.conn_cnt', 'Filter entry #1: Require and operator among "eq", "ne", "le", "ge", "lt", "gt"'],
    ['data.conn_cnt eq abc', 'Filter entry #1: Require a valid integer value to compare against'],
    ['data.conn_cnt eq 1x', 'Filter entry #1: Require a valid integer value to compare against'],
    ['data.conn_cnt eq', 'Filter entry #1: Require a valid integer value to compare against'],
    ['data.conn_cnt gt +0', 'Filter entry #1: Require a valid integer value to compare against'],
    ['data.conn_cnt gt 99999999999999999999', 'Filter entry #1: Require a valid integer value to compare against'],
    ['data.conn_cnt gt 1 foo', 'Filter entry #2: Unknown data type'],
    ['data.conn_cnt gt 1 data.conn_cnt', 'Filter entry #2: Require and operator among "eq", "ne", "le", "ge", "lt", "gt"'],
    ['data.conn_cnt eq 5 key 1.1.1.1', 'Filter entry #2: Unknown data type'],
    ['key', 'Key value expected'],
    ['foo', 'Optional argument only supports "data.<store_data_type>" <operator> <value> and key <key>'],
  ];
  for (const [words, message] of errors) t.strictSame(parseStickTableFilter(tb, words.split(' '), 'show'), { kind: 'error', message }, words);
  t.strictSame(parseStickTableFilter(tb, ['key', '1.1.1.1', 'data.conn_cnt', 'eq', '5'], 'show'), { kind: 'key', key: '1.1.1.1' }, 'what follows a key is ignored');
  t.strictSame(parseStickTableFilter(tb, ['xxxxxconn_cnt', 'eq', '1'], 'show'), { kind: 'error', message: 'Optional argument only supports "data.<store_data_type>" <operator> <value> and key <key>' });
  t.match(parseStickTableFilter(tb, ['data.conn_cnt', 'eq', '1', 'xxxxxconn_cnt', 'eq', '2'], 'show'), { kind: 'data', conditions: [{ op: 'eq' }, { op: 'eq', value: 2n }] }, 'later words lose five bytes unchecked');
  t.strictSame(parseStickTableFilter(tb, [], 'show'), { kind: 'all' });
  const tbin = table('tb', 'type binary size 3 store gpc0', clock);
  t.strictSame(parseStickTableFilter(tbin, ['key', '12'], 'show'), { kind: 'error', message: 'Showing keys from tables of type other than ip, ipv6, string and integer is not supported' });
  t.strictSame(parseStickTableFilter(tbin, ['key', '12'], 'clear'), { kind: 'error', message: 'Removing keys from tables of type other than ip, ipv6, string and integer is not supported' });
  const t6 = table('t6', 'type ipv6 size 3 store gpc0', clock);
  t.strictSame(parseStickTableFilter(t6, ['key', '1.2.3.4'], 'show'), { kind: 'error', message: 'Invalid key' });
  const ti = table('ti', 'type integer size 3 store gpc0', clock);
  t.strictSame(parseStickTableFilter(ti, ['key', '4294967296'], 'clear'), { kind: 'error', message: 'Invalid key' });
});

t.test('key: the entry, or nothing at all', async (t) => {
  const clock = { now: 0 };
  const t3 = table('t3', 'type ip size 300 store conn_cnt,server_key,server_id', clock);
  put(t3, '1.1.0.1', { conn_cnt: 1 });
  const entry = ['# table: t3, type: ip, size:300, used:1', 'key=1.1.0.1 use=0 exp=0 server_id=0 conn_cnt=1 server_key=-'];
  t.strictSame(show(t3, 'key 1.1.0.1', clock), entry);
  t.strictSame(show(t3, 'key 001.1.0.1', clock), entry);
  t.strictSame(show(t3, 'key 1.1.0.1x', clock), entry);
  t.strictSame(show(t3, 'key 1.1.0.2', clock), []);
  const ts = table('ts', 'type string len 4 size 300 store gpc0', clock);
  put(ts, 'abcd', {});
  t.strictSame(show(ts, 'key abcdZZ', clock), ['# table: ts, type: string, size:300, used:1', 'key=abcd use=0 exp=0 gpc0=0'], 'cut at len');
  t.strictSame(show(ts, 'key abc', clock), []);
});

t.test('clear table removes what nobody holds; a held key is an error', async (t) => {
  const clock = { now: 0 };
  const tb = table('t3', 'type ip size 10 expire 2s store conn_cnt', clock);
  const held = put(tb, '127.0.0.2', { conn_cnt: 1 });
  tb.ref(held);
  put(tb, '127.0.0.3', { conn_cnt: 1 });
  put(tb, '1.1.1.1', { conn_cnt: 2 });
  put(tb, '2.2.2.2', { conn_cnt: 1 });
  t.equal(clearStickTable(tb, filter(tb, 'key 127.0.0.2', 'clear'), clock.now), 'Entry currently in use, cannot remove');
  t.equal(clearStickTable(tb, filter(tb, 'key 127.0.0.99', 'clear'), clock.now), undefined);
  t.equal(clearStickTable(tb, filter(tb, 'data.conn_cnt eq 1', 'clear'), clock.now), undefined);
  t.strictSame(show(tb, '', clock).slice(1).map((l) => l.split(' ')[0]), ['key=1.1.1.1', 'key=127.0.0.2'], 'held entries are skipped');
  t.equal(clearStickTable(tb, filter(tb, 'key 1.1.1.1', 'clear'), clock.now), undefined);
  t.equal(clearStickTable(tb, filter(tb, '', 'clear'), clock.now), undefined);
  t.strictSame(show(tb, '', clock), ['# table: t3, type: ip, size:10, used:1', 'key=127.0.0.2 use=1 exp=2000 conn_cnt=1']);
});
