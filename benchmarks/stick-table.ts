/**
 * Micro-benchmark of the stick table (lib/stick/): the cost of what a tracked
 * request does to it — find (or create) the entry of its key, bump a counter
 * and a rate, renew its expiry — over 1,024 keys already in a table of expire
 * 10s, with the date given (the request's) and with a read of the table's
 * clock; a lookup alone; an ipv6 table (keys canonicalised, from its memo);
 * the canonicalisation of new IPv6 text; and a full table where every request
 * creates an entry and every third purges. Plain Node, performance.now,
 * median of runs.
 *
 *   node dist/benchmarks/stick-table.js [--runs 7] [--ms 300]
 */
import { performance } from 'node:perf_hooks';
import { arg, median } from './harness/micro.js';
import type { StickTable as StickTableConfig } from '../lib/config/model/stick.js';
import { formatIPv6, parseIPv6 } from '../lib/stick/address.js';
import type { StickKeySample } from '../lib/stick/key.js';
import type { StickSlot } from '../lib/stick/layout.js';
import { StickTable } from '../lib/stick/table.js';

const KEYS = 1024;

function table(type: StickTableConfig['type'], size: number): StickTable {
  const config: StickTableConfig = {
    place: { file: 'bench', line: 1 },
    type,
    size,
    expire: 10_000,
    nopurge: false,
    store: [{ name: 'conn_cnt' }, { name: 'http_req_cnt' }, { name: 'http_req_rate', period: 10_000 }],
  };
  return new StickTable('bench', config);
}

function slot(tb: StickTable, name: 'http_req_cnt' | 'http_req_rate'): StickSlot {
  const s = tb.layout.slot(name);
  if (!s) throw new Error(name);
  return s;
}

/** ns per operation: `op(i)` over i = 0..1023 repeatedly, median of `runs` timed runs after one warm-up. */
function measure(runs: number, ms: number, op: (i: number) => void): number {
  const samples: number[] = [];
  for (let run = 0; run < runs + 1; run++) {
    let ops = 0;
    const start = performance.now();
    let now = start;
    while (now - start < ms) {
      for (let i = 0; i < KEYS; i++) op(i);
      ops += KEYS;
      now = performance.now();
    }
    if (run > 0) samples.push(((now - start) * 1e6) / ops);
  }
  return median(samples);
}

/** A tracked request: key, entry, http_req_cnt + 1, http_req_rate + 1, touch; at a fixed date or the clock's. */
function tracked(tb: StickTable, samples: readonly StickKeySample[], clock: boolean): (i: number) => void {
  const cnt = slot(tb, 'http_req_cnt');
  const rate = slot(tb, 'http_req_rate');
  const date = tb.now();
  return (i) => {
    const now = clock ? tb.now() : date;
    const key = tb.keys.fromSample(samples[i] as StickKeySample);
    const e = key === undefined ? undefined : tb.getOrCreate(key, now);
    if (!e) throw new Error('no entry');
    e.add(cnt, 1, now);
    e.add(rate, 1, now);
    tb.touch(e, now);
  };
}

function main(): void {
  const runs = arg('runs', 7);
  const ms = arg('ms', 300);
  const v4: StickKeySample[] = Array.from({ length: KEYS }, (_, i) => ({ type: 'ip', value: `10.${(i >> 8) & 255}.${i & 255}.${(i * 13) & 255}` }));
  const v6: StickKeySample[] = Array.from({ length: KEYS }, (_, i) => ({ type: 'ip', value: `2001:db8::${i.toString(16)}:${((i * 13) & 0xffff).toString(16)}` }));
  const rows: string[] = [];
  const row = (what: string, ns: number): void => void rows.push(`| ${what} | ${ns.toFixed(0)} ns | ${(1e9 / ns / 1e6).toFixed(1)} M |`);

  const ip = table('ip', 100_000);
  row('ip: lookup + 2 updates + touch', measure(runs, ms, tracked(ip, v4, false)));
  row('ip: the same + a clock read', measure(runs, ms, tracked(ip, v4, true)));
  const keys = v4.map((s) => ip.keys.fromSample(s) as string);
  const date = ip.now();
  row('ip: lookup alone', measure(runs, ms, (i) => void ip.lookup(keys[i] as string, date)));
  row('ipv6: key + lookup + 2 updates + touch', measure(runs, ms, tracked(table('ipv6', 100_000), v6, false)));
  const texts = v6.map((s) => String(s.value));
  row('ipv6: canonical text of a new address', measure(runs, ms, (i) => void formatIPv6(parseIPv6(texts[i] as string) as number[])));
  // 512 entries, 1,024 keys in turn: every request creates an entry, and every third purges (512 >> 8) + 1 = 3.
  row('ip, full: create (+ purge)', measure(runs, ms, tracked(table('ip', 512), v4, false)));
  process.stdout.write(`Stick table cost per request, ${KEYS} keys, median of ${runs} runs of ${ms} ms (Node ${process.version}):\n\n`);
  process.stdout.write(`| operation | per request | requests/s |\n|---|---:|---:|\n${rows.join('\n')}\n`);
}

main();
