/**
 * Opens a connection to a server of a backend, as HAProxy does (manual 4.2
 * "retries", "option redispatch"): pick a server, connect within `timeout
 * connect`; on failure retry up to `retries` times, waiting a turn-around
 * delay of min(timeout connect, 1 s) before retrying the same server, and
 * moving to another server on the retries `option redispatch` allows (by
 * default the last one). Callbacks, no promise: this is the data path.
 */
import { connect, type OnReadOpts, type Socket } from 'node:net';
import type { PickContext } from '../balancers/balancer.js';
import type { RuntimeBackend } from './backend.js';
import type { RuntimeServer } from './server.js';

export type ConnectFailure = 'no-server' | 'refused' | 'timeout';

export interface ConnectRequest {
  readonly backend: RuntimeBackend;
  readonly pick: PickContext;
  /** The port the client connected to (servers without a port use it). */
  readonly clientPort: number;
  /** A server chosen beforehand (persistence); undefined lets the balancer choose. */
  readonly server?: RuntimeServer | undefined;
  /** Read the connection into a reused buffer (see net/read-buffer.ts) instead of 'data' events. */
  readonly onread?: OnReadOpts | undefined;
}

export type ConnectCallback = (failure: ConnectFailure | undefined, socket: Socket | undefined, server: RuntimeServer | undefined) => void;

/** Starts connecting; returns a function that cancels the attempt (client gone). */
export function connectToServer(req: ConnectRequest, done: ConnectCallback): () => void {
  const { backend } = req;
  const timeouts = backend.config.timeouts;
  const retries = backend.config.retries;
  const connectTimeout = timeouts.connect ?? 0;
  const turnAround = connectTimeout > 0 ? Math.min(connectTimeout, 1000) : 1000;
  let server = req.server ?? backend.balancer.pick(req.pick);
  let attempt = 0;
  let cancelled = false;
  let socket: Socket | undefined;
  let timer: NodeJS.Timeout | undefined;

  const redispatchNow = (): boolean => {
    if (!backend.config.flags.redispatch) return false;
    const every = retries.redispatchInterval;
    if (every === 0) return false;
    // -1: only the last retry; N > 0: every Nth retry.
    return every < 0 ? attempt === retries.count : attempt % every === 0;
  };

  const tryOnce = (): void => {
    if (cancelled) return;
    if (!server) {
      backend.counters.noServer++;
      done('no-server', undefined, undefined);
      return;
    }
    const s = server;
    const target = s.target(req.clientPort);
    const onread = req.onread;
    const sock = 'path' in target ? connect({ path: target.path, onread }) : connect({ port: target.port, host: target.host, onread });
    socket = sock;
    sock.setNoDelay(true);
    let settled = false;
    const fail = (why: ConnectFailure): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      sock.destroy();
      s.counters.connectErrors++;
      backend.counters.connectErrors++;
      if (cancelled) return;
      if (attempt >= retries.count) {
        done(why, undefined, s);
        return;
      }
      attempt++;
      s.counters.retries++;
      if (redispatchNow()) {
        const other = backend.balancer.pick(req.pick, s);
        if (other && other !== s) {
          s.counters.redispatches++;
          server = other;
          tryOnce();
          return;
        }
      }
      timer = setTimeout(tryOnce, turnAround);
    };
    if (connectTimeout > 0) timer = setTimeout(() => fail('timeout'), connectTimeout);
    sock.once('error', () => fail('refused'));
    sock.once('connect', () => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      sock.removeAllListeners('error');
      if (cancelled) {
        sock.destroy();
        return;
      }
      done(undefined, sock, s);
    });
  };

  tryOnce();
  return () => {
    cancelled = true;
    if (timer) clearTimeout(timer);
    socket?.destroy();
  };
}
