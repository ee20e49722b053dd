/**
 * `option pgsql-check user <u>` (manual 4.2): sends a StartupMessage
 * (protocol 3.0, `user`), expects AuthenticationOk. As HAProxy 2.6.12: an
 * ErrorResponse is L7RSP with its first field (the severity) as info, any
 * other answer L7STS "PostgreSQL unknown error", AuthenticationOk L7OK
 * "PostgreSQL server is ok".
 */
import type { HealthCheck } from './check.js';
import { converse, type Verdict } from './conversation.js';

/** The StartupMessage: length, protocol 0x00030000, "user\0<u>\0\0". */
export function pgsqlStartup(user: string): Buffer {
  const body = Buffer.from(`user\0${user}\0\0`, 'latin1');
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.writeUInt32BE(0x00030000, 4);
  return Buffer.concat([head, body]);
}

const AUTH_OK = Buffer.from('520000000800000000', 'hex');

function decide(received: Buffer): Verdict {
  if (received.length < 5) return 'wait';
  if (received[0] === 0x45) {
    const end = received.indexOf(0, 6);
    return { code: 'L7RSP', info: received.subarray(6, end < 0 ? undefined : end).toString('latin1') };
  }
  if (received.length < AUTH_OK.length) return 'wait';
  return received.subarray(0, AUTH_OK.length).equals(AUTH_OK) ? 'next' : { code: 'L7STS', status: 0, info: 'PostgreSQL unknown error' };
}

export function pgsqlCheck(user: string): HealthCheck {
  const steps = [{ type: 'send', data: pgsqlStartup(user) }, { type: 'expect', decide }] as const;
  return { run: (ctx) => converse(ctx, steps, { code: 'L7OK', status: 0, info: 'PostgreSQL server is ok' }) };
}
