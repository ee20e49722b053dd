/**
 * Fetches of the bytes a TCP client sent so far (configuration manual 7.3.5),
 * for `tcp-request content` rules with an `inspect-delay` and the switching
 * rules after them: `req.len`, `req.payload(<offset>,<length>)`,
 * `req.payload_lv(<offset1>,<length1>[,<offset2>])`, `req.ssl_hello_type`
 * and `req.ssl_sni`. Too few bytes while more may come answer no sample and
 * mark the payload as one that may change (ClientPayload), so that the rules wait; outside TCP
 * inspection (no payload) they answer no sample. `req.len` always may change
 * until the payload is final.
 */
import type { SampleContext } from '../context.js';
import type { ClientPayload } from '../payload/client-payload.js';
import { helloServerName, helloType } from '../payload/tls-hello.js';
import { int, str, type Sample } from '../sample/sample.js';
import { intArg, simple, type FetchSpec } from './fetch.js';

const bin = (value: Buffer): Sample => ({ type: 'bin', value });

/** A fetch over the payload; `read` answers a sample, 'short' or undefined. */
function overPayload(type: 'int' | 'str', read: (p: ClientPayload) => Sample | 'short' | undefined): FetchSpec {
  return simple(type, (ctx: SampleContext) => {
    const p = ctx.payload;
    if (!p) return undefined;
    const r = read(p);
    return r === 'short' ? p.tooShort() : r;
  });
}

const length = simple('int', (ctx) => {
  const p = ctx.payload;
  if (!p) return undefined;
  if (!p.final) p.mayChange = true;
  return int(p.data.length);
});

const payload: FetchSpec = {
  type: 'bin',
  args: [2, 2],
  compile(args) {
    const offset = intArg('offset', args[0]);
    const size = intArg('length', args[1]);
    if (offset < 0 || size < 0) throw new Error('offset and length must not be negative');
    return {
      type: 'bin',
      one: (ctx) => {
        const p = ctx.payload;
        if (!p) return undefined;
        // Length 0: everything from the offset on.
        const end = size === 0 ? p.data.length : offset + size;
        if (p.data.length < end || p.data.length < offset) return p.tooShort();
        return bin(p.data.subarray(offset, end));
      },
    };
  },
};

const payloadLv: FetchSpec = {
  type: 'bin',
  args: [2, 3],
  compile(args) {
    const offset1 = intArg('offset', args[0]);
    const length1 = intArg('length', args[1]);
    const relative = args[2] !== undefined && /^[+-]/.test(args[2]);
    const offset2 = args[2] === undefined ? undefined : intArg('offset', args[2]);
    if (offset1 < 0 || length1 <= 0 || length1 > 4) throw new Error('the length field takes 1 to 4 bytes at a non-negative offset');
    return {
      type: 'bin',
      one: (ctx) => {
        const p = ctx.payload;
        if (!p) return undefined;
        const b = p.data;
        if (b.length < offset1 + length1) return p.tooShort();
        let n = 0;
        for (let i = 0; i < length1; i++) n = n * 256 + (b[offset1 + i] as number);
        const start = offset2 === undefined ? offset1 + length1 : relative ? offset1 + length1 + offset2 : offset2;
        if (start < 0) return undefined;
        if (b.length < start + n) return p.tooShort();
        return bin(b.subarray(start, start + n));
      },
    };
  },
};

const sslHelloType = overPayload('int', (p) => {
  const t = helloType(p.data);
  return t === 'short' || t === undefined ? t : int(t);
});

const sslSni = overPayload('str', (p) => {
  const name = helloServerName(p.data);
  return name === 'short' || name === undefined ? name : str(name);
});

export const PAYLOAD_FETCHES: Readonly<Record<string, FetchSpec>> = {
  'req.len': length,
  req_len: length,
  'req.payload': payload,
  'req.payload_lv': payloadLv,
  'req.ssl_hello_type': sslHelloType,
  req_ssl_hello_type: sslHelloType,
  'req.ssl_sni': sslSni,
  req_ssl_sni: sslSni,
};
