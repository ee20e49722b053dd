/**
 * The stick table (lib/stick/table.ts) on a driven clock: tables built from
 * the configuration model, counters of every kind, expiry (lazy requeueing of
 * touched entries, held entries outliving their date), and what a full table
 * does — purge the least recently touched entries by (size >> 8) + 1, give up
 * after twice as many visits, refuse with `nopurge` — as HAProxy 2.6.12 does
 * it (table-differential.test.ts replays the purge cases live).
 */
import t from 'tap';
import { loadConfigText } from '../../lib/config/load.js';
import type { StickEntry } from '../../lib/stick/entry.js';
import type { StickSlot } from '../../lib/stick/layout.js';
import { StickTable } from '../../lib/stick/table.js';

interface Clock {
  now: number;
}

/** A table `t` declared as `stick-table <args>`, on a clock the test moves. */
function table(args: string, clock: Clock): StickTable {
  const r = loadConfigText(`backend t\n    stick-table ${args}\n`);
  const config = r.model?.proxies.find((p) => p.name === 't')?.stickTable;
  if (!config) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return new StickTable('t', config, () => clock.now);
}

function slot(tb: StickTable, name: Parameters<StickTable['layout']['slot']>[0], index = 0): StickSlot {
  const s = tb.layout.slot(name, index);
  if (!s) throw new Error(`${name} not stored`);
  return s;
}

function create(tb: StickTable, key: string): StickEntry {
  const e = tb.getOrCreate(key);
  if (!e) throw new Error(`no room for ${key}`);
  return e;
}

const keys = (tb: StickTable): string[] => tb.sorted().map((e) => String(e.key));

t.test('the layout follows HAProxy order whatever the store order, arrays one slot per element', async (t) => {
  const tb = table('type ip size 10 store conn_rate(10s),gpc(3),server_name,gpc_rate(2,1500ms),http_err_cnt,bytes_out_cnt', { now: 0 });
  t.strictSame(
    tb.layout.slots.map((s) => s.label),
    ['conn_rate(10000)', 'http_err_cnt', 'bytes_out_cnt', 'server_key', 'gpc0', 'gpc1', 'gpc2', 'gpc0_rate(1500)', 'gpc1_rate(1500)'],
  );
  t.equal(tb.layout.width, 3 + 1 + 1 + 3 + 3 * 2);
  t.equal(slot(tb, 'gpc', 2).offset, 7);
  t.equal(tb.layout.slot('gpc', 3), undefined);
  t.equal(tb.layout.slot('gpc1'), undefined, 'the legacy gpc1 is another datum');
  t.equal(tb.layout.slot('server_key')?.offset, -1);
  t.equal(tb.expire, 0);
  t.equal(tb.type, 'ip');
});

t.test('counters of every kind', async (t) => {
  const clock = { now: 1_000_000 };
  const tb = table('type string size 10 store server_id,gpt0,conn_cnt,bytes_in_cnt,http_req_rate(1s),server_key', clock);
  const e = create(tb, 'k');
  e.add(slot(tb, 'conn_cnt'), 1, clock.now);
  e.add(slot(tb, 'conn_cnt'), 2 ** 32 - 1, clock.now);
  t.equal(e.read(slot(tb, 'conn_cnt'), clock.now), 0, 'uint wraps');
  e.set(slot(tb, 'server_id'), 2 ** 31, clock.now);
  t.equal(e.read(slot(tb, 'server_id'), clock.now), -(2 ** 31), 'server_id is a signed 32-bit integer');
  e.add(slot(tb, 'server_id'), -1, clock.now);
  t.equal(e.read(slot(tb, 'server_id'), clock.now), 2 ** 31 - 1);
  e.add(slot(tb, 'bytes_in_cnt'), 2 ** 32, clock.now);
  e.add(slot(tb, 'bytes_in_cnt'), 5, clock.now);
  t.equal(e.read(slot(tb, 'bytes_in_cnt'), clock.now), 2 ** 32 + 5, 'bytes counters are 64-bit');
  e.set(slot(tb, 'bytes_in_cnt'), -1, clock.now);
  t.equal(e.read(slot(tb, 'bytes_in_cnt'), clock.now), 2 ** 64);
  e.set(slot(tb, 'gpt0'), -1, clock.now);
  t.equal(e.read(slot(tb, 'gpt0'), clock.now), 2 ** 32 - 1);
  for (let i = 0; i < 6; i++) e.add(slot(tb, 'http_req_rate'), 1, clock.now);
  clock.now += 1500;
  t.equal(e.read(slot(tb, 'http_req_rate'), clock.now), 3, 'half of the previous second');
  e.set(slot(tb, 'http_req_rate'), 40, clock.now);
  t.equal(e.read(slot(tb, 'http_req_rate'), clock.now), 40);
  t.equal(e.read(slot(tb, 'server_key'), clock.now), 0);
  t.throws(() => e.add(slot(tb, 'server_key'), 1, clock.now), TypeError);
  t.throws(() => e.set(slot(tb, 'server_key'), 1, clock.now), TypeError);
});

t.test('lookup finds, getOrCreate creates once', async (t) => {
  const clock = { now: 5000 };
  const tb = table('type ip size 10 expire 10s store gpc0', clock);
  t.equal(tb.lookup('10.0.0.1'), undefined);
  const e = create(tb, '10.0.0.1');
  t.equal(e.expire, 15_000, 'a new entry expires `expire` after its creation');
  t.equal(tb.getOrCreate('10.0.0.1'), e);
  t.equal(tb.lookup('10.0.0.1'), e);
  t.equal(tb.used, 1);
  clock.now = 7000;
  tb.touch(e);
  t.equal(e.expire, 17_000);
  t.not(create(tb, '10.0.0.2').id, e.id, 'entries have distinct ids');
});

t.test('an entry expires at its date; a touched one lives on from its new date', async (t) => {
  const clock = { now: 0 };
  const tb = table('type ip size 10 expire 100 store gpc0', clock);
  const a = create(tb, '10.0.0.1');
  create(tb, '10.0.0.2');
  clock.now = 60;
  tb.touch(a);
  t.equal(tb.sweep(), 100, 'the next sweep is due at the first queue date');
  clock.now = 99;
  t.strictSame(keys(tb), ['10.0.0.1', '10.0.0.2']);
  clock.now = 100;
  t.equal(tb.lookup('10.0.0.2'), undefined, 'gone at its date');
  t.equal(tb.lookup('10.0.0.1'), a, 'requeued at its new date');
  t.equal(tb.sweep(), 160);
  clock.now = 159;
  t.equal(tb.used, 1);
  clock.now = 160;
  t.equal(tb.lookup('10.0.0.1'), undefined);
  t.equal(tb.sweep(), Infinity);
  t.equal(tb.used, 0);
});

t.test('a held entry outlives its date; the last release removes it if it was not touched since', async (t) => {
  const clock = { now: 0 };
  const tb = table('type ip size 10 expire 100 store conn_cur', clock);
  const a = create(tb, '10.0.0.1');
  const b = create(tb, '10.0.0.2');
  tb.ref(a);
  tb.ref(a);
  tb.ref(b);
  clock.now = 500;
  t.strictSame(keys(tb), ['10.0.0.1', '10.0.0.2'], 'held entries stay');
  t.equal(tb.sweep(), Infinity, 'and are not swept again and again');
  tb.release(a);
  t.equal(tb.lookup('10.0.0.1'), a, 'still held once');
  tb.release(a);
  t.equal(tb.lookup('10.0.0.1'), undefined, 'the last release of an expired entry removes it');
  tb.touch(b);
  tb.release(b);
  t.equal(tb.lookup('10.0.0.2'), b, 'touched before its release: lives on');
  clock.now = 599;
  t.equal(tb.lookup('10.0.0.2'), b);
  clock.now = 600;
  t.equal(tb.lookup('10.0.0.2'), undefined);
});

t.test('without expire entries stay and the last touch decides what is oldest', async (t) => {
  const clock = { now: 0 };
  const tb = table('type ip size 3 store gpc0', clock);
  const a = create(tb, '1.0.0.1');
  tb.ref(a);
  clock.now = 10 ** 9;
  tb.release(a);
  t.equal(tb.sweep(), Infinity);
  t.equal(tb.used, 1, 'never expires, even released long after');
  t.equal(a.expire, 0, 'its date is its creation');
  tb.touch(a);
  t.equal(a.expire, 10 ** 9, 'and then its last touch');
});

/** Creates `key` (and touches it, as a tracker does) one ms after the previous step. */
function step(tb: StickTable, clock: Clock, key: string): StickEntry | undefined {
  clock.now += 1;
  const e = tb.getOrCreate(key);
  if (e) tb.touch(e);
  return e;
}

for (const expire of ['', 'expire 1m ']) {
  t.test(`a full table purges the least recently touched entry (${expire || 'no expire'})`, async (t) => {
    const clock = { now: 1000 };
    const tb = table(`type ip size 3 ${expire}store http_req_cnt`, clock);
    for (const k of ['1.0.0.1', '1.0.0.2', '1.0.0.3', '1.0.0.1', '1.0.0.4']) step(tb, clock, k);
    t.strictSame(keys(tb), ['1.0.0.1', '1.0.0.3', '1.0.0.4']);
    step(tb, clock, '1.0.0.5');
    t.strictSame(keys(tb), ['1.0.0.1', '1.0.0.4', '1.0.0.5']);
    step(tb, clock, '1.0.0.1');
    step(tb, clock, '1.0.0.6');
    t.strictSame(keys(tb), ['1.0.0.1', '1.0.0.5', '1.0.0.6']);
  });
}

t.test('the purge gives up after twice its batch of visits: touched entries first refuse a new one', async (t) => {
  const clock = { now: 1000 };
  const tb = table('type ip size 3 expire 1m store http_req_cnt', clock);
  for (const k of ['1.0.0.1', '1.0.0.2', '1.0.0.3', '1.0.0.1', '1.0.0.2']) step(tb, clock, k);
  t.equal(step(tb, clock, '1.0.0.4'), undefined, 'both visits requeue a touched entry');
  t.strictSame(keys(tb), ['1.0.0.1', '1.0.0.2', '1.0.0.3']);
  t.ok(step(tb, clock, '1.0.0.5'), 'the requeued entries now come after 1.0.0.3');
  t.strictSame(keys(tb), ['1.0.0.1', '1.0.0.2', '1.0.0.5']);
});

t.test('held entries are never purged, and two of them in front refuse a new entry', async (t) => {
  const clock = { now: 1000 };
  const tb = table('type ip size 3 expire 2s store conn_cur', clock);
  const a = step(tb, clock, '127.0.0.2') as StickEntry;
  const b = step(tb, clock, '127.0.0.3') as StickEntry;
  tb.ref(a);
  tb.ref(b);
  step(tb, clock, '9.9.9.9');
  t.equal(step(tb, clock, '9.9.9.8'), undefined);
  t.strictSame(keys(tb), ['9.9.9.9', '127.0.0.2', '127.0.0.3']);
  tb.release(b);
  t.ok(step(tb, clock, '9.9.9.7'), 'one held entry in front leaves a visit for the next');
  t.strictSame(keys(tb), ['9.9.9.7', '9.9.9.9', '127.0.0.2']);
  // Held past its date, `a` is out of the heap, yet still counts as a visit.
  clock.now += 5000;
  t.strictSame(keys(tb), ['127.0.0.2']);
  t.equal(tb.remove(a), false, 'a held entry cannot be removed');
  tb.release(a);
  t.equal(tb.used, 0);
});

t.test('parked held entries count as visits in front of the queue', async (t) => {
  const clock = { now: 1000 };
  const tb = table('type ip size 3 expire 100 store conn_cur', clock);
  const held = ['10.0.0.1', '10.0.0.2'].map((k) => step(tb, clock, k) as StickEntry);
  for (const e of held) tb.ref(e);
  clock.now += 200;
  t.equal(tb.sweep(), Infinity, 'both parked');
  step(tb, clock, '10.0.0.3');
  t.equal(step(tb, clock, '10.0.0.4'), undefined, 'two parked entries use up both visits');
  tb.touch(held[0] as StickEntry);
  tb.release(held[0] as StickEntry);
  t.equal(tb.sweep(), 1303, 'released, it went back to its old place and was requeued at its date, after 10.0.0.3');
  t.ok(step(tb, clock, '10.0.0.4'), 'one parked visit leaves one for 10.0.0.3');
  t.strictSame(keys(tb), ['10.0.0.1', '10.0.0.2', '10.0.0.4']);
});

t.test('a purge removes (size >> 8) + 1 entries at once', async (t) => {
  const clock = { now: 1000 };
  const tb = table('type ip size 257 store http_req_cnt', clock);
  for (let i = 0; i < 257; i++) step(tb, clock, `2.0.${i >> 8}.${i & 255}`);
  t.equal(tb.used, 257);
  step(tb, clock, '3.3.3.3');
  t.equal(tb.used, 256);
  t.equal(tb.lookup('2.0.0.0'), undefined);
  t.equal(tb.lookup('2.0.0.1'), undefined);
  t.ok(tb.lookup('2.0.0.2'));
  t.ok(tb.lookup('3.3.3.3'));
});

t.test('nopurge: a full table refuses new entries', async (t) => {
  const clock = { now: 1000 };
  const tb = table('type integer size 2 nopurge store gpc0', clock);
  t.ok(tb.getOrCreate(1));
  t.ok(tb.getOrCreate(2));
  t.equal(tb.getOrCreate(3), undefined);
  t.equal(tb.used, 2);
  t.ok(tb.getOrCreate(1), 'existing entries are still found');
});

t.test('remove takes an entry out of the table and its queue', async (t) => {
  const clock = { now: 0 };
  const tb = table('type string size 3 expire 100 store gpc0', clock);
  const a = create(tb, 'a');
  create(tb, 'b');
  t.equal(tb.remove(a), true);
  t.strictSame(keys(tb), ['b']);
  t.equal(tb.sweep(), 100);
  clock.now = 100;
  t.equal(tb.used, 1);
  t.strictSame([...tb.entries()], [], 'swept on access');
});
