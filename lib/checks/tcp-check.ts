/**
 * `option tcp-check` with its `tcp-check connect | send | send-binary |
 * expect [!] string | rstring | binary | rbinary` rules (manual 4.2). Messages
 * as HAProxy 2.6.12 prints them: "TCPCHK did not match content 'ok' at step
 * 2" (L7RSP), "(tcp-check)" on success (L7OK, code 0), a timeout while an
 * expect waits is "Layer7 timeout" with " at step 2 of tcp-check (expect
 * string 'xyz')". Steps count the written rules, not the implied connect nor
 * comments.
 *
 * When to decide (observed): a string or binary pattern waits until at
 * least as many bytes arrived, and a miss only fails once the server
 * closed; a regex that does not match waits until the timeout.
 */
import type { CheckSettings, TcpCheckRule } from '../config/model/checks.js';
import type { HealthCheck } from './check.js';
import { converse, type Step, type Verdict } from './conversation.js';
import type { CheckCode } from './result.js';

type ExpectRule = Extract<TcpCheckRule, { type: 'expect' }>;

function describe(rule: ExpectRule): { text: string; timeoutText: string } {
  switch (rule.match) {
    case 'string':
      return { text: `'${rule.pattern}'`, timeoutText: `expect string '${rule.pattern}'` };
    case 'binary':
      return { text: '(binary)', timeoutText: `expect binary '${rule.pattern}'` };
    case 'rstring':
      return { text: `'${rule.pattern}'`, timeoutText: 'expect regex' };
    default:
      return { text: '(binary)', timeoutText: 'expect binary regex' };
  }
}

function withComment(info: string, comment: string | undefined): string {
  return comment === undefined ? info : `${info} comment: ${comment}`;
}

/** One expect rule as a script step. */
export function expectStep(rule: ExpectRule, step: number): Step {
  const { text, timeoutText } = describe(rule);
  const regex = rule.match === 'rstring' || rule.match === 'rbinary' ? new RegExp(rule.pattern) : undefined;
  const literal = rule.match === 'binary' ? Buffer.from(rule.pattern, 'hex') : Buffer.from(rule.pattern, 'latin1');
  const minRecv = rule.minRecv !== undefined && rule.minRecv >= 0 ? rule.minRecv : 0;
  const errorCode: CheckCode = rule.errorStatus ?? 'L7RSP';
  return {
    type: 'expect',
    timeout: { code: rule.toutStatus, info: ` at step ${step} of tcp-check (${timeoutText})` },
    decide(received, closed): Verdict {
      if (received.length < minRecv) return 'wait';
      let matched: boolean;
      if (regex) {
        matched = regex.test(rule.match === 'rbinary' ? received.toString('hex').toUpperCase() : received.toString('latin1'));
        if (matched === rule.negate) return 'wait';
      } else {
        if (received.length < literal.length) return 'wait';
        matched = received.includes(literal);
        if (!matched && !rule.negate && !closed) return 'wait';
      }
      if (matched !== rule.negate) return 'next';
      const info = rule.negate ? `TCPCHK matched unwanted content ${text} at step ${step}` : `TCPCHK did not match content ${text} at step ${step}`;
      return { code: errorCode, info: withComment(info, rule.comment) };
    },
  };
}

export function tcpCheckRules(check: CheckSettings): HealthCheck {
  const steps: Step[] = [];
  let okCode: CheckCode = 'L7OK';
  let n = 0;
  for (const rule of check.tcpRules) {
    if (rule.type === 'comment') continue;
    n++;
    switch (rule.type) {
      case 'connect':
        steps.push({ type: 'connect', host: rule.addr, port: rule.port });
        break;
      case 'send':
        steps.push({ type: 'send', data: Buffer.from(rule.data, 'latin1') });
        break;
      case 'send-binary':
        steps.push({ type: 'send', data: Buffer.from(rule.hex, 'hex') });
        break;
      case 'expect':
        steps.push(expectStep(rule, n));
        okCode = rule.okStatus ?? 'L7OK';
        break;
      default:
        // set-var / unset-var are refused at start (runtime/support.ts).
        break;
    }
  }
  if (steps.length === 0) return { run: (ctx) => converse(ctx, [], { code: 'L4OK' }) };
  return { run: (ctx) => converse(ctx, steps, { code: okCode, status: 0, info: '(tcp-check)' }) };
}
