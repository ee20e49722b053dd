/**
 * One conformance suite over every balancer (every `balance` algorithm, map-
 * based and consistent hashing): only usable servers are picked — never a
 * disabled one, one of weight 0, one its checks marked DOWN or one its agent
 * drained or put in maintenance (issue 4: a balancer's picks are never
 * persistent, so DRAIN takes nothing here) — backup servers only when no
 * active server is usable (the first one, or all with `option allbackups`),
 * full servers are never returned, `avoid` is avoided, weights are followed
 * within 5 % over 10,000 picks, and the balancer follows state changes —
 * also when servers flap (admin, weight, health, agent) between picks while
 * requests are in progress.
 */
import t from 'tap';
import type { RuntimeBackend } from '../../lib/backend/backend.js';
import { ADMIN, type AgentAdmin, type RuntimeServer, type ServerHealth } from '../../lib/backend/server.js';
import type { PickContext } from '../../lib/balancers/balancer.js';
import type { RequestHead } from '../../lib/http/parser.js';
import { runtimeBackend } from '../helpers/runtime.js';

interface Case {
  readonly name: string;
  readonly lines: string;
  /**
   * How picks follow weights: exactly (within 5 % over 10,000 picks); under
   * load, in the requests each server holds at once (leastconn, random:
   * within 5 %); roughly (the consistent-hashing ring gives each server arcs
   * of uneven lengths, as in HAProxy: within 25 %); or not at all (first).
   */
  readonly spread: 'exact' | 'ring' | 'load' | 'none';
  /** Chooses on the consistent-hashing ring (weights × 10 for the spread: 160 points per server and more). */
  readonly ring?: boolean;
  /** The request waits (undefined) rather than go elsewhere when its server is full: hashing and random. */
  readonly waits: boolean;
}

const CASES: readonly Case[] = [
  { name: 'roundrobin', lines: 'balance roundrobin', spread: 'exact', waits: false },
  { name: 'static-rr', lines: 'balance static-rr', spread: 'exact', waits: false },
  { name: 'leastconn', lines: 'balance leastconn', spread: 'load', waits: false },
  { name: 'first', lines: 'balance first', spread: 'none', waits: false },
  { name: 'source', lines: 'balance source', spread: 'exact', waits: true },
  { name: 'source consistent', lines: 'balance source\n hash-type consistent', spread: 'ring', ring: true, waits: true },
  { name: 'uri', lines: 'balance uri', spread: 'exact', waits: true },
  { name: 'uri consistent', lines: 'balance uri depth 3\n hash-type consistent', spread: 'ring', ring: true, waits: true },
  { name: 'url_param', lines: 'balance url_param p', spread: 'exact', waits: true },
  { name: 'url_param consistent djb2 avalanche', lines: 'balance url_param p\n hash-type consistent djb2 avalanche', spread: 'ring', ring: true, waits: true },
  { name: 'hdr', lines: 'balance hdr(X-K)', spread: 'exact', waits: true },
  { name: 'hdr consistent wt6 avalanche', lines: 'balance hdr(x-k)\n hash-type consistent wt6 avalanche', spread: 'ring', ring: true, waits: true },
  { name: 'hdr consistent with hash-balance-factor', lines: 'balance hdr(x-k)\n hash-type consistent\n hash-balance-factor 150', spread: 'ring', ring: true, waits: true },
  { name: 'random', lines: 'balance random', spread: 'load', ring: true, waits: true },
  { name: 'random(3)', lines: 'balance random(3)', spread: 'load', ring: true, waits: true },
];

/** A backend section with `lines` and these server lines, built as the runtime builds it. */
function backend(c: Case, servers: string, options = ''): RuntimeBackend {
  return runtimeBackend(
    `
defaults
    mode http
    timeout connect 1s
    timeout client 1s
    timeout server 1s
backend l
    ${c.lines}
    ${options}
${servers}
`,
    'l',
  );
}

const serverLines = (spec: string): string =>
  spec
    .split(',')
    .map((s, i) => `    server ${s.trim().split(' ')[0]} 127.0.0.1:${9000 + i} ${s.trim().split(' ').slice(1).join(' ')}`)
    .join('\n');

/** The i-th request: a distinct client address, target, parameter and header each time. */
function request(i: number): PickContext {
  const head = {
    method: 'GET',
    target: `/obj/${i % 7}/${i}/x?p=${i}&q=1`,
    headers: [
      { name: 'Host', lname: 'host', value: 'h' },
      { name: 'X-K', lname: 'x-k', value: `k${i}` },
    ],
    host: 'h',
  } as unknown as RequestHead;
  return { clientAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, request: head };
}

/** Counts picks per server name over `n` requests, checking each pick with `check`. */
function tally(be: RuntimeBackend, n: number, check?: (s: RuntimeServer | undefined) => void, from = 0): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = from; i < from + n; i++) {
    const s = be.balancer.pick(request(i));
    check?.(s);
    const name = s?.name ?? '(none)';
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

const names = (counts: Map<string, number>): string[] => [...counts.keys()].sort();

/**
 * Changes a server at run time: its administrative state and weight as the
 * stats socket does (then tells the balancer), its health and agent state
 * as checks do — through RuntimeServer.change(), which reaches the balancer
 * through the backend's subscription only.
 */
function change(be: RuntimeBackend, name: string, to: { enabled?: boolean; weight?: number; health?: ServerHealth; agentAdmin?: AgentAdmin }): void {
  const s = be.servers.find((x) => x.name === name) as RuntimeServer;
  const { enabled, weight, ...checked } = to;
  if (enabled !== undefined || weight !== undefined) {
    if (enabled !== undefined) s.admin = enabled ? 0 : ADMIN.forcedMaint;
    if (weight !== undefined) s.weight = weight;
    be.balancer.onServerChange?.(s);
  }
  s.change(checked);
}

/**
 * Picks `n` requests under a steady load: each pick is counted in its
 * server's `current` and released `inflight` picks later, as a backend does.
 */
function underLoad(be: RuntimeBackend, n: number, inflight: number): Map<string, number> {
  const counts = new Map<string, number>();
  const open: RuntimeServer[] = [];
  for (let i = 0; i < n; i++) {
    const s = be.balancer.pick(request(i));
    if (s) {
      counts.set(s.name, (counts.get(s.name) ?? 0) + 1);
      s.counters.current++;
      open.push(s);
    }
    if (open.length >= inflight) {
      const done = open.shift() as RuntimeServer;
      done.counters.current--;
      be.balancer.onRelease?.(done);
    }
  }
  for (const s of open) s.counters.current--;
  return counts;
}

/** Each server's share against its weight's share: the largest relative error. */
function worstError(counts: Map<string, number>, weights: Record<string, number>): number {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const wsum = Object.values(weights).reduce((a, b) => a + b, 0);
  let worst = 0;
  for (const [name, w] of Object.entries(weights)) {
    const expected = (total * w) / wsum;
    worst = Math.max(worst, Math.abs((counts.get(name) ?? 0) - expected) / expected);
  }
  return worst;
}

for (const c of CASES) {
  t.test(c.name, async (t) => {
    t.test('never picks a disabled server or one of weight 0', async (t) => {
      const be = backend(c, serverLines('a weight 3, b weight 2 disabled, z weight 0, d weight 1'));
      t.strictSame(names(tally(be, 2000)), ['a', 'd'].filter((n) => c.spread !== 'none' || n === 'a'));
      change(be, 'a', { weight: 0 });
      t.strictSame(names(tally(be, 500)), ['d'], 'a server set to weight 0 at run time takes nothing');
      change(be, 'd', { enabled: false });
      t.strictSame(names(tally(be, 50)), ['(none)'], 'nothing usable: no server');
      change(be, 'b', { enabled: true });
      t.strictSame(names(tally(be, 50)), ['b'], 'a server enabled at run time is picked');
    });

    t.test('never picks a DOWN server, nor one its agent drained or put in maintenance', async (t) => {
      const be = backend(c, serverLines('a weight 3, b weight 2, d weight 1'));
      const [a, b] = be.servers as [RuntimeServer, RuntimeServer];
      // `first` fills the lowest id first: with no maxconn, only the first usable server.
      const expect = (usable: string[]): string[] => (c.spread === 'none' ? usable.slice(0, 1) : usable);
      t.strictSame(names(tally(be, 2000)), expect(['a', 'b', 'd']), 'all UP: all picked');
      change(be, 'b', { health: 'down' });
      t.strictSame(names(tally(be, 2000)), expect(['a', 'd']), 'b DOWN: never picked');
      change(be, 'a', { agentAdmin: 'drain' });
      t.ok(a.running && !a.usable, 'a drained: still running (persistent traffic) but not usable');
      t.strictSame(names(tally(be, 500)), ['d'], 'a drained by its agent: takes no balanced traffic');
      t.equal(be.balancer.pick(request(1), be.servers[2]), be.servers[2], 'the server to avoid when the others are DOWN or drained');
      change(be, 'd', { agentAdmin: 'maint' });
      t.strictSame(names(tally(be, 50)), ['(none)'], 'DOWN, DRAIN and MAINT: no server');
      change(be, 'b', { health: 'up' });
      t.strictSame(names(tally(be, 500)), ['b'], 'b back UP: picked at once');
      change(be, 'b', { health: 'down' });
      change(be, 'a', { agentAdmin: 'ready' });
      change(be, 'd', { agentAdmin: 'ready', health: 'down' });
      t.strictSame(names(tally(be, 500)), ['a'], 'a ready again, d DOWN');
      const avoided = be.balancer.pick(request(2), a);
      t.equal(avoided, a, 'avoiding the only usable server: it, never a DOWN one');
      change(be, 'd', { health: 'up' });
      change(be, 'b', { health: 'up' });
      t.equal(b.usable, true);
      t.strictSame(names(tally(be, 2000)), expect(['a', 'b', 'd']), 'all back: all picked');
    });

    t.test('backup servers only when no active server is usable', async (t) => {
      const servers = serverLines('a, b weight 2, b1 backup, b2 backup weight 3, b3 backup');
      for (const allbackups of [false, true]) {
        const be = backend(c, servers, allbackups ? 'option allbackups' : '');
        t.notOk(names(tally(be, 1000)).some((n) => n.startsWith('b') && n !== 'b'), 'actives only while one is usable');
        change(be, 'a', { enabled: false });
        t.strictSame(names(tally(be, 1000)), ['b'], 'the remaining active server');
        change(be, 'b', { enabled: false });
        const backups = names(tally(be, 1000));
        if (!allbackups) t.strictSame(backups, ['b1'], 'only the first backup without option allbackups');
        else if (c.spread === 'none') t.strictSame(backups, ['b1'], 'first: the lowest id among the backups');
        else t.strictSame(backups, ['b1', 'b2', 'b3'], 'every backup with option allbackups');
        change(be, 'b1', { enabled: false });
        t.strictSame(names(tally(be, 300)), allbackups && c.spread !== 'none' ? ['b2', 'b3'] : ['b2'], 'the first backup left goes: the next one takes over');
        change(be, 'b', { enabled: true });
        t.strictSame(names(tally(be, 300)), ['b'], 'an active server back: backups stop at once');
      }
    });

    t.test('never returns a full server', async (t) => {
      const be = backend(c, serverLines('a maxconn 1, b maxconn 2, d maxconn 1'));
      const [a, b, d] = be.servers as [RuntimeServer, RuntimeServer, RuntimeServer];
      a.counters.current = 1;
      const seen = tally(be, 1000, (s) => {
        if (s === a) t.fail('a full server was returned');
      });
      if (!c.waits) t.notOk(seen.has('(none)'), 'another server is always found');
      b.counters.current = 2;
      d.counters.current = 1;
      t.strictSame(names(tally(be, 100)), ['(none)'], 'every server full: none');
      d.counters.current = 0;
      const after = tally(be, 300);
      t.ok(after.has('d'), 'a freed slot is used');
      t.notOk(after.has('a') || after.has('b'), 'full servers stay out');
      if (!c.waits) t.strictSame(names(after), ['d']);
    });

    t.test('avoids the server to avoid when another is usable', async (t) => {
      const be = backend(c, serverLines('a, b, d'));
      const [a] = be.servers as [RuntimeServer];
      for (let i = 0; i < 500; i++) {
        const s = be.balancer.pick(request(i), a);
        if (s === a || !s) {
          t.fail(`picked ${s?.name ?? 'nothing'} for request ${i}`);
          return;
        }
      }
      const only = backend(c, serverLines('a, b disabled'));
      t.equal(only.balancer.pick(request(1), only.servers[0]), only.servers[0], 'the server to avoid when it is the only one');
    });

    if (c.spread !== 'none') {
      t.test('follows the weights, and weight changes', async (t) => {
        // The ring's arcs are only as even as it has points: 16 per unit of weight.
        const k = c.ring ? 10 : 1;
        const limit = c.spread === 'ring' ? 0.25 : 0.05;
        const run = (be: RuntimeBackend, from: number): Map<string, number> => (c.spread === 'load' ? underLoad(be, 10_000, 40) : tally(be, 10_000, undefined, from));
        const weights = { a: k, b: 2 * k, d: 3 * k, e: 4 * k };
        const be = backend(c, serverLines(Object.entries(weights).map(([n, w]) => `${n} weight ${w}`).join(', ')));
        const counts = run(be, 0);
        const err = worstError(counts, weights);
        t.ok(err <= limit, `largest error ${(err * 100).toFixed(1)} % <= ${limit * 100} % (${JSON.stringify(Object.fromEntries(counts))})`);
        change(be, 'e', { weight: k });
        change(be, 'a', { weight: 4 * k });
        const after = run(be, 10_000);
        const errAfter = worstError(after, { a: 4 * k, b: 2 * k, d: 3 * k, e: k });
        t.ok(errAfter <= limit, `after weight changes: largest error ${(errAfter * 100).toFixed(1)} % (${JSON.stringify(Object.fromEntries(after))})`);
      });
    }

    t.test('survives servers flapping between picks', async (t) => {
      const be = backend(c, serverLines('a weight 3, b weight 1, d weight 2, b1 backup, b2 backup weight 2'), 'option allbackups');
      let seed = 42;
      const rand = (n: number): number => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return (seed >>> 8) % n;
      };
      const AGENT: readonly AgentAdmin[] = ['ready', 'drain', 'maint'];
      const kinds = { weight: 0, admin: 0, health: 0, agent: 0 };
      // Requests in progress, released later (leastconn re-sorts on release, also of a server gone DOWN since).
      const open: RuntimeServer[] = [];
      let bad = 0;
      for (let i = 0; i < 40_000; i++) {
        if (i % 7 === 0) {
          const s = be.servers[rand(be.servers.length)] as RuntimeServer;
          const kind = rand(6);
          if (kind === 0) {
            kinds.weight++;
            change(be, s.name, { weight: rand(5) });
          } else if (kind === 1) {
            kinds.admin++;
            change(be, s.name, { enabled: !s.enabled });
          } else if (kind <= 3) {
            kinds.health++;
            change(be, s.name, { health: s.health === 'up' ? 'down' : 'up' });
          } else {
            kinds.agent++;
            change(be, s.name, { agentAdmin: AGENT[rand(AGENT.length)] as AgentAdmin });
          }
        }
        const picked = be.balancer.pick(request(i));
        const actives = be.servers.filter((s) => s.usable && !s.config.backup);
        const usable = be.servers.filter((s) => s.usable);
        if (picked && (!picked.usable || (actives.length > 0 && picked.config.backup))) bad++;
        if (!picked && usable.length > 0 && !c.waits) bad++;
        if (picked) {
          picked.counters.current++;
          open.push(picked);
        }
        if (open.length > 10 || (open.length > 0 && rand(2) === 0)) {
          const done = open.splice(rand(open.length), 1)[0] as RuntimeServer;
          done.counters.current--;
          be.balancer.onRelease?.(done);
        }
      }
      t.ok(Object.values(kinds).every((n) => n > 500), `every kind of change happened: ${JSON.stringify(kinds)}`);
      t.equal(bad, 0, 'every pick is a usable server of the right group, and one is found when one is usable');
      for (const s of open) {
        s.counters.current--;
        be.balancer.onRelease?.(s);
      }
      for (const s of be.servers) change(be, s.name, { enabled: true, weight: s.config.weight, health: 'up', agentAdmin: 'ready' });
      const after = tally(be, 3000);
      t.strictSame(names(after).filter((n) => n.startsWith('b') && n !== 'b'), [], 'back to normal: no backup in use');
      if (c.spread !== 'none') t.strictSame(names(after), ['a', 'b', 'd'], 'back to normal: every active server picked');
    });
  });
}
