import t from 'tap';
import { isVariableName, parseArgs, readInt64, type ArgList } from '../../../lib/rules/converters/args.js';

t.test('read_int64: sign and digits only, saturating at the int64 limits', async (t) => {
  const cases: [string, bigint | undefined][] = [
    ['0', 0n], ['42', 42n], ['-42', -42n], ['+42', 42n], ['-', 0n], ['+', 0n], ['', 0n], ['-0', 0n],
    ['9223372036854775807', 9223372036854775807n], ['9223372036854775808', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n], ['-9223372036854775809', -9223372036854775808n],
    ['99999999999999999999999', 9223372036854775807n], ['5x', undefined], [' 5', undefined], ['0x10', undefined], ['1e3', undefined], ['--1', undefined],
  ];
  for (const [text, value] of cases) t.equal(readInt64(text), value, JSON.stringify(text));
});

const FIELD: ArgList = { kinds: ['int', 'str', 'int'], min: 2 };
const OPTIONAL: ArgList = { kinds: ['str', 'int', 'int'], min: 0 };

t.test('argument lists follow HAProxy: empty non-string arguments end the list', async (t) => {
  /** How many arguments are present after the rules. */
  const ok = (list: ArgList, raw: string[]): number => {
    const args = parseArgs('c', list, raw);
    let n = 0;
    while (args.has(n)) n++;
    return n;
  };
  t.equal(ok(FIELD, ['1', '_']), 2);
  t.equal(ok(FIELD, ['1', '_', '']), 2, 'a trailing empty integer is absent');
  t.equal(ok(FIELD, ['1', '', '3']), 3, 'strings may be empty');
  t.equal(ok(OPTIONAL, []), 1, 'no parentheses: one empty string');
  t.equal(ok(OPTIONAL, ['', '']), 1);
  t.throws(() => parseArgs('c', FIELD, ['', '_']), /argument 1 must be an integer, got nothing/);
  t.throws(() => parseArgs('c', FIELD, ['x', '_']), /argument 1 must be an integer, got 'x'/);
  t.throws(() => parseArgs('c', FIELD, ['1']), /needs 2 arguments, got 1/);
  t.throws(() => parseArgs('c', FIELD, ['1', '_', '2', '3']), /takes at most 3 arguments, got 4/);
  t.throws(() => parseArgs('c', FIELD, ['1', '_', '', '']), /argument 3 is empty, so no argument may follow it/);
  t.throws(() => parseArgs('c', OPTIONAL, ['', '', '1']), /argument 2 is empty/);
  t.throws(() => parseArgs('c', { kinds: [], min: 0 }, ['1']), /takes no arguments/);
  t.notOk(parseArgs('c', { kinds: [], min: 0 }, ['']).has(0));
});

t.test('typed accessors', async (t) => {
  const a = parseArgs('c', { kinds: ['int', 'str', 'mask4', 'mask6'], min: 1 }, ['-7', 'x', '255.255.0.0', '64']);
  t.equal(a.int(0), -7n);
  t.equal(a.str(1), 'x');
  t.equal(a.mask4(2), 0xffff0000);
  t.same([...(a.mask6(3) ?? [])], [255, 255, 255, 255, 255, 255, 255, 255, 0, 0, 0, 0, 0, 0, 0, 0]);
  t.equal(a.str(5), '', 'an absent string reads as empty');
  t.equal(a.int(5), undefined);
  t.notOk(a.has(4));
});

t.test('masks: dotted or a length (strtol: sign and leading spaces)', async (t) => {
  const mask4 = (text: string): number | undefined => parseArgs('m', { kinds: ['mask4'], min: 1 }, [text]).mask4(0);
  t.equal(mask4('24'), 0xffffff00);
  t.equal(mask4('0'), 0);
  t.equal(mask4('32'), 0xffffffff);
  t.equal(mask4('+8'), 0xff000000);
  t.equal(mask4(' 8'), 0xff000000);
  t.equal(mask4('-0'), 0);
  t.equal(mask4('255.0.255.0'), 0xff00ff00, 'any bits');
  for (const bad of ['33', '-1', '1e1', '255.255.0', '01.2.3.4', '255.255.255.256']) t.throws(() => mask4(bad), /IPv4 mask/, bad);
  const mask6 = (text: string): string | undefined => Buffer.from(parseArgs('m', { kinds: ['mask6'], min: 1 }, [text]).mask6(0) ?? []).toString('hex');
  t.equal(mask6('1'), '80000000000000000000000000000000');
  t.equal(mask6('ffff::'), 'ffff0000000000000000000000000000');
  t.equal(mask6('::ffff:255.255.255.0'), '00000000000000000000ffffffffff00');
  for (const bad of ['129', 'ffff:', '1.2.3.4', '0x40', 'fe80::1%eth0']) t.throws(() => mask6(bad), /IPv6 mask/, bad);
});

t.test('variable names: a scope, a dot, then letters, digits, dots and underscores', async (t) => {
  for (const name of ['txn.x', 'proc.a.b', 'sess._', 'req.X1', 'res..', 'check.y']) t.ok(isVariableName(name), name);
  for (const name of ['txn', 'txn.', 'TXN.x', 'foo.x', 'txn.a-b', 'txn.é', '5', '']) t.notOk(isVariableName(name), name);
});
