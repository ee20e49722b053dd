/**
 * `option pgsql-check user <u>` (manual 4.2): sends a StartupMessage
 * (protocol 3.0, `user`), expects an authentication message. As HAProxy
 * 2.6.12 (measured, with a real PostgreSQL 15 and a recording peer): an
 * ErrorResponse is L7RSP with its first field (the severity) as info;
 * AuthenticationOk or a request for credentials (KerberosV5, cleartext,
 * crypt, MD5, SCM, GSS, SSPI, SASL — e.g. SCRAM for a role that does not
 * exist) is L7OK "PostgreSQL server is ok", since the server speaks the
 * protocol; any other answer is L7STS "PostgreSQL unknown error".
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

/** Authentication request codes HAProxy accepts (`rbinary ^52000000..000000(00|02|03|04|05|06|07|09|0A)`). */
const AUTH_REQUESTS: ReadonlySet<number> = new Set([0, 2, 3, 4, 5, 6, 7, 9, 10]);

/** 'R', a length below 256 (only its last byte may be set), then an accepted request code. */
function isAuthRequest(b: Buffer): boolean {
  return b[0] === 0x52 && b[1] === 0 && b[2] === 0 && b[3] === 0 && b[5] === 0 && b[6] === 0 && b[7] === 0 && AUTH_REQUESTS.has(b[8] ?? -1);
}

function decide(received: Buffer): Verdict {
  if (received.length < 5) return 'wait';
  if (received[0] === 0x45) {
    const end = received.indexOf(0, 6);
    return { code: 'L7RSP', info: received.subarray(6, end < 0 ? undefined : end).toString('latin1') };
  }
  if (received.length < 9) return 'wait';
  return isAuthRequest(received) ? 'next' : { code: 'L7STS', status: 0, info: 'PostgreSQL unknown error' };
}

export function pgsqlCheck(user: string): HealthCheck {
  const steps = [{ type: 'send', data: pgsqlStartup(user) }, { type: 'expect', decide }] as const;
  return { run: (ctx) => converse(ctx, steps, { code: 'L7OK', status: 0, info: 'PostgreSQL server is ok' }) };
}
