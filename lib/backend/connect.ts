/**
 * Opens a connection to a server of a backend, as HAProxy does (manual 4.2
 * "retries", "option redispatch"): pick a server, connect within `timeout
 * connect`; on failure retry up to `retries` times, waiting a turn-around
 * delay of min(timeout connect, 1 s) before retrying the same server, and
 * moving to another server on the retries `option redispatch` allows (by
 * default the last one) — or at once, on every retry, when the request is
 * not persistent, the balancer does not hash and more than one active
 * server is usable: HAProxy 2.6's stream_choose_redispatch() ("we don't
 * care about this particular server"; measured on 2.6.12 under load:
 * roundrobin, leastconn and random count redispatches, no retries, no wait).
 * Counted as HAProxy counts (verified): every attempt is a session and a
 * connection of its server (stot, connect), every retry a warning of the
 * server and the backend (wretr, or wredis when it moves), and a request
 * that finally fails one connection error (econ) of its last server and the
 * backend.
 * Callbacks, no promise: this is the data path.
 * The server comes assigned (RuntimeBackend.dispatch); a redispatch moves
 * the assignment to the new server, and the callback names the server that
 * holds it in the end — the caller releases that one. Cancelling releases
 * it here.
 */
import { connect, type OnReadOpts, type Socket } from 'node:net';
import type { PickContext } from '../balancers/balancer.js';
import type { RuntimeBackend } from './backend.js';
import type { RuntimeServer } from './server.js';

export type ConnectFailure = 'refused' | 'timeout';

export interface ConnectRequest {
  readonly backend: RuntimeBackend;
  readonly pick: PickContext;
  /** The port the client connected to (servers without a port use it). */
  readonly clientPort: number;
  /** The server assigned to the request. */
  readonly server: RuntimeServer;
  /** Read the connection into a reused buffer (see net/read-buffer.ts) instead of 'data' events. */
  readonly onread?: OnReadOpts | undefined;
  /** Keep the connection writable after the server's FIN (TCP mode passes each FIN on by itself). */
  readonly allowHalfOpen?: boolean | undefined;
  /** The server was named by persistence (HAProxy's SF_DIRECT): no early redispatch. */
  readonly direct?: boolean | undefined;
}

export type ConnectCallback = (failure: ConnectFailure | undefined, socket: Socket | undefined, server: RuntimeServer) => void;

/** Starts connecting; returns a function that cancels the attempt (client gone). */
export function connectToServer(req: ConnectRequest, done: ConnectCallback): () => void {
  const { backend } = req;
  const timeouts = backend.config.timeouts;
  const retries = backend.config.retries;
  const connectTimeout = timeouts.connect ?? 0;
  const turnAround = connectTimeout > 0 ? Math.min(connectTimeout, 1000) : 1000;
  let server = req.server;
  let attempt = 0;
  // Cancelled, or handed over to the caller: nothing more happens here.
  let over = false;
  let socket: Socket | undefined;
  let timer: NodeJS.Timeout | undefined;

  const redispatchNow = (): boolean => {
    if (!backend.config.flags.redispatch) return false;
    const every = retries.redispatchInterval;
    if (every === 0) return false;
    // A stopped server that `option persist` sent the request to: redispatched at its first failure.
    if (!server.running) return true;
    // -1: only the last retry; N > 0: every Nth retry.
    if (every < 0 ? attempt === retries.count : attempt % every === 0) return true;
    return !req.direct && !backend.balancer.hashed && activeUsable(backend) > 1;
  };

  const tryOnce = (): void => {
    if (over) return;
    const s = server;
    const sc = s.counters;
    const now = Date.now();
    sc.total++;
    sc.lastSession = now;
    sc.connects++;
    backend.counters.connects++;
    const target = s.target(req.clientPort);
    const { onread, allowHalfOpen = false } = req;
    const sock = 'path' in target ? connect({ path: target.path, onread, allowHalfOpen }) : connect({ port: target.port, host: target.host, onread, allowHalfOpen });
    socket = sock;
    sock.setNoDelay(true);
    let settled = false;
    const fail = (why: ConnectFailure): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      sock.destroy();
      if (over) return;
      if (attempt >= retries.count) {
        s.counters.connectErrors++;
        backend.counters.connectErrors++;
        over = true;
        done(why, undefined, s);
        return;
      }
      attempt++;
      if (redispatchNow()) {
        const other = backend.balancer.pick(req.pick, s);
        if (other && other !== s) {
          s.counters.redispatches++;
          backend.counters.redispatches++;
          backend.release(s);
          backend.assign(other);
          server = other;
          tryOnce();
          return;
        }
      }
      // A retry on the same server (wretr; a redispatch counts as wredis only, as in HAProxy).
      s.counters.retries++;
      backend.counters.retries++;
      timer = setTimeout(tryOnce, turnAround);
    };
    if (connectTimeout > 0) timer = setTimeout(() => fail('timeout'), connectTimeout);
    sock.once('error', () => fail('refused'));
    sock.once('connect', () => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      sock.removeAllListeners('error');
      if (over) {
        sock.destroy();
        return;
      }
      over = true;
      done(undefined, sock, s);
    });
  };

  tryOnce();
  return () => {
    if (over) return;
    over = true;
    if (timer) clearTimeout(timer);
    socket?.destroy();
    backend.release(server);
  };
}

/** HAProxy's srv_act: usable active (non-backup) servers, the one that just failed included until its checks mark it DOWN. */
function activeUsable(backend: RuntimeBackend): number {
  let n = 0;
  for (const s of backend.servers) if (s.usable && !s.config.backup) n++;
  return n;
}
