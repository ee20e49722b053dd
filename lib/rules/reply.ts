/**
 * What `return`, `deny` and `tarpit` send (configuration manual 4.2
 * "http-request return"), built per request when it has log-format parts:
 * an `lf-string` or `lf-file` body, or `hdr <name> <fmt>` values with `%`.
 * Anything else is rendered once at start-up (lib/http/replies.ts).
 */
import { readFileSync } from 'node:fs';
import type { ReturnSpec } from '../config/model/rules.js';
import { haproxyReason, renderReply, type Reply } from '../http/replies.js';
import type { SampleContext } from './context.js';
import { compileLogFormat } from './log-format.js';
import type { ExpressionEnv } from './sample/expression.js';

export function replyBuilder(spec: ReturnSpec, env: ExpressionEnv): (ctx: SampleContext) => Reply {
  const b = spec.body;
  const whole = b?.kind === 'errorfile' || b?.kind === 'errorfiles' || b?.kind === 'default-errorfiles';
  const lfBody = b?.kind === 'lf-string' ? b.value : b?.kind === 'lf-file' ? readFileSync(b.path, 'latin1') : undefined;
  if (whole || (lfBody === undefined && !spec.headers.some((h) => h.value.includes('%')))) {
    const reply = renderReply(spec);
    return () => reply;
  }
  const body = lfBody === undefined ? undefined : compileLogFormat(lfBody, env);
  const fixed = lfBody === undefined ? renderReply({ ...spec, headers: [] }).body : Buffer.alloc(0);
  const headers = spec.headers.map((h) => ({ name: h.name.toLowerCase(), value: compileLogFormat(h.value, env) }));
  const status = `HTTP/1.1 ${spec.status} ${haproxyReason(spec.status)}\r\n`;
  const type = spec.contentType === undefined ? '' : `content-type: ${spec.contentType}\r\n`;
  return (ctx) => {
    const content = body ? Buffer.from(body(ctx), 'latin1') : fixed;
    let head = status;
    // A header whose value comes out empty is left out, as HAProxy does.
    for (const h of headers) {
      const v = h.value(ctx);
      if (v !== '') head += `${h.name}: ${v}\r\n`;
    }
    return { head: `${head}content-length: ${content.length}\r\n${type}`, body: content };
  };
}
