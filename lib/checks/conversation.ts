/**
 * Runs a TCP check script — connect, send, expect — the way HAProxy's
 * tcp-check engine does (manual 4.2 "tcp-check connect/send/expect"): a first
 * connect is implied, received bytes accumulate until the next send, and an
 * expect that cannot decide yet waits for more data until the check's
 * timeout, even past the server's close (verified on HAProxy 2.6.12: a
 * regex or a string longer than what arrived ends in "Layer7 timeout").
 * tcp connect, tcp-check, redis, mysql, pgsql and agent checks are scripts.
 *
 *   connect ──► send ──► expect ──► ... ──► ok result
 *      │L4CON/L4TOUT        │ failure result / L7TOUT at step N
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connectErrorInfo, remaining, type CheckContext, type CheckOutcome, type CheckTarget } from './check.js';
import type { CheckCode } from './result.js';

/** An expect's verdict on what arrived so far: go on, wait for more, or end the check with this result. */
export type Verdict = 'next' | 'wait' | CheckOutcome;

export type Step =
  | { readonly type: 'connect'; readonly host?: string | undefined; readonly port?: number | undefined }
  | { readonly type: 'send'; readonly data: Buffer }
  | {
      readonly type: 'expect';
      readonly decide: (received: Buffer, closed: boolean) => Verdict;
      /** Reported when the check times out while this expect waits. */
      readonly timeout?: { readonly code?: CheckCode | undefined; readonly info?: string | undefined } | undefined;
    };

/** Connects to `target` (or the step's address), failing with L4CON / L4TOUT. */
function open(target: CheckTarget, step: Extract<Step, { type: 'connect' }> | undefined): Socket {
  if ('path' in target && step?.host === undefined && step?.port === undefined) return netConnect({ path: target.path });
  const host = step?.host ?? ('host' in target ? target.host : '127.0.0.1');
  const port = step?.port ?? ('port' in target ? target.port : 0);
  return netConnect({ host, port });
}

/**
 * Runs `steps` against the server; when every step passed, the check ends
 * with `ok`. The connect timeout bounds each connect, the read timeout
 * everything after the first connect.
 */
export function converse(ctx: CheckContext, steps: readonly Step[], ok: CheckOutcome): Promise<CheckOutcome> {
  const all: Step[] = steps[0]?.type === 'connect' ? [...steps] : [{ type: 'connect' }, ...steps];
  const start = Date.now();
  return new Promise((resolve) => {
    let socket: Socket | undefined;
    let index = 0;
    let received: Buffer = Buffer.alloc(0);
    let closed = false;
    let connected = false;
    let timer: NodeJS.Timeout | undefined;
    let done = false;

    const finish = (r: CheckOutcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
      socket?.destroy();
      resolve(r);
    };
    const onAbort = (): void => finish({ code: 'UNK' });
    ctx.signal.addEventListener('abort', onAbort);
    if (ctx.signal.aborted) return finish({ code: 'UNK' });

    const arm = (ms: number, onExpire: () => void): void => {
      clearTimeout(timer);
      timer = setTimeout(onExpire, ms);
    };
    const timedOut = (): void => {
      if (!connected) return finish({ code: 'L4TOUT' });
      const step = all[index];
      const t = step?.type === 'expect' ? step.timeout : undefined;
      finish({ code: t?.code ?? 'L7TOUT', info: t?.info });
    };
    const readLimit = (): number => ctx.readTimeoutMs ?? remaining(start, ctx.totalTimeoutMs);

    const advance = (): void => {
      while (!done && index < all.length) {
        const step = all[index] as Step;
        if (step.type === 'connect') {
          socket?.destroy();
          received = Buffer.alloc(0);
          closed = false;
          connected = false;
          const s = open(ctx.target, step);
          socket = s;
          arm(ctx.readTimeoutMs === undefined ? Math.min(ctx.connectTimeoutMs, remaining(start, ctx.totalTimeoutMs)) : ctx.connectTimeoutMs, timedOut);
          s.once('connect', () => {
            connected = true;
            s.setNoDelay(true);
            arm(readLimit(), timedOut);
            index++;
            advance();
          });
          s.on('data', (c: Buffer) => {
            received = received.length === 0 ? c : Buffer.concat([received, c]);
            advance();
          });
          s.on('end', () => {
            closed = true;
            advance();
          });
          s.on('error', (err: NodeJS.ErrnoException) => {
            if (!connected) finish({ code: 'L4CON', info: connectErrorInfo(err) });
            else {
              closed = true;
              advance();
            }
          });
          return;
        }
        if (!connected) return;
        if (step.type === 'send') {
          received = Buffer.alloc(0);
          if (!closed) socket?.write(step.data);
          index++;
          continue;
        }
        const v = step.decide(received, closed);
        if (v === 'wait') return;
        if (v !== 'next') return finish(v);
        index++;
      }
      if (!done && index >= all.length) finish(ok);
    };
    advance();
  });
}
