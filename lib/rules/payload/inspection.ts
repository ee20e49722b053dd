/**
 * Content inspection in TCP mode (configuration manual 4.2 "tcp-request
 * inspect-delay"): `tcp-request content` rules run on the client's first
 * bytes; a condition that does not hold while its data may still change
 * (too few bytes for a TLS ClientHello, `req.len` still growing) stops them
 * until more bytes come, the client ends, the buffer is full or the delay
 * expires — then they are asked again from that rule with what is there.
 * The bytes read stay in the context's payload for the server.
 *
 *   client bytes ──► payload ──► rules from the waiting one ──► decided? ──► done(verdict)
 *                                                  └── undecided ──► wait (delay, more bytes, end)
 */
import type { Socket } from 'node:net';
import type { SampleContext } from '../context.js';
import type { TcpRules, TcpVerdict } from '../tcp-rules.js';
import { ClientPayload } from './client-payload.js';

/** HAProxy stops waiting once its buffer (tune.bufsize less the rewrite reserve) is full. */
const MAX_INSPECTED = 16384 - 1024;

/** `done(verdict)` once the rules decided; a client that leaves meanwhile is refused ('reject'). */
export function inspect(socket: Socket, ctx: SampleContext, rules: TcpRules, delayMs: number, done: (verdict: TcpVerdict | undefined) => void): void {
  const p = (ctx.payload ??= new ClientPayload());
  let from = 0;
  let finished = false;
  const mayChange = (): boolean => {
    const m = p.mayChange && !p.final;
    p.mayChange = false;
    return m;
  };
  const finish = (v: TcpVerdict | undefined): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    socket.off('data', onData);
    socket.off('end', onEnd);
    socket.off('close', onClose);
    socket.pause();
    done(v);
  };
  const ask = (): void => {
    const r = rules.runUntilUndecided(ctx, from, mayChange);
    if (r.resumeAt !== undefined) from = r.resumeAt;
    else finish(r.verdict);
  };
  const last = (): void => {
    p.final = true;
    ask();
  };
  const onData = (chunk: Buffer): void => {
    p.add(chunk);
    if (p.data.length >= MAX_INSPECTED) last();
    else ask();
  };
  const onEnd = (): void => last();
  const onClose = (): void => finish('reject');
  const timer = setTimeout(last, delayMs);
  socket.on('data', onData);
  socket.on('end', onEnd);
  socket.on('close', onClose);
  if (delayMs <= 0) p.final = true;
  ask();
  if (!finished) socket.resume();
}
