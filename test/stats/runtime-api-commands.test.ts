/**
 * Every Runtime API command tslb implements, against HAProxy 2.6.12 on the
 * same configuration: the same answer, byte for byte, to the same line —
 * successes, `get weight` after changes, and every refusal (missing or
 * unknown names, bad values, weight ranges and static balancers, maxconn
 * readings, frontends paused twice, tables and their filters). Lines run
 * one after the other on both, so that state changes line up.
 */
import t, { type Test } from 'tap';
import { both, get, sleep, startBoth, type Place } from './runtime-api-harness.js';

const config = (p: Place): string => `
global
    stats socket ${p.dir}/sock level admin
    stats socket ${p.dir}/user level user
    stats socket ${p.dir}/oper level operator
    maxconn 500
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe
    bind 127.0.0.1:${p.port}
    tcp-request connection track-sc0 src table tb
    default_backend be
backend tb
    stick-table type ip size 100 expire 60s store conn_cnt,http_req_cnt
backend be
    server s1 127.0.0.1:1 weight 3
    server s2 127.0.0.1:2
    server s3 127.0.0.1:3 backup
    server s4 127.0.0.1:4 id 10
backend st
    balance static-rr
    server a 127.0.0.1:5 weight 3
backend withchk
    server c1 127.0.0.1:6 check inter 60s agent-check agent-port 7 agent-inter 60s
`;

/** Runs each line on both, in order, and expects the same answer. */
async function same(t: Test, i: Awaited<ReturnType<typeof startBoth>>, lines: readonly string[], sock = 'sock'): Promise<void> {
  for (const line of lines) {
    const got = await both(i, line, sock);
    // The suggestions for an unknown command come from each one's own list of commands.
    if (got.haproxy.startsWith('Unknown command')) t.equal(firstLine(got.tslb), firstLine(got.haproxy), `${sock}: ${line} (unknown)`);
    else t.equal(got.tslb, got.haproxy, `${sock}: ${line}`);
  }
}

const firstLine = (s: string): string => s.slice(0, s.indexOf('\n') + 1);

t.test('get weight, set weight, set server weight', async (t) => {
  const i = await startBoth(t, config);
  await same(t, i, [
    'get weight',
    'get weight be',
    'get weight be/',
    'get weight /s1',
    'get weight nope/s1',
    'get weight fe/s1',
    'get weight be/nope',
    'get weight be/s1',
    'get weight #4/s1',
    'get weight be/#10',
    'get weight #99/s1',
    'get weight #x/s1',
    'get weight be/#',
    'get weight be/s1/x',
    'set weight',
    'set weight be',
    'set weight be/s1',
    'set weight be/s1 foo',
    'set weight be/s1 1x',
    'set weight be/s1 -1',
    'set weight be/s1 257',
    'set weight be/s1 256',
    'get weight be/s1',
    'set weight be/s1 50%',
    'get weight be/s1',
    'set weight be/s1 150%',
    'get weight be/s1',
    'set weight be/s1 1000%',
    'get weight be/s1',
    'set weight be/s1 -5%',
    'set weight be/s1 5%x',
    'set weight be/s1 +2',
    'get weight be/s1',
    'set weight be/s1 0',
    'get weight be/s1',
    'set server be/s2 weight',
    'set server be/s2 weight foo',
    'set server be/s2 weight 300',
    'set server be/s2 weight 50%',
    'get weight be/s2',
    'set server be/s2 weight 0%',
    'get weight be/s2',
    'set server be/s2 weight 7',
    'get weight be/s2',
    'set server st/a weight 2',
    'set server st/a weight 50%',
    'set server st/a weight 0',
    'get weight st/a',
    'set server st/a weight 100%',
    'get weight st/a',
    'set server st/a weight 0%',
    'set server st/a weight 3',
    'get weight st/a',
    'set weight st/a 1',
  ]);
});

t.test('set server: lookups, subcommands, states, health, agent, addr', async (t) => {
  const i = await startBoth(t, config);
  await same(t, i, [
    'set server',
    'set server be',
    'set server be/',
    'set server /s1',
    'set server nope/s1',
    'set server be/nope',
    'set server be/s1',
    'set server be/s1 foo',
    'set server be/s1 port 80',
    'set server be/s1 state',
    'set server be/s1 state foo',
    'set server be/s1 state drain',
    'set server be/s1 state maint',
    'set server be/s1 state maint',
    'set server be/s1 state ready',
    'set server be/s1 state ready',
    'set server be/s1 health',
    'set server be/s1 health foo',
    'set server be/s1 health down',
    'set server be/s1 health stopping',
    'set server be/s1 health up',
    'set server be/s1 agent',
    'set server be/s1 agent up',
    'set server withchk/c1 agent foo',
    'set server withchk/c1 agent down',
    'set server withchk/c1 agent up',
    'set server be/s1 addr',
    'set server be/s1 addr foo',
    'set server be/s1 addr 1.2.3',
    'set server be/s1 addr localhost',
    'set server be/s1 addr 127.0.0.1',
    'set server be/s1 addr 127.0.0.2',
    'set server be/s1 addr 127.0.0.2 port',
    'set server be/s1 addr 127.0.0.2 port foo',
    'set server be/s1 addr 127.0.0.2 port 1',
    'set server be/s1 addr 127.0.0.2 port 80',
    'set server be/s1 addr 127.0.0.2 port 70000',
    'set server be/s1 addr 127.0.0.3 port 80x',
    'set server be/s1 addr 127.0.0.3 foo 1',
    'set server be/s1 addr ::1',
    'set server be/s1 addr 127.0.0.1 port 1',
    'set server withchk/c1 addr 127.0.0.1 port +5',
  ]);
});

t.test('enable/disable server, health, agent, frontend; shutdown sessions', async (t) => {
  const i = await startBoth(t, config);
  await same(t, i, [
    'disable server',
    'disable server be',
    'disable server nope/s1',
    'disable server be/nope',
    'disable server be/s1',
    'disable server be/s1',
    'enable server',
    'enable server be/nope',
    'enable server be/s1',
    'disable health',
    'disable health be/s2',
    'enable health be/s2',
    'disable health withchk/c1',
    'enable health withchk/c1',
    'disable agent be/s1',
    'enable agent be/s1',
    'disable agent',
    'enable agent be/nope',
    'disable agent withchk/c1',
    'set server withchk/c1 agent up',
    'enable agent withchk/c1',
    'disable frontend',
    'disable frontend nope',
    'disable frontend be',
    'disable frontend fe',
    'disable frontend fe',
    'enable frontend fe',
    'enable frontend fe',
    'enable frontend',
    'enable frontend nope',
    'disable frontend #2',
    'enable frontend #2',
    'shutdown sessions',
    'shutdown sessions server',
    'shutdown sessions server be/nope',
    'shutdown sessions server be/s1',
    'shutdown sessions server be/s1 x',
  ]);
});

t.test('set maxconn server, frontend, global', async (t) => {
  const i = await startBoth(t, config);
  await same(t, i, [
    'set maxconn',
    'set maxconn foo',
    'set maxconn server',
    'set maxconn server be/s1',
    'set maxconn server be/s1 foo',
    'set maxconn server be/s1 7x',
    'set maxconn server be/nope 1',
    'set maxconn server be/s1 7',
    'set maxconn server be/s2 -1',
    'set maxconn server be/s3 0',
    'set maxconn frontend',
    'set maxconn frontend nope 1',
    'set maxconn frontend be 1',
    'set maxconn frontend fe',
    'set maxconn frontend fe -1',
    'set maxconn frontend fe 100',
    'set maxconn global',
    'set maxconn global 1000',
    'set maxconn global foo',
    'set maxconn global 0',
    'set maxconn global -5',
    'set maxconn global 200',
  ]);
  // The limits as `show stat` shows them (slim of the frontend and the servers).
  const slim = (csv: string): string[] =>
    csv
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => { const v = l.split(','); return [v[0], v[1], v[6]].join(','); });
  const got = await both(i, 'show stat -1 5 -1');
  t.strictSame(slim(got.tslb), slim(got.haproxy), 'slim after the changes');
});

t.test('show backend, show servers state errors, clear counters words', async (t) => {
  const i = await startBoth(t, config);
  await same(t, i, ['show backend', 'show backend foo', 'show servers state nope', 'show servers state fe', 'show servers state 4', 'clear counters foo', 'clear counters all foo', 'show stat nope 4 1', 'show stat 0 -1 -1', 'show stat typed 3 4 1', 'show stat domain', 'show stat domain dns']);
});

t.test('show table and clear table, at every level', async (t) => {
  const i = await startBoth(t, config);
  // One entry in the table: the connection of a request.
  for (const who of ['haproxy', 'tslb'] as const) await get(i[who].port);
  await sleep(50);
  const strip = (s: string): string => s.replace(/^0x[0-9a-f]+: /gm, '').replace(/exp=\d+/g, 'exp=');
  const lines = [
    'show table',
    'show table nope',
    'show table be',
    'show table tb',
    'show table tb key 127.0.0.1',
    'show table tb key 1.2.3.4',
    'show table tb key',
    'show table tb data.conn_cnt gt 0',
    'show table tb data.foo gt 0',
    'show table tb foo',
    'clear table',
    'clear table nope',
    'clear table tb foo',
    'clear table tb key',
    'clear table tb key 1.2.3.4',
    'clear table tb data.foo gt 0',
  ];
  for (const sock of ['user', 'oper', 'sock']) {
    for (const line of lines) {
      const got = await both(i, line, sock);
      t.equal(strip(got.tslb), strip(got.haproxy), `${sock}: ${line}`);
    }
  }
  for (const [sock, line] of [
    ['user', 'clear table tb'],
    ['user', 'clear table tb key 127.0.0.1'],
    ['user', 'clear table tb data.conn_cnt gt 0'],
    ['user', 'show table tb'],
    ['oper', 'clear table tb data.conn_cnt gt 5'],
    ['oper', 'show table tb'],
    ['oper', 'clear table tb key 127.0.0.1'],
    ['oper', 'show table tb'],
  ] as const) {
    const got = await both(i, line, sock);
    t.equal(strip(got.tslb), strip(got.haproxy), `${sock}: ${line}`);
  }
});
