/**
 * Server states through the Runtime API against HAProxy 2.6.12: the
 * `status` strings of `show stat` (UP, DOWN, MAINT, DRAIN, NOLB, `UP 1/3`,
 * `DOWN 1/2`, `no check`), compared server by server, for servers checked
 * every 100 ms (rise 2, fall 3) against a server each proxy has of its own
 * and that the test stops and starts, and for operator changes (`set
 * server ... state maint|drain|ready`, `health down|stopping|up`, `disable
 * health`); `show servers state` after each step (the seconds since the
 * last change compared loosely); the process log lines of the changes.
 */
import t, { type Test } from 'tap';
import { tcpServer } from '../helpers/net.js';
import { processLines, sleep, start, until, type Instance, type Place, type Who } from './runtime-api-harness.js';

const CHECK = 'check inter 100 rise 2 fall 3';

function config(flapPort: number, upPort: number, agentUp: number, agentDown: number) {
  return (p: Place): string => `
global
    stats socket ${p.dir}/sock level admin
    maxconn 500
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe
    bind 127.0.0.1:${p.port}
    default_backend be
backend be
    server up1 127.0.0.1:${upPort} ${CHECK}
    server flap 127.0.0.1:${flapPort} ${CHECK}
    server dn 127.0.0.1:1 ${CHECK}
    server nochk 127.0.0.1:${upPort}
    server mnt 127.0.0.1:${upPort} ${CHECK}
    server drn 127.0.0.1:${upPort} ${CHECK}
    server nolb 127.0.0.1:${upPort}
    server dis 127.0.0.1:${upPort} disabled
    server dischk 127.0.0.1:${upPort} ${CHECK} disabled
    server bk 127.0.0.1:${upPort} backup weight 5
    server agt 127.0.0.1:${upPort} agent-check agent-port ${agentDown} agent-inter 100
    server agtd 127.0.0.1:${upPort} agent-check agent-port ${agentUp} agent-inter 100
`;
}

/** Server name → its `status` in `show stat`. */
async function statuses(i: Instance): Promise<Map<string, string>> {
  const csv = await i.cmd('show stat -1 4 -1');
  const out = new Map<string, string>();
  for (const line of csv.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const v = line.split(',');
    out.set(v[1] as string, v[17] as string);
  }
  return out;
}

/** Columns of `show stat` that are settled once the checks are: compared as they are. */
const SETTLED = ['agent_status', 'agent_desc', 'agent_rise', 'agent_fall', 'agent_health', 'last_agt', 'status', 'weight', 'act', 'bck', 'chkdown', 'check_status', 'check_code', 'check_desc', 'check_rise', 'check_fall', 'check_health', 'addr', 'uweight', 'slim', 'throttle', 'qlimit', 'tracked'];

async function settledColumns(i: Instance): Promise<Record<string, Record<string, string>>> {
  const csv = (await i.cmd('show stat')).split('\n').filter(Boolean);
  const header = (csv[0] as string).slice(2).split(',');
  const out: Record<string, Record<string, string>> = {};
  for (const line of csv.slice(1)) {
    const v = line.split(',');
    const row: Record<string, string> = {};
    // A check in progress shows as `* <last status>`: transient, left out.
    for (const c of SETTLED) row[c] = (v[header.indexOf(c)] as string).replace(/^\* /, '');
    out[`${v[0]}/${v[1]}`] = row;
  }
  return out;
}

/** `show servers state` lines; the seconds since the last change (10th field) within 2 s of each other. */
function sameServersState(t: Test, h: string, s: string, what: string): void {
  const split = (x: string): string[][] => x.split('\n').map((l) => l.split(' '));
  const hl = split(h);
  const sl = split(s);
  t.equal(sl.length, hl.length, `${what}: as many lines`);
  hl.forEach((hv, n) => {
    const sv = sl[n] ?? [];
    if (hv.length > 9 && /^\d+$/.test(hv[0] as string)) {
      t.ok(Math.abs(Number(hv[9]) - Number(sv[9])) <= 2, `${what}: ${hv[3]} last change ${hv[9]} / ${sv[9]}`);
      hv = [...hv];
      hv[9] = 'T';
      sv[9] = 'T';
      // 0x01 in the check and agent states: a check in progress, transient (its result, 11th, is 0 meanwhile).
      if (((Number(hv[13]) | Number(sv[13])) & 1) !== 0) hv[11] = sv[11] = 'R';
      for (const n of [13, 14]) {
        hv[n] = String(Number(hv[n]) & ~1);
        sv[n] = String(Number(sv[n]) & ~1);
      }
    }
    t.equal(sv.join(' '), hv.join(' '), `${what}: ${hv.slice(0, 4).join(' ')}`);
  });
}

/** Polls a server's status until it is `last`, noting each status seen. */
async function watch(i: Instance, server: string, last: string, ms = 4000): Promise<string[]> {
  const seen: string[] = [];
  await until(async () => {
    const st = (await statuses(i)).get(server) ?? '';
    if (seen[seen.length - 1] !== st) seen.push(st);
    return st === last;
  }, ms, 10);
  return seen;
}

t.test('status strings and servers state, server by server', async (t) => {
  const up = await tcpServer((s) => s.end());
  t.teardown(up.close);
  const agentUp = await tcpServer((s) => s.end('up\n'));
  const agentDown = await tcpServer((s) => s.end('down\n'));
  t.teardown(() => Promise.all([agentUp.close(), agentDown.close()]));
  const flaps: Record<Who, Awaited<ReturnType<typeof tcpServer>>> = { haproxy: await tcpServer((s) => s.end()), tslb: await tcpServer((s) => s.end()) };
  t.teardown(() => Promise.all([flaps.haproxy.close(), flaps.tslb.close()]));
  const i: Record<Who, Instance> = {
    haproxy: await start(t, 'haproxy', config(flaps.haproxy.port, up.port, agentUp.port, agentDown.port)),
    tslb: await start(t, 'tslb', config(flaps.tslb.port, up.port, agentUp.port, agentDown.port)),
  };
  const who = ['haproxy', 'tslb'] as const;

  // Settled: the first checks passed (or failed, for dn).
  for (const w of who) {
    const settled = await until(async () => (await statuses(i[w])).get('dn') === 'DOWN' && (await statuses(i[w])).get('up1') === 'UP');
    t.ok(settled, `${w}: settled`, settled ? {} : { statuses: Object.fromEntries(await statuses(i[w])) });
  }
  await sleep(300);
  // Each proxy checks a flapping server of its own: its port is named FLAP in the answers.
  const flapPort = (w: Who, text: string): string => text.replaceAll(String(flaps[w].port), 'FLAP');
  const compare = async (what: string): Promise<void> => {
    const [h, s] = await Promise.all([settledColumns(i.haproxy), settledColumns(i.tslb)]);
    for (const [name, row] of Object.entries(h)) {
      const norm = (w: Who, r: Record<string, string> | undefined): string => flapPort(w, JSON.stringify(r));
      t.equal(norm('tslb', s[name]), norm('haproxy', row), `${what}: ${name}`);
    }
    const [hs, ss] = await Promise.all([i.haproxy.cmd('show servers state'), i.tslb.cmd('show servers state')]);
    sameServersState(t, flapPort('haproxy', hs), flapPort('tslb', ss), what);
  };
  // What each saw after the state it was in (a check may run before the first look).
  const after = (seen: string[], from: string): string[] => (seen[0] === from ? seen.slice(1) : seen);
  await compare('at start');

  // Operator changes.
  for (const line of [
    'set server be/mnt state maint',
    'set server be/drn state drain',
    'set server be/nolb health stopping',
    'set server be/dis state ready',
    'set server be/dischk state ready',
    'set server be/bk state drain',
    'set server be/bk state maint',
    'set server be/agtd state drain',
  ]) {
    const [h, s] = await Promise.all([i.haproxy.cmd(line), i.tslb.cmd(line)]);
    t.equal(s, h, line);
  }
  await sleep(400);
  await compare('after maint, drain, stopping, ready');

  // A checked server going down: UP, then UP 2/3, UP 1/3, DOWN.
  await Promise.all([flaps.haproxy.close(), flaps.tslb.close()]);
  const [downH, downT] = await Promise.all(who.map((w) => watch(i[w], 'flap', 'DOWN')));
  const down = [downH ?? [], downT ?? []] as const;
  t.strictSame(after(down[1], 'UP'), after(down[0], 'UP'), `going down: ${down[0].join(' → ')}`);
  t.ok(down[0].includes('UP 1/3'), 'UP 1/3 was seen');
  // And back: DOWN 1/2, then UP.
  for (const w of who) flaps[w] = await tcpServer((s) => s.end(), flaps[w].port);
  const [backH, backT] = await Promise.all(who.map((w) => watch(i[w], 'flap', 'UP')));
  const back = [backH ?? [], backT ?? []] as const;
  t.strictSame(after(back[1], 'DOWN'), after(back[0], 'DOWN'), `coming back: ${back[0].join(' → ')}`);
  t.ok(back[0].includes('DOWN 1/2'), 'DOWN 1/2 was seen');

  // A checked server forced down comes back through its checks; NOLB on a checked server lasts until its next check.
  for (const line of ['set server be/up1 health down', 'set server be/mnt state ready', 'set server be/drn state ready', 'set server be/nolb health up', 'disable health be/drn']) {
    const [h, s] = await Promise.all([i.haproxy.cmd(line), i.tslb.cmd(line)]);
    t.equal(s, h, line);
  }
  const [forcedH, forcedT] = await Promise.all(who.map((w) => watch(i[w], 'up1', 'UP')));
  const forced = [forcedH ?? [], forcedT ?? []] as const;
  t.strictSame(after(forced[1], 'DOWN'), after(forced[0], 'DOWN'), `forced down, checked: ${forced[0].join(' → ')}`);
  await sleep(300);
  await compare('after health down, ready, disable health');
  const [nolbH, nolbT] = await Promise.all(who.map(async (w) => [await i[w].cmd('set server be/up1 health stopping'), ...(await watch(i[w], 'up1', 'UP'))]));
  const nolb = [nolbH ?? [], nolbT ?? []] as const;
  t.strictSame(nolb[1], nolb[0], `NOLB on a checked server: ${nolb[0].join(' → ')}`);

  // Row selections and filters: the same rows, with the same status.
  const rowsOf = (csv: string): string =>
    csv
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => l.split(',').slice(0, 2).concat(l.split(',')[17] as string).join(','))
      .join(' | ');
  for (const line of [
    'show stat',
    'show stat up',
    'show stat no-maint',
    'show stat up no-maint',
    'show stat 3',
    'show stat 3 4',
    'show stat 3 4 -1 up',
    'show stat -1 2 -1',
    'show stat 3 -3 1',
    'show stat be -1 2',
    'show stat fe 1 -1',
    'show stat 3 4 foo',
    'show stat 3 foo -1',
    'show stat -2 -1 -1',
    'show stat 99 -1 -1',
    'show stat 3x 4 1',
    'show stat domain proxy 3 4 2',
  ]) {
    const [h, s] = await Promise.all([i.haproxy.cmd(line), i.tslb.cmd(line)]);
    t.equal(rowsOf(s).replaceAll(" | ", "\n"), rowsOf(h).replaceAll(" | ", "\n"), line);
  }
  const typedUp = await Promise.all([i.haproxy.cmd('show stat 3 4 -1 typed up'), i.tslb.cmd('show stat 3 4 -1 typed up')]);
  const objects = (typed: string): string[] => [...new Set(typed.split('\n').filter(Boolean).map((l) => l.split('.').slice(0, 3).join('.')))];
  t.strictSame(objects(typedUp[1]), objects(typedUp[0]), 'typed with a selection and up: the same objects');

  const log = processLines().map((l) => l.msg);
  for (const msg of ['Server be/mnt is going DOWN for maintenance.', 'Server be/drn enters drain state.', 'Server be/dis is UP/READY (leaving forced maintenance).', 'Backup Server be/bk enters drain state.']) {
    t.ok(
      log.some((l) => l.startsWith(msg)),
      `tslb logged: ${msg}`,
    );
    t.match(i.haproxy.stderr(), msg, `HAProxy logged: ${msg}`);
  }
});

