/**
 * The listening sockets of the Runtime API: one per `stats socket` line of
 * the global section (configuration manual 3.1, 5.1), and nothing else —
 *
 *   stats socket /run/tslb.sock mode 600 level admin     a UNIX socket (a stale file is replaced)
 *   stats socket ipv4@127.0.0.1:9999 level operator      a TCP socket
 *
 * A UNIX socket gets its `mode` and, when given, its owner (`user`/`uid`,
 * `group`/`gid`, by name or number). `stats maxconn` bounds the
 * connections of each socket; more wait, as HAProxy's do in the backlog.
 */
import { chmodSync, chownSync, lstatSync, readFileSync, unlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { StatsSocket } from '../config/model/global.js';
import { Limiter } from '../runtime/limiter.js';

/** What to do with an accepted connection of `socket`; call `done` when it is closed. */
export type CliHandler = (conn: Socket, socket: StatsSocket) => void;

export interface CliListener {
  readonly socket: StatsSocket;
  readonly server: Server;
}

/** A user or group id from a name (`/etc/passwd`, `/etc/group`) or a number. */
export function systemId(file: '/etc/passwd' | '/etc/group', name: string): number | undefined {
  if (/^\d+$/.test(name)) return Number(name);
  try {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const f = line.split(':');
      if (f[0] === name && f[2] !== undefined && /^\d+$/.test(f[2])) return Number(f[2]);
    }
  } catch {
    // No such file: no names to resolve.
  }
  return undefined;
}

function removeStale(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path);
  } catch {
    // Nothing there.
  }
}

function listenOne(socket: StatsSocket, maxconn: number, handler: CliHandler): Promise<Server> {
  const limit = new Limiter(maxconn);
  const server = createServer({ allowHalfOpen: true, pauseOnConnect: true }, (conn) => {
    conn.on('error', () => {});
    const start = (): void => {
      conn.on('close', () => limit.release());
      if (conn.destroyed) return;
      conn.resume();
      handler(conn, socket);
    };
    conn.once('close', () => limit.cancel(start));
    limit.acquire(start);
  });
  const a = socket.address;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const ready = (): void => {
      server.off('error', reject);
      server.on('error', () => {});
      if (a.kind === 'unix') {
        if (socket.mode !== undefined) chmodSync(a.path, socket.mode);
        const uid = socket.user === undefined ? -1 : (systemId('/etc/passwd', socket.user) ?? -1);
        const gid = socket.group === undefined ? -1 : (systemId('/etc/group', socket.group) ?? -1);
        if (uid >= 0 || gid >= 0) chownSync(a.path, uid, gid);
      }
      resolve(server);
    };
    if (a.kind === 'unix') {
      removeStale(a.path);
      server.listen({ path: a.path }, ready);
    } else {
      const host = a.host !== '' ? a.host : a.family === 'ipv6' ? '::' : '0.0.0.0';
      server.listen({ host, port: a.port }, ready);
    }
  });
}

/** Opens every socket; on a failure those already open are closed and the error thrown. */
export async function openCliListeners(sockets: readonly StatsSocket[], maxconn: number, handler: CliHandler): Promise<CliListener[]> {
  const open: CliListener[] = [];
  try {
    for (const socket of sockets) open.push({ socket, server: await listenOne(socket, maxconn, handler) });
  } catch (err) {
    await closeCliListeners(open);
    throw err;
  }
  return open;
}

/** Stops listening; a UNIX socket's file is removed. */
export async function closeCliListeners(listeners: readonly CliListener[]): Promise<void> {
  await Promise.all(
    listeners.map(
      (l) =>
        new Promise<void>((resolve) => {
          l.server.close(() => resolve());
          const a = l.socket.address;
          if (a.kind === 'unix') removeStale(a.path);
        }),
    ),
  );
}
