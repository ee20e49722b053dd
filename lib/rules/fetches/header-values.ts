/**
 * Header values as HAProxy's fetches see them (configuration manual 7.3.6
 * "req.hdr", "req.fhdr"): `hdr` takes each comma-separated value of every
 * line with the name as one occurrence (commas inside double quotes do not
 * separate), with spaces around it removed; `fhdr` takes whole lines.
 * Occurrence numbers count from 1 (the first) or from -1 (the last).
 */
import type { HeaderField } from '../../http/parser.js';
import type { SampleContext } from '../context.js';
import { int, str, strToInt, type Sample } from '../sample/sample.js';
import { intArg, type CompiledFetch, type FetchSpec } from './fetch.js';

/** The header lines of the message a fetch reads (request or response), if there is one. */
export type HeaderSource = (ctx: SampleContext) => readonly HeaderField[] | undefined;

/** Every occurrence of header `lname` (whole lines when `full`) in the message a fetch reads (for the request, parsed once: http-request.ts). */
export type HeaderValuesOf = (lname: string, full: boolean) => (ctx: SampleContext) => readonly string[];

const NO_VALUES: readonly string[] = [];

/** HeaderValuesOf reading `source` on every call. */
function valuesOf(source: HeaderSource): HeaderValuesOf {
  return (lname, full) => (ctx) => {
    const headers = source(ctx);
    return headers ? headerValues(headers, lname, full) : NO_VALUES;
  };
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09;

function trimmed(v: string, from: number, to: number): string {
  while (from < to && isSpace(v.charCodeAt(from))) from++;
  while (to > from && isSpace(v.charCodeAt(to - 1))) to--;
  return v.slice(from, to);
}

/** Pushes the comma-separated values of one header value. */
function splitValues(v: string, out: string[]): void {
  // Most values have no comma: one value (the parser removed the spaces around it).
  if (v.indexOf(',') < 0) {
    out.push(trimmed(v, 0, v.length));
    return;
  }
  let start = 0;
  let quoted = false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (c === 0x5c && quoted) i++;
    else if (c === 0x2c && !quoted) {
      out.push(trimmed(v, start, i));
      start = i + 1;
    }
  }
  out.push(trimmed(v, start, v.length));
}

/** Every occurrence of header `lname`, split on commas unless `full`. An empty `lname` takes every line. */
export function headerValues(headers: readonly HeaderField[], lname: string, full: boolean): string[] {
  const out: string[] = [];
  for (const h of headers) {
    if (lname !== '' && h.lname !== lname) continue;
    if (full) out.push(h.value);
    else splitValues(h.value, out);
  }
  return out;
}

/** Occurrence `occ` of a list: 1 the first, -1 the last, 0 none. */
export function occurrence<T>(values: readonly T[], occ: number): T | undefined {
  if (occ > 0) return values[occ - 1];
  if (occ < 0) return values[values.length + occ];
  return undefined;
}

const convertTo = (type: 'str' | 'int') => (v: string): Sample | undefined => {
  if (type === 'str') return str(v);
  const n = strToInt(v);
  return n === undefined ? undefined : int(n);
};

/**
 * `hdr(<name>[,<occ>])` and relatives: the last occurrence in expressions, or occurrence `occ`; all of them in ACLs.
 * `values`, when given, reads them instead of splitting `source`'s lines on every call.
 */
export function headerFetch(source: HeaderSource, type: 'str' | 'int', full: boolean, values: HeaderValuesOf = valuesOf(source)): FetchSpec {
  const convert = convertTo(type);
  const of = values;
  return {
    type,
    args: [0, 2],
    compile(args): CompiledFetch {
      const lname = (args[0] ?? '').toLowerCase();
      const occ = args[1] === undefined ? -1 : intArg('occurrence', args[1]);
      const values = of(lname, full);
      return {
        type,
        one: (ctx) => {
          const v = occurrence(values(ctx), occ);
          return v === undefined ? undefined : convert(v);
        },
        all: (ctx) => {
          const vs = args[1] === undefined ? values(ctx) : [occurrence(values(ctx), occ)];
          const out: Sample[] = [];
          for (const v of vs) {
            const s = v === undefined ? undefined : convert(v);
            if (s) out.push(s);
          }
          return out;
        },
      };
    },
  };
}

/** `hdr_cnt(<name>)`: how many occurrences (comma-separated values unless full). `values` as for headerFetch. */
export function headerCount(source: HeaderSource, full: boolean, values: HeaderValuesOf = valuesOf(source)): FetchSpec {
  return {
    type: 'int',
    args: [0, 1],
    compile(args) {
      const lname = (args[0] ?? '').toLowerCase();
      const read = values(lname, full);
      return {
        type: 'int',
        one: (ctx) => (source(ctx) ? int(read(ctx).length) : undefined),
      };
    },
  };
}
