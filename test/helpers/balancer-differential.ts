/**
 * Runs one balancing scenario under the real HAProxy 2.6 and under tslb and
 * returns the sequence of servers each one chose: the same `listen` section
 * in front of the same backends (HTTP servers answering with their name),
 * the same requests one at a time, each on a new connection with
 * `Connection: close` so that nothing but the balancer decides. Each proxy
 * is started fresh for the sequence. Steps may also change a server at run
 * time: through the stats socket for HAProxy, through RuntimeServer +
 * onServerChange for tslb.
 */
import { ADMIN } from '../../lib/backend/server.js';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Runtime } from '../../lib/runtime/runtime.js';
import { startHaproxy } from './haproxy.js';
import { freePort } from './net.js';
import { startRuntime, type Teardown } from './runtime.js';

export interface Request {
  readonly path?: string;
  readonly headers?: readonly (readonly [string, string])[];
  /** Local address to connect from (127.0.0.x). */
  readonly from?: string;
}

/** A run-time change to a server of the `listen` section. */
export type Change =
  | { readonly server: string; readonly weight: number }
  | { readonly server: string; readonly state: 'maint' | 'ready' };

/** A request, a run-time change, or a request left in progress (sent with `X-Hold`, which its server never answers). */
export type Step = Request | { readonly change: Change } | { readonly hold: Request };

export interface Scenario {
  /** Lines of the listen section before the servers (`balance ...`, `hash-type ...`, options). */
  readonly lines: string;
  /** Server name and the rest of its line (`weight 3`, `backup`...). */
  readonly servers: readonly (readonly [string, string?])[];
  readonly steps: readonly Step[];
  readonly mode?: 'http' | 'tcp';
  /** Address to bind instead of 127.0.0.1 (`::` for a dual-stack listener). */
  readonly bind?: string;
}

export interface Outcome {
  readonly haproxy: string[];
  readonly tslb: string[];
}

async function nameServers(names: readonly string[]): Promise<{ ports: number[]; close: () => void }> {
  const servers: Server[] = [];
  for (const name of names) {
    const s = createServer((req, res) => {
      if (req.headers['x-hold']) return;
      res.setHeader('connection', 'close');
      res.end(name);
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    servers.push(s);
  }
  const ports = servers.map((s) => {
    const a = s.address();
    return typeof a === 'object' && a ? a.port : 0;
  });
  return {
    ports,
    close: () => {
      for (const s of servers) {
        s.closeAllConnections();
        s.close();
      }
    },
  };
}

/** One request on a new connection: the body (the server's name), or what went wrong. */
function send(port: number, host: string, req: Request): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect({ port, host, ...(req.from ? { localAddress: req.from } : {}) });
    const chunks: Buffer[] = [];
    const headers = req.headers ?? [['Host', 'test.local']];
    sock.on('connect', () => {
      sock.write(`GET ${req.path ?? '/'} HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}Connection: close\r\n\r\n`);
    });
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('error', (e) => resolve(`error ${e.message}`));
    sock.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const status = text.slice(9, 12);
      resolve(status === '200' ? text.slice(text.indexOf('\r\n\r\n') + 4) : `status ${status}`);
    });
  });
}

/** Sends one command to an HAProxy stats socket and returns its answer. */
export function cli(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(socket);
    let out = '';
    s.on('data', (c: Buffer) => (out += c.toString()));
    s.on('end', () => resolve(out.trim()));
    s.on('error', reject);
    s.write(`${command}\n`);
  });
}

function applyToTslb(rt: Runtime, change: Change): void {
  const backend = rt.backends.get('l');
  const server = backend?.servers.find((s) => s.name === change.server);
  if (!backend || !server) throw new Error(`no server l/${change.server}`);
  if ('weight' in change) server.weight = change.weight;
  else server.admin = change.state === 'ready' ? 0 : ADMIN.forcedMaint;
  backend.balancer.onServerChange?.(server);
}

async function applyToHaproxy(socket: string, change: Change): Promise<void> {
  const command = 'weight' in change ? `set weight l/${change.server} ${change.weight}` : `set server l/${change.server} state ${change.state}`;
  const answer = await cli(socket, command);
  if (answer !== '') throw new Error(`haproxy '${command}': ${answer}`);
}

function config(sc: Scenario, port: number, ports: readonly number[], socket?: string): string {
  const bind = sc.bind ?? '127.0.0.1';
  return `
global
${socket ? `    stats socket ${socket} level admin` : ''}
defaults
    mode ${sc.mode ?? 'http'}
    timeout connect 1s
    timeout client 5s
    timeout server 5s
listen l
    bind ${bind}:${port}
${sc.lines
  .split('\n')
  .map((l) => `    ${l.trim()}`)
  .join('\n')}
${sc.servers.map(([name, opts], i) => `    server ${name} 127.0.0.1:${ports[i]} ${opts ?? ''}`).join('\n')}
`;
}

async function runSteps(sc: Scenario, port: number, change: (c: Change) => void | Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const host = sc.bind === '::' ? '127.0.0.1' : (sc.bind ?? '127.0.0.1');
  for (const step of sc.steps) {
    if ('change' in step) await change(step.change);
    else if ('hold' in step) {
      void send(port, host, { ...step.hold, headers: [...(step.hold.headers ?? [['Host', 'test.local']]), ['X-Hold', '1']] });
      // Until the proxy has passed it on (the server counts it).
      await new Promise((r) => setTimeout(r, 50));
    } else seen.push(await send(port, host, step));
  }
  return seen;
}

/** Runs the scenario under HAProxy, then under tslb; each proxy is stopped before the next starts. */
export async function runBoth(t: Teardown, sc: Scenario): Promise<Outcome> {
  const backends = await nameServers(sc.servers.map(([name]) => name));
  t.teardown(backends.close);
  const dynamic = sc.steps.some((s) => 'change' in s);

  const dir = mkdtempSync(join(tmpdir(), 'tslb-balance-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const socket = dynamic ? join(dir, 'stats.sock') : undefined;
  let port = await freePort();
  // HAProxy is ready when this other listener accepts: a probe of the
  // scenario's own port would be balanced too in TCP mode.
  const ready = await freePort();
  const readiness = `listen ready\n    mode http\n    bind 127.0.0.1:${ready}\n    http-request return status 200\n`;
  const hp = await startHaproxy(config(sc, port, backends.ports, socket) + readiness, ready);
  let haproxy: string[];
  try {
    haproxy = await runSteps(sc, port, (c) => applyToHaproxy(socket as string, c));
  } finally {
    hp.stop();
  }

  port = await freePort();
  const rt = await startRuntime(t, config(sc, port, backends.ports));
  let tslb: string[];
  try {
    tslb = await runSteps(sc, port, (c) => applyToTslb(rt, c));
  } finally {
    rt.hardStop();
  }
  return { haproxy, tslb };
}

/** `n` plain requests. */
export function requests(n: number, make: (i: number) => Request = () => ({})): Request[] {
  return Array.from({ length: n }, (_, i) => make(i));
}

/** What expectSame() needs of a tap test. */
export interface Checks extends Teardown {
  notOk(value: unknown, message: string): unknown;
  strictSame(found: unknown, wanted: unknown, message: string): unknown;
}

/** Runs the scenario under both and expects tslb's sequence of servers to be HAProxy's, every request answered. */
export async function expectSame(t: Checks, name: string, sc: Scenario): Promise<void> {
  const { haproxy, tslb } = await runBoth(t, sc);
  t.notOk(haproxy.some((s) => s.startsWith('status') || s.startsWith('error')), `${name}: HAProxy answered every request`);
  t.strictSame(tslb, haproxy, `${name}: ${haproxy.join(' ')}`);
}
