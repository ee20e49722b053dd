/**
 * Micro-benchmark of the balancers (lib/balancers/): the cost of one pick
 * — and, for leastconn, of the release that follows — for every algorithm
 * over a backend of 10 servers with weights 1..10, with varied client
 * addresses, URIs, query parameters and headers so that the hashing ones
 * hash something new each time. Plain Node, performance.now, median of runs.
 *
 *   node dist/benchmarks/balancers.js [--runs 7] [--ms 300]
 */
import { performance } from 'node:perf_hooks';
import { arg, median } from './harness/micro.js';
import { RuntimeBackend } from '../lib/backend/backend.js';
import type { PickContext } from '../lib/balancers/balancer.js';
import { loadConfigText } from '../lib/config/load.js';
import { hasBackend } from '../lib/config/model/proxy.js';
import { DEFAULT_HEAD_LIMITS, parseRequestHead } from '../lib/http/parser.js';

const ALGORITHMS: readonly string[] = [
  'roundrobin',
  'static-rr',
  'leastconn',
  'first',
  'random',
  'source',
  'source\n    hash-type consistent',
  'uri',
  'uri\n    hash-type consistent djb2 avalanche',
  'url_param id',
  'hdr(x-user)',
];

function backendFor(balance: string): RuntimeBackend {
  const servers = Array.from({ length: 10 }, (_, i) => `    server s${i + 1} 127.0.0.1:${9001 + i} weight ${i + 1}`).join('\n');
  const text = `defaults\n    mode http\n    timeout connect 1s\n    timeout client 1s\n    timeout server 1s\nbackend be\n    balance ${balance}\n${servers}\n`;
  const r = loadConfigText(text);
  const proxy = r.model?.proxies.find((p) => hasBackend(p.kind));
  if (!proxy) throw new Error(`balance ${balance}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return new RuntimeBackend(proxy);
}

/** 1,024 request contexts: different client addresses, paths, query ids and x-user headers. */
function contexts(): PickContext[] {
  return Array.from({ length: 1024 }, (_, i) => {
    const raw = Buffer.from(`GET /items/${i * 7919}/detail?id=${i}&x=1 HTTP/1.1\r\nHost: h\r\nX-User: user${i % 97}\r\n\r\n`, 'latin1');
    const r = parseRequestHead(raw, DEFAULT_HEAD_LIMITS);
    if (r.kind !== 'head') throw new Error('bad request head');
    return { clientAddress: `10.${(i >> 8) & 255}.${i & 255}.${(i * 13) & 255}`, request: r.head };
  });
}

function main(): void {
  const runs = arg('runs', 7);
  const ms = arg('ms', 300);
  const ctx = contexts();
  const rows: string[] = [];
  for (const balance of ALGORITHMS) {
    const be = backendFor(balance);
    const samples: number[] = [];
    for (let run = 0; run < runs + 1; run++) {
      let picks = 0;
      const start = performance.now();
      let now = start;
      while (now - start < ms) {
        for (let i = 0; i < 1024; i++) {
          const s = be.balancer.pick(ctx[i] as PickContext);
          if (!s) throw new Error(`balance ${balance}: no server`);
          // A request starts and ends, as in the data plane (leastconn follows counts).
          s.counters.current++;
          s.counters.current--;
          be.balancer.onRelease?.(s);
        }
        picks += 1024;
        now = performance.now();
      }
      if (run > 0) samples.push(((now - start) * 1e6) / picks); // the first run warms up
    }
    const ns = median(samples);
    rows.push(`| ${balance.replace('\n    ', ', ')} | ${ns.toFixed(0)} ns | ${(1e9 / ns / 1e6).toFixed(1)} M |`);
  }
  process.stdout.write(`Balancer pick cost, 10 servers with weights 1..10, median of ${runs} runs of ${ms} ms (Node ${process.version}):\n\n`);
  process.stdout.write(`| balance | per pick | picks/s |\n|---|---:|---:|\n${rows.join('\n')}\n`);
}

main();
