/** Constant fetches (configuration manual 7.3.2): always_true, always_false, bool(), int(), str(), ipv4(), ipv6(), meth(), bin(). */
import { isIP } from 'node:net';
import { bool, int, ip, str, type Sample } from '../sample/sample.js';
import { intArg, simple, type FetchSpec } from './fetch.js';

const constant = (type: Sample['type'], make: (arg: string) => Sample): FetchSpec => ({
  type,
  args: [1, 1],
  compile: (args) => {
    const v = make(args[0] ?? '');
    return { type, one: () => v };
  },
});

export const LITERAL_FETCHES: Readonly<Record<string, FetchSpec>> = {
  always_true: simple('bool', () => bool(true)),
  always_false: simple('bool', () => bool(false)),
  bool: constant('bool', (a) => bool(intArg('bool() value', a) !== 0)),
  int: constant('int', (a) => int(intArg('int() value', a))),
  str: constant('str', (a) => str(a)),
  ipv4: constant('ip', (a) => {
    if (isIP(a) !== 4) throw new Error(`'${a}' is not an IPv4 address`);
    return ip(a);
  }),
  ipv6: constant('ip', (a) => {
    if (isIP(a) !== 6) throw new Error(`'${a}' is not an IPv6 address`);
    return ip(a);
  }),
  meth: constant('meth', (a) => ({ type: 'meth', value: a })),
  bin: constant('bin', (a) => {
    if (!/^([0-9a-fA-F]{2})*$/.test(a)) throw new Error(`'${a}' is not an even number of hex digits`);
    return { type: 'bin', value: Buffer.from(a, 'hex') };
  }),
};
