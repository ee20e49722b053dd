/**
 * `option redis-check` (manual 4.2): sends PING, expects `+PONG`. Wire bytes
 * and messages as HAProxy 2.6.12: `*1\r\n$4\r\nPING\r\n`; passed with info
 * "Redis server is ok"; anything else is L7STS, code 0, with the reply's first line.
 */
import type { HealthCheck } from './check.js';
import { converse } from './conversation.js';

const PING = Buffer.from('*1\r\n$4\r\nPING\r\n');
const PONG = Buffer.from('+PONG');

export function redisCheck(): HealthCheck {
  return {
    run: (ctx) =>
      converse(
        ctx,
        [
          { type: 'send', data: PING },
          {
            type: 'expect',
            decide(received) {
              if (received.length < PONG.length) return 'wait';
              if (received.includes(PONG)) return 'next';
              const text = received.toString('latin1');
              const eol = text.search(/[\r\n]/);
              return { code: 'L7STS', status: 0, info: eol < 0 ? text : text.slice(0, eol) };
            },
          },
        ],
        { code: 'L7OK', status: 0, info: 'Redis server is ok' },
      ),
  };
}
