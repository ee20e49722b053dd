/**
 * `option mysql-check [user <u> [post-41|pre-41]]` (manual 4.2). With a user:
 * sends a Client Authentication packet and a QUIT packet at once, then reads
 * the server's Handshake Initialization and its answer to the login; without
 * one, only reads the handshake. Bytes verified against HAProxy 2.6.12 with a
 * recording server; post-41 is the default, as in HAProxy (not as the
 * manual's pre-4.1 examples suggest). An Error packet is L7STS with the
 * MySQL error code and the rest of the packet as info; a complete check is
 * L7OK, code 0, with the server version of the handshake as info (e.g.
 * "5.5.5-10.11.19-MariaDB-0+deb12u1", as HAProxy 2.6.12 reports a real MariaDB).
 */
import type { CheckKind } from '../config/model/checks.js';
import type { CheckOutcome, HealthCheck } from './check.js';
import { converse, type Step, type Verdict } from './conversation.js';

const QUIT = Buffer.from([1, 0, 0, 0, 1]);

/** A MySQL packet: 3-byte little-endian length, sequence number, payload. */
function packet(seq: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUIntLE(payload.length, 0, 3);
  head[3] = seq;
  return Buffer.concat([head, payload]);
}

/** The login packet HAProxy sends (client flags, max packet size, [charset, filler,] user, empty auth). */
export function mysqlLogin(user: string, variant: 'pre-41' | 'post-41' | 'post-80'): Buffer {
  const name = Buffer.from(`${user}\0`, 'latin1');
  const head =
    variant === 'pre-41'
      ? Buffer.from([0x00, 0x80, 0x00, 0x00, 0x01])
      : Buffer.concat([Buffer.from([0x00, 0x82, 0x00, 0x00, 0x00, 0x80, 0x00, 0x01, 0x21]), Buffer.alloc(23)]);
  return Buffer.concat([packet(1, Buffer.concat([head, name, Buffer.from([0])])), QUIT]);
}

/** The payload of the n-th packet (0-based) in `data`, or undefined while incomplete. */
function nthPacket(data: Buffer, n: number): Buffer | undefined {
  let at = 0;
  for (let i = 0; ; i++) {
    if (data.length < at + 4) return undefined;
    const len = data.readUIntLE(at, 3);
    if (data.length < at + 4 + len) return undefined;
    if (i === n) return data.subarray(at + 4, at + 4 + len);
    at += 4 + len;
  }
}

/** The server version: the NUL-terminated string after the protocol version byte of the handshake. */
function serverVersion(received: Buffer): string {
  const end = received.indexOf(0, 5);
  return received.subarray(5, end < 0 ? undefined : end).toString('latin1');
}

const passed = (received: Buffer): CheckOutcome => ({ code: 'L7OK', status: 0, info: serverVersion(received) });

/** Expects the n-th packet not to be an Error packet; the last one ends the check as passed. */
function notError(n: number, last: boolean): Step {
  return {
    type: 'expect',
    decide(received): Verdict {
      const p = nthPacket(received, n);
      if (!p) return 'wait';
      if (p[0] !== 0xff) return last ? passed(received) : 'next';
      return { code: 'L7STS', status: p.length >= 3 ? p.readUInt16LE(1) : 0, info: p.subarray(3).toString('latin1') };
    },
  };
}

export function mysqlCheck(kind: Extract<CheckKind, { kind: 'mysql' }>): HealthCheck {
  const steps: Step[] = kind.user === undefined ? [notError(0, true)] : [{ type: 'send', data: mysqlLogin(kind.user, kind.variant) }, notError(0, false), notError(1, true)];
  return { run: (ctx) => converse(ctx, steps, { code: 'L7OK', status: 0 }) };
}
