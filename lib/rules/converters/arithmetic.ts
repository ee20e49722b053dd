/**
 * Arithmetic, bitwise and truth converters on signed 64-bit integers
 * (configuration manual 7.3.1: add, sub, mul, div, mod, neg, and, or, xor,
 * cpl, bool, not, odd, even).
 *
 * The operand of the binary ones is an integer or a variable name
 * (`add(txn.x)`); HAProxy first tries the variable reading, then the
 * integer. A variable that is unset or has no integer cast gives no sample.
 *
 * Results follow HAProxy 2.6.12 to the bit, including its overflow rules:
 *  - add saturates at the int64 limits, except that two negative operands
 *    whose sum does not underflow give INT64_MAX: 2.6's overflow check
 *    computes INT64_MAX - a, which wraps for a < 0 (so `int(-5),add(-3)`
 *    is 9223372036854775807 there). sub is add of the opposite, and shares
 *    it (`int(-5),sub(3)`);
 *  - mul saturates; div by 0 gives INT64_MAX, mod by 0 gives 0;
 *    INT64_MIN / -1 gives INT64_MAX and INT64_MIN % -1 gives 0;
 *  - neg of INT64_MIN gives INT64_MAX; division truncates toward zero and
 *    a remainder has the sign of the dividend, as in C.
 * Numbers compute directly while exact, and in bigint otherwise.
 */
import { bool, castSample, int, type Sample } from '../sample/sample.js';
import { isVariableName, readInt64, type Args, type ArgList, type Variables } from './args.js';
import { define, type Apply } from './definition.js';
import { INT64_MAX, INT64_MAX_NUMBER, INT64_MIN, INT64_MIN_NUMBER, toInt64, wrap64 } from './int64.js';
import type { ConverterSpec, VariableReader } from './types.js';

/** An operand both as a number (fast path) and as the exact int64. */
interface Operand {
  readonly n: number;
  readonly big: bigint;
}

type Operation = (a: number, b: Operand) => number;

const safe = Number.isSafeInteger;
const isInt32 = (n: number): boolean => (n | 0) === n;

/** HAProxy 2.6's arith_add, wrap of INT64_MAX - a included (see above). */
function arithAdd(a: bigint, b: bigint): bigint {
  if ((a ^ b) >= 0n) {
    if (a < 0n && INT64_MIN - a > b) return INT64_MIN;
    if (wrap64(INT64_MAX - a) < b) return INT64_MAX;
  }
  return wrap64(a + b);
}

const add: Operation = (a, b) =>
  safe(a) && safe(b.n) && (a >= 0 || b.n >= 0) ? a + b.n : Number(arithAdd(toInt64(a), b.big));

const sub: Operation = (a, b) => {
  if (safe(a) && safe(b.n) && (a >= 0 || b.n <= 0)) return a - b.n;
  const x = toInt64(a);
  if (b.big !== INT64_MIN) return Number(arithAdd(x, -b.big));
  // -INT64_MIN does not exist: add INT64_MAX, then the missing 1 unless saturated.
  const r = arithAdd(x, INT64_MAX);
  return Number(r < INT64_MAX ? r + 1n : r);
};

const mul: Operation = (a, b) => {
  if (a === 0 || b.n === 0) return 0;
  const p = a * b.n;
  if (safe(a) && safe(b.n) && safe(p)) return p;
  const x = toInt64(a);
  if (x === INT64_MIN && b.big === -1n) return INT64_MAX_NUMBER;
  const c = wrap64(x * b.big);
  if (c / b.big !== x) return Number((x < 0n) === (b.big < 0n) ? INT64_MAX : INT64_MIN);
  return Number(c);
};

const div: Operation = (a, b) => {
  if (b.n === 0) return INT64_MAX_NUMBER;
  if (safe(a) && safe(b.n)) return Math.trunc(a / b.n) + 0;
  const x = toInt64(a);
  return Number(x === INT64_MIN && b.big === -1n ? INT64_MAX : x / b.big);
};

const mod: Operation = (a, b) => {
  if (b.n === 0) return 0;
  if (safe(a) && safe(b.n)) return (a % b.n) + 0;
  const x = toInt64(a);
  return x === INT64_MIN && b.big === -1n ? 0 : Number(x % b.big);
};

const and: Operation = (a, b) => (isInt32(a) && isInt32(b.n) ? a & b.n : Number(toInt64(a) & b.big));
const or: Operation = (a, b) => (isInt32(a) && isInt32(b.n) ? a | b.n : Number(toInt64(a) | b.big));
const xor: Operation = (a, b) => (isInt32(a) && isInt32(b.n) ? a ^ b.n : Number(toInt64(a) ^ b.big));

const OPERAND_ARG: ArgList = { kinds: ['str'], min: 1 };

function operandOf(n: number): Operand {
  return { n, big: toInt64(n) };
}

/** check_operator: a variable name, else an integer (read_int64 over the whole text). */
function operand(args: Args, variables: Variables): Operand | VariableReader<unknown> {
  const text = args.str(0);
  if (isVariableName(text)) return variables.reader(text);
  const big = readInt64(text);
  if (big === undefined) throw args.error(`expects an integer or a variable name, got '${text}'`);
  return { n: Number(big), big };
}

function binary(name: string, operation: Operation): ConverterSpec {
  return define({
    name,
    in: 'int',
    out: 'int',
    args: OPERAND_ARG,
    build(args, variables): Apply<'int'> {
      const b = operand(args, variables);
      if (typeof b !== 'function') return (a) => int(operation(a, b));
      return (a, context) => {
        const v = b(context);
        const n = v === undefined ? undefined : castSample(v, 'int');
        return n?.type === 'int' ? int(operation(a, operandOf(n.value))) : undefined;
      };
    },
  });
}

function unary(name: string, out: 'int' | 'bool', operation: (a: number) => Sample): ConverterSpec {
  return define({ name, in: 'int', out, build: () => operation });
}

/** Parity of the int64 a number stands for (2^63 stands for INT64_MAX, which is odd). */
const isOdd = (a: number): boolean => (safe(a) ? a % 2 !== 0 : (toInt64(a) & 1n) === 1n);

export const ARITHMETIC_CONVERTERS: readonly ConverterSpec[] = [
  binary('add', add),
  binary('sub', sub),
  binary('mul', mul),
  binary('div', div),
  binary('mod', mod),
  binary('and', and),
  binary('or', or),
  binary('xor', xor),
  unary('neg', 'int', (a) => int(a === 0 ? 0 : a <= INT64_MIN_NUMBER ? INT64_MAX_NUMBER : -a)),
  unary('cpl', 'int', (a) => int(isInt32(a) ? ~a : Number(~toInt64(a)))),
  unary('bool', 'bool', (a) => bool(a !== 0)),
  unary('not', 'bool', (a) => bool(a === 0)),
  unary('odd', 'bool', (a) => bool(isOdd(a))),
  unary('even', 'bool', (a) => bool(!isOdd(a))),
];
