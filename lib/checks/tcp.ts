/** The default check (manual 5.2 "check"): the server accepts a TCP connection → L4OK. */
import type { HealthCheck } from './check.js';
import { converse } from './conversation.js';

export function tcpCheck(): HealthCheck {
  return { run: (ctx) => converse(ctx, [], { code: 'L4OK' }) };
}
