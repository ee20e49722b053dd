/**
 * The Runtime API (management guide 9.3): the `stats socket` listeners of
 * the global section, each connection a CliSession answering the commands
 * of the registry at the socket's level. Started by the Runtime once its
 * frontends listen, closed when it stops.
 *
 * `shutdown sessions server` needs each server's set of client connections,
 * which servers keep only when something may end them: with an admin-level
 * socket, every server keeps it.
 */
import type { Runtime } from '../runtime/runtime.js';
import { closeCliListeners, openCliListeners, type CliListener } from './listener.js';
import { defaultRegistry } from './registry.js';
import { CliSession } from './session.js';

export interface RuntimeApi {
  /** Where the API listens: a UNIX socket path, or the bound address and port. */
  addresses(): (string | { address: string; port: number })[];
  /** Stops listening and ends every connection. */
  close(): Promise<void>;
}

/** Opens every `stats socket` of the configuration; undefined when there is none. */
export async function startRuntimeApi(rt: Runtime): Promise<RuntimeApi | undefined> {
  const g = rt.model.global;
  if (g.statsSockets.length === 0) return undefined;
  if (g.statsSockets.some((s) => s.level === 'admin')) {
    for (const be of rt.backends.values()) for (const s of be.servers) s.trackStreams = true;
  }
  const registry = defaultRegistry();
  const sessions = new Set<CliSession>();
  let listeners: CliListener[] = [];
  listeners = await openCliListeners(g.statsSockets, g.statsMaxconn, (conn, socket) => {
    const session = new CliSession(conn, { rt, registry, level: socket.level, timeoutMs: g.statsTimeout, listeners: () => listeners.length });
    sessions.add(session);
    conn.on('close', () => sessions.delete(session));
  });
  return {
    addresses: () =>
      listeners.map((l) => {
        const a = l.server.address();
        return typeof a === 'string' || a === null ? String(a) : { address: a.address, port: a.port };
      }),
    async close() {
      for (const s of sessions) s.destroy();
      sessions.clear();
      await closeCliListeners(listeners);
    },
  };
}
