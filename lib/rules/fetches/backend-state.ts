/**
 * Fetches of backend and server state (configuration manual 7.3.2): nbsrv,
 * be_conn, connslots, queue, srv_is_up — of the current backend, or of the
 * one named in the argument (checked at load by the configuration layer).
 */
import type { RuntimeBackend } from '../../backend/backend.js';
import type { SampleContext } from '../context.js';
import { bool, int, type Sample } from '../sample/sample.js';
import type { FetchSpec } from './fetch.js';

/** A fetch over a backend: the named one, else the request's. */
function ofBackend(f: (be: RuntimeBackend) => Sample | undefined): FetchSpec {
  return {
    type: 'int',
    args: [0, 1],
    compile(args) {
      const name = args[0];
      const backend = (ctx: SampleContext): RuntimeBackend | undefined => (name === undefined || name === '' ? ctx.backend : ctx.proxies.backend(name));
      return {
        type: 'int',
        one: (ctx) => {
          const be = backend(ctx);
          return be ? f(be) : undefined;
        },
      };
    },
  };
}

/** HAProxy's nbsrv: usable active servers; when none, 1 if the first backup is in use, else the usable backups. */
function usableServers(be: RuntimeBackend): number {
  let active = 0;
  let backup = 0;
  for (const s of be.servers) if (s.usable) s.config.backup ? backup++ : active++;
  if (active > 0) return active;
  return backup > 0 && !be.config.flags.allbackups ? 1 : backup;
}

/**
 * Requests the backend holds: being served by its servers or waiting in its
 * queues (HAProxy's beconn also counts the instant between choosing the
 * backend and a server).
 */
function backendConnections(be: RuntimeBackend): number {
  let n = be.queue.length;
  for (const s of be.servers) n += s.counters.current + be.queuedFor(s);
  return n;
}

/** Free connection and queue slots of the servers that are not stopped; -1 when one of them has no maxconn or maxqueue (unlimited). */
function connectionSlots(be: RuntimeBackend): number {
  let n = 0;
  for (const s of be.servers) {
    if (!s.running) continue;
    if (s.maxconn === 0 || s.config.maxqueue === 0) return -1;
    n += s.maxconn - s.counters.current + s.config.maxqueue - be.queuedFor(s);
  }
  return n;
}

export const BACKEND_STATE_FETCHES: Readonly<Record<string, FetchSpec>> = {
  nbsrv: ofBackend((be) => int(usableServers(be))),
  be_conn: ofBackend((be) => int(backendConnections(be))),
  connslots: ofBackend((be) => int(connectionSlots(be))),
  queue: ofBackend((be) => {
    let n = be.queue.length;
    for (const s of be.servers) n += be.queuedFor(s);
    return int(n);
  }),
  srv_is_up: {
    type: 'bool',
    args: [1, 1],
    compile(args) {
      const [beName, srvName] = (args[0] ?? '').split('/');
      if (beName === undefined || srvName === undefined) throw new Error(`srv_is_up expects <backend>/<server>, got '${args[0] ?? ''}'`);
      return {
        type: 'bool',
        one: (ctx) => {
          const s = ctx.proxies.backend(beName)?.servers.find((x) => x.name === srvName);
          return s ? bool(s.running) : undefined;
        },
      };
    },
  },
};
