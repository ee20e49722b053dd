/**
 * TCP mode (`mode tcp`): after connecting to a server, bytes flow both ways
 * unchanged (configuration manual 4, "mode tcp"):
 *
 *   client ──pipe──► server        each side may half-close (FIN) on its own;
 *   client ◄──pipe── server        the session ends when both directions ended
 *
 * Inactivity limits: `timeout client` on the client socket, `timeout server`
 * on the server socket, both replaced by `timeout tunnel` when it is set.
 * Once tslb has passed a FIN on to a side, that side has `timeout
 * client-fin` / `server-fin` to finish its own direction (HAProxy 2.6,
 * verified: the server's FIN passed to the client starts client-fin, the
 * client's FIN passed to the server starts server-fin). Byte counters come
 * from the sockets at the end, nothing per chunk.
 */
import type { Socket } from 'node:net';
import type { RuntimeBackend } from '../backend/backend.js';
import type { RuntimeServer } from '../backend/server.js';
import { connectToServer } from '../backend/connect.js';
import { ReadBuffer } from '../net/read-buffer.js';
import type { RuntimeFrontend } from '../runtime/frontend.js';
import type { SampleContext } from '../rules/context.js';
import { ExchangeMeter } from '../stats/exchange-meter.js';

/** `ctx`: the connection as rules see it, when the frontend has any (stick tables of the backend need it). */
export function handleTcpConnection(client: Socket, frontend: RuntimeFrontend, backend: RuntimeBackend, done: () => void, ctx?: SampleContext): void {
  const feTimeouts = frontend.config.timeouts;
  const beTimeouts = backend.config.timeouts;
  const tunnel = beTimeouts.tunnel;
  let server: Socket | undefined;
  let open = 1; // sockets not yet closed
  let finished = false;

  // An error or a timeout ends everything at once.
  const abort = (): void => {
    cancel();
    client.destroy();
    server?.destroy();
  };
  // The session ends when every socket has closed (so nothing is cut while
  // a half-closed direction is still flushing).
  const closed = (): void => {
    if (--open > 0 || finished) return;
    finished = true;
    // Counters (the bytes included) and the access log of the connection.
    meter.end(Date.now());
    done();
  };

  client.setNoDelay(true);
  // The termination state of the log (manual 8.5): who ended it, in the data phase.
  client.on('error', () => {
    meter.terminate('CD');
    abort();
  });
  client.on('close', () => {
    // Nothing more can reach the client: the server side closes once what
    // the client sent has been flushed to it.
    if (!server) cancel();
    else server.destroySoon();
    closed();
  });
  // One timeout listener per socket; setTimeout(ms) below only re-arms it.
  client.on('timeout', () => {
    meter.terminate('cD');
    abort();
  });
  client.setTimeout(feTimeouts.client ?? 0);

  const meter = new ExchangeMeter(frontend, client, false);
  meter.context = ctx;
  const now = Date.now();
  meter.begin(now);
  if (ctx?.replacedSource !== undefined) meter.clientIp = ctx.replacedSource;
  meter.backend(backend, now);
  // Server bytes are read into a reused buffer (net/read-buffer.ts) and written to the client.
  const reader = new ReadBuffer();
  const pick = { clientAddress: ctx?.replacedSource ?? client.remoteAddress };
  // Waiting in the queue, then connecting: either can be cancelled.
  let cancel: () => void = () => {};
  const connected = (failure: unknown, socket: Socket | undefined, chosen: RuntimeServer): void => {
    if (failure || !socket) {
      meter.terminate('SC');
      backend.release(chosen);
      client.destroy();
      return;
    }
    server = socket;
    open++;
    const at = Date.now();
    meter.assigned(chosen, at);
    meter.connected(chosen, at, false, 0, false);
    if (ctx) ctx.server = chosen;
    // on-marked-down / on-marked-up may end the session (manual 5.2).
    const stream = {
      shutdown(): void {
        socket.destroy();
        client.destroy();
      },
    };
    if (chosen.trackStreams) chosen.streams.add(stream);
    socket.on('error', () => {
      meter.terminate('SD');
      abort();
    });
    socket.on('close', () => {
      chosen.streams.delete(stream);
      reader.release();
      backend.release(chosen);
      closed();
    });
    socket.on('timeout', () => {
      meter.terminate('sD');
      abort();
    });
    socket.setTimeout(tunnel ?? beTimeouts.server ?? 0);
    if (tunnel !== undefined) client.setTimeout(tunnel);

    // Half-close: a FIN from one side is passed on; the other direction goes on.
    client.on('end', () => {
      if (beTimeouts.serverFin !== undefined) socket.setTimeout(beTimeouts.serverFin);
      socket.end();
    });
    socket.on('end', () => {
      if (feTimeouts.clientFin !== undefined) client.setTimeout(feTimeouts.clientFin);
      client.end();
    });
    // The bytes content rules inspected go first.
    const inspected = ctx?.payload?.data;
    if (ctx) ctx.payload = undefined;
    if (inspected && inspected.length > 0) socket.write(inspected);
    client.pipe(socket, { end: false });
    reader.sink = {
      get backlogged() {
        return client.writableLength > 0;
      },
      onChunk(chunk: Buffer): boolean {
        if (!client.write(chunk)) socket.pause();
        return client.writableLength > 0;
      },
    };
    client.on('drain', () => socket.resume());
    client.resume();
  };
  // Stick tables may name the server; the one that serves is stored once connected.
  const force = backend.persistRules && ctx ? backend.persistRules.decide(ctx) === 'force' : false;
  const ruled = backend.serverRules && ctx ? backend.serverRules.pick(ctx, force) : undefined;
  const stick = backend.sticking && ctx ? backend.sticking.onRequest(ctx, ruled !== undefined, force) : undefined;
  const direct = ruled ?? stick?.server;
  const onServer = (chosen: RuntimeServer | undefined): void => {
    if (!chosen) {
      // No usable server, or `timeout queue` expired.
      client.destroy();
      return;
    }
    const opts = { backend, pick, server: chosen, clientPort: client.localPort ?? 0, onread: reader.options, allowHalfOpen: true, direct: direct === chosen };
    cancel = connectToServer(opts, (failure, socket, served) => {
      if (stick && socket && !failure) backend.sticking?.store(stick, served);
      connected(failure, socket, served);
    });
  };
  const waiting = direct ? backend.dispatchTo(direct, pick, onServer) : backend.dispatch(pick, onServer);
  // Still in the queue: leaving cancels the wait.
  if (waiting) cancel = waiting;
}
