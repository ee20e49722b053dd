/**
 * `option httpchk [<method>] [<uri>] [<version>]` with `http-check send` and
 * `http-check expect [!] status | rstatus | string | rstring` (manual 4.2),
 * sent with undici (DESIGN.md), one connection per check as HAProxy does.
 *
 * Results and texts as HAProxy 2.6.12: a passed check is L7OK with the
 * status code and no info; a wrong status is L7STS with the reason phrase
 * ("Internal Server Error"); a body match failure is L7RSP "HTTP content
 * check did not match" ("HTTP check matched unwanted content" with `!`); an
 * expect's `comment` is appended as " comment: <text>"; no expect means
 * `status 200-399`.
 *
 * Deliberate difference: undici speaks HTTP/1.1 and always sends a Host
 * header (the server's address unless `http-check send hdr host` sets it),
 * where HAProxy sends the configured version and no header at all
 * (`OPTIONS / HTTP/1.0\r\n\r\n`).
 */
import { Client, type Dispatcher } from 'undici';
import type { CheckSettings, HttpCheckRule } from '../config/model/checks.js';
import { connectErrorInfo, remaining, type CheckContext, type CheckOutcome, type HealthCheck } from './check.js';
import type { CheckCode } from './result.js';

/** HAProxy reads at most one check buffer of the body (tune.chksize). */
const BODY_LIMIT = 16384;

type ExpectRule = Extract<HttpCheckRule, { type: 'expect' }>;

export interface HttpCheckRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string | undefined;
  readonly host?: string | undefined;
  readonly port?: number | undefined;
}

interface HttpResponse {
  readonly status: number;
  readonly reason: string;
  readonly body: Buffer;
}

/** Headers hidden after the version of `option httpchk` ("HTTP/1.0\r\nHost:\ www"). */
function legacyHeaders(extra: string | undefined, into: Record<string, string>): void {
  for (const line of (extra ?? '').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) into[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
}

/** The request the rules describe: `option httpchk` overlaid with `http-check send` and `http-check connect`. */
export function httpCheckRequest(check: CheckSettings): HttpCheckRequest {
  const kind = check.kind.kind === 'http' ? check.kind : undefined;
  let method = kind?.method ?? 'OPTIONS';
  let path = kind?.uri ?? '/';
  const headers: Record<string, string> = {};
  legacyHeaders(kind?.extraHeaders, headers);
  let body: string | undefined;
  let host: string | undefined;
  let port: number | undefined;
  for (const r of check.httpRules) {
    if (r.type === 'connect') {
      host = r.addr;
      port = r.port;
    } else if (r.type === 'send') {
      method = r.method ?? method;
      path = r.uri ?? path;
      for (const h of r.headers) headers[h.name.toLowerCase()] = h.value;
      body = r.body ?? body;
    }
  }
  return { method, path, headers, body, host, port };
}

function withComment(info: string, comment: string | undefined): string {
  return comment === undefined ? info : `${info} comment: ${comment}`;
}

/** Evaluates one expect rule; undefined when it passed. */
export function evaluateExpect(rule: ExpectRule, res: HttpResponse): CheckOutcome | undefined {
  const e = rule.expect;
  let matched: boolean;
  let onStatus = true;
  switch (e.kind) {
    case 'status':
      matched = e.codes.some((c) => res.status >= c.from && res.status <= c.to);
      break;
    case 'rstatus':
      matched = new RegExp(e.pattern).test(String(res.status));
      break;
    case 'string':
      matched = res.body.includes(Buffer.from(e.pattern, 'latin1'));
      onStatus = false;
      break;
    case 'rstring':
      matched = new RegExp(e.pattern).test(res.body.toString('latin1'));
      onStatus = false;
      break;
    default:
      // hdr, fhdr and string-lf are refused at start (runtime/support.ts).
      matched = false;
  }
  if (matched !== rule.negate) return undefined;
  if (onStatus) return { code: rule.errorStatus ?? 'L7STS', status: res.status, info: withComment(res.reason, rule.comment) };
  const info = rule.negate ? 'HTTP check matched unwanted content' : 'HTTP content check did not match';
  return { code: rule.errorStatus ?? 'L7RSP', status: res.status, info: withComment(info, rule.comment) };
}

/** The verdict on a response: every expect in order, or HAProxy's implicit `status 200-399`. */
export function judge(expects: readonly ExpectRule[], res: HttpResponse): CheckOutcome {
  if (expects.length === 0) {
    return res.status >= 200 && res.status <= 399 ? { code: 'L7OK', status: res.status } : { code: 'L7STS', status: res.status, info: res.reason };
  }
  for (const rule of expects) {
    const failed = evaluateExpect(rule, res);
    if (failed) return failed;
  }
  const last = expects[expects.length - 1];
  return { code: last?.okStatus ?? 'L7OK', status: res.status };
}

/** Sends the request and collects the response, mapping failures to check codes. */
function exchange(ctx: CheckContext, req: HttpCheckRequest, toutCode: CheckCode | undefined): Promise<HttpResponse | CheckOutcome> {
  const t = ctx.target;
  const host = req.host ?? ('host' in t ? t.host : 'localhost');
  const port = req.port ?? ('port' in t ? t.port : 80);
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const unix = 'path' in t && req.host === undefined && req.port === undefined ? t.path : undefined;
  const client = new Client(unix ? 'http://localhost' : origin, {
    ...(unix ? { socketPath: unix } : {}),
    connect: { timeout: ctx.connectTimeoutMs },
    headersTimeout: 0,
    bodyTimeout: 0,
    pipelining: 1,
  });
  const start = Date.now();
  return new Promise((resolve) => {
    let done = false;
    let connected = false;
    let timer: NodeJS.Timeout | undefined;
    let controller: Dispatcher.DispatchController | undefined;
    const finish = (r: HttpResponse | CheckOutcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
      controller?.abort(new Error('check finished'));
      client.destroy().catch(() => {});
      resolve(r);
    };
    const onAbort = (): void => finish({ code: 'UNK' });
    ctx.signal.addEventListener('abort', onAbort);
    const arm = (ms: number): void => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(connected ? { code: toutCode ?? 'L7TOUT' } : { code: 'L4TOUT' }), ms);
    };
    arm(ctx.readTimeoutMs === undefined ? ctx.totalTimeoutMs : ctx.connectTimeoutMs);
    client.on('connect', () => {
      connected = true;
      arm(ctx.readTimeoutMs ?? remaining(start, ctx.totalTimeoutMs));
    });
    let status = 0;
    let reason = '';
    const chunks: Buffer[] = [];
    let size = 0;
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
      },
      onResponseStart(_c, statusCode, _headers, statusMessage) {
        status = statusCode;
        reason = statusMessage ?? '';
      },
      onResponseData(_c, chunk) {
        if (size < BODY_LIMIT) chunks.push(chunk.subarray(0, BODY_LIMIT - size));
        size += chunk.length;
      },
      onResponseEnd() {
        finish({ status, reason, body: Buffer.concat(chunks) });
      },
      onResponseError(_c, err: Error & { code?: string }) {
        if (done) return;
        if (err.code === 'UND_ERR_CONNECT_TIMEOUT') finish({ code: 'L4TOUT' });
        else if (!connected) finish({ code: 'L4CON', info: connectErrorInfo(err) });
        else finish({ code: 'L7RSP' });
      },
    };
    client.dispatch({ origin: unix ? 'http://localhost' : origin, method: req.method, path: req.path, headers: req.headers, body: req.body ?? null, reset: true }, handler);
  });
}

export function httpCheck(check: CheckSettings): HealthCheck {
  const req = httpCheckRequest(check);
  const expects = check.httpRules.filter((r): r is ExpectRule => r.type === 'expect');
  const toutCode = expects.find((e) => e.toutStatus)?.toutStatus;
  return {
    async run(ctx) {
      const r = await exchange(ctx, req, toutCode);
      return 'code' in r ? r : judge(expects, r);
    },
  };
}
