/**
 * `agent-check` (manual 5.2 "agent-check"): connects to the agent
 * (`agent-addr`, `agent-port`), sends `agent-send` if set, and reads one
 * line of words separated by blanks or commas (text after `#` is a
 * description): `up`, `down`, `fail`, `stopped` (operational state),
 * `ready`, `drain`, `maint` (administrative state), `N%` (weight relative to
 * the configured one), `maxconn:N`. As HAProxy 2.6.12 logs it, `up` is L7OK
 * and `down` L7STS, both code 0 with info "via agent : <word>".
 */
import type { AgentReply, HealthCheck } from './check.js';
import { converse, type Verdict } from './conversation.js';

const STATE_WORDS = new Set(['up', 'down', 'fail', 'stopped']);

/** Reads an agent's reply line. */
export function parseAgentReply(line: string): { reply: AgentReply; state?: string | undefined } {
  const words = (line.split('#')[0] ?? '').split(/[ \t,]+/).filter((w) => w !== '').map((w) => w.toLowerCase());
  let state: string | undefined;
  const reply: { -readonly [K in keyof AgentReply]: AgentReply[K] } = {};
  for (const w of words) {
    if (STATE_WORDS.has(w)) {
      state = w;
      reply.up = w === 'up';
    } else if (w === 'ready' || w === 'drain' || w === 'maint') reply.admin = w;
    else if (/^\d+%$/.test(w)) reply.weightPercent = Number(w.slice(0, -1));
    else if (/^maxconn:\d+$/.test(w)) reply.maxconn = Number(w.slice(8));
  }
  return { reply, state };
}

function decide(received: Buffer, closed: boolean): Verdict {
  const text = received.toString('latin1');
  const eol = text.search(/[\r\n]/);
  if (eol < 0 && !closed) return 'wait';
  const { reply, state } = parseAgentReply(eol < 0 ? text : text.slice(0, eol));
  if (state === undefined) return { code: 'L7OK', status: 0, agent: reply };
  return { code: reply.up ? 'L7OK' : 'L7STS', status: 0, info: `via agent : ${state}`, agent: reply };
}

export function agentCheck(send: string | undefined): HealthCheck {
  const steps = [...(send ? [{ type: 'send', data: Buffer.from(send, 'latin1') } as const] : []), { type: 'expect', decide } as const];
  return { run: (ctx) => converse(ctx, steps, { code: 'L7OK', status: 0 }) };
}
