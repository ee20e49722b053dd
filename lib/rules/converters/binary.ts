/**
 * Binary converters (configuration manual 7.3.1): bytes, be2dec, be2hex
 * and htonl.
 *
 * bytes(<offset>[,<length>]) compares as HAProxy does, with the lengths
 * unsigned: a negative offset gives an empty result and a negative length
 * keeps everything after the offset. be2dec and be2hex cut the input into
 * big-endian chunks; with <truncate> a last partial chunk is dropped.
 * be2hex without a separator and without <truncate> is one chunk. Their
 * output is not limited to tune.bufsize as HAProxy's is.
 */
import { str } from '../sample/sample.js';
import { define, bin } from './definition.js';
import { toInt64 } from './int64.js';
import type { Args } from './args.js';
import type { ConverterSpec } from './types.js';

function truncateFlag(args: Args): boolean {
  const t = args.int(2) ?? 0n;
  if (t !== 0n && t !== 1n) throw args.error(`truncate must be 0 or 1, got ${t}`);
  return t === 1n;
}

/** The chunks of `b` (each given as [start, end)), as be2dec and be2hex walk them. */
function chunks(b: Buffer, size: number, truncate: boolean, each: (start: number, end: number) => void): void {
  const last = truncate ? b.length - size + 1 : b.length;
  for (let ptr = 0; ptr < last; ptr += size) each(ptr, Math.min(ptr + size, b.length));
}

export const BINARY_CONVERTERS: readonly ConverterSpec[] = [
  define({
    name: 'bytes',
    in: 'bin',
    out: 'bin',
    args: { kinds: ['int', 'int'], min: 1 },
    build(args) {
      // Compared unsigned: a negative offset is beyond any input, a negative length keeps all.
      const offset = Number(args.int(0) ?? 0n);
      const length = args.int(1);
      const end = length === undefined || length < 0n ? Infinity : offset + Number(length);
      return (b) => bin(offset < 0 || b.length <= offset ? b.subarray(0, 0) : b.subarray(offset, end));
    },
  }),
  define({
    name: 'be2dec',
    in: 'bin',
    out: 'str',
    args: { kinds: ['str', 'int', 'int'], min: 1 },
    build(args) {
      const separator = args.str(0);
      const size = args.int(1) ?? 0n;
      if (size < 1n || size > 8n) throw args.error(`chunk_size must be from 1 to 8, got ${size}`);
      const truncate = truncateFlag(args);
      const n = Number(size);
      return (b) => {
        const parts: string[] = [];
        chunks(b, n, truncate, (start, end) => {
          // Up to 6 bytes fit a number exactly; 7 and 8 need a bigint.
          if (n <= 6) parts.push(String(end > start ? b.readUIntBE(start, end - start) : 0));
          else {
            let v = 0n;
            for (let i = start; i < end; i++) v = (v << 8n) | BigInt(b[i] as number);
            parts.push(String(v));
          }
        });
        return str(parts.join(separator));
      };
    },
  }),
  define({
    name: 'be2hex',
    in: 'bin',
    out: 'str',
    args: { kinds: ['str', 'int', 'int'], min: 0 },
    build(args) {
      const separator = args.str(0);
      const size = args.int(1) ?? 0n;
      const truncate = truncateFlag(args);
      const whole = separator === '' && !truncate;
      if (size <= 0n && !whole) throw args.error(`chunk_size must be positive, got ${size}`);
      // HAProxy keeps the chunk size in a C int, and loops without end on one that wraps to 0 or less.
      if (size > 0x7fffffffn && !whole) throw args.error(`chunk_size must be at most 2147483647, got ${size}`);
      const n = Number(size);
      return (b) => {
        if (whole) return str(b.toString('hex').toUpperCase());
        const parts: string[] = [];
        chunks(b, n, truncate, (start, end) => parts.push(b.toString('hex', start, end).toUpperCase()));
        return str(parts.join(separator));
      };
    },
  }),
  define({
    name: 'htonl',
    in: 'int',
    out: 'bin',
    build: () => (n) => {
      const b = Buffer.allocUnsafe(4);
      b.writeUInt32BE(Number.isSafeInteger(n) ? n >>> 0 : Number(toInt64(n) & 0xffffffffn));
      return bin(b);
    },
  }),
];
