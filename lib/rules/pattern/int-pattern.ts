/**
 * Integer patterns (manual 7.1.2) as HAProxy reads them: `N`, or a range
 * `min:max`, `:max`, `min:` where '-' also separates (`10-20`, and `-3`
 * means "at most 3": a negative bound must follow a ':' as in `:-5`).
 * Numbers are signed 64-bit decimals without '+'.
 *
 * In an ACL's own values (not in files) the operators eq, ge, gt, le and lt
 * may precede values and apply to all the following ones until the next
 * operator: `lt 3 10` is `:2 :9`. A value holding ':' or '-' is taken as
 * written whatever the operator; otherwise only its digits before any '.'
 * count (`ge 1.5` is `1:`).
 */
import type { PatternEntry } from './matcher.js';
import { PatternError } from './pattern-error.js';

/** An inclusive range; an absent bound is open. */
export interface IntRange {
  readonly min: number | undefined;
  readonly max: number | undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A decimal with an optional leading '-' ("-" alone is 0), within 64 bits; undefined otherwise. */
function decimal(text: string): bigint | undefined {
  if (text === '') return undefined;
  const digits = text.startsWith('-') ? text.slice(1) : text;
  if (!/^\d*$/.test(digits)) return undefined;
  const n = digits === '' ? 0n : BigInt(digits);
  const v = text.startsWith('-') ? -n : n;
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

/** Parses one integer pattern into its range, or throws where HAProxy refuses it. */
export function parseIntRange(entry: PatternEntry): IntRange {
  const text = entry.key;
  const notRange = (): PatternError => PatternError.at(entry, `'${text}' is not a valid number range`);
  const sep = text.search(/[:-]/);
  if (sep < 0) {
    const n = decimal(text);
    if (n === undefined) throw PatternError.at(entry, `'${text}' is not a number`);
    return { min: Number(n), max: Number(n) };
  }
  if (sep === 0 && text.length > 1) {
    const max = decimal(text.slice(1));
    if (max === undefined) throw notRange();
    return { min: undefined, max: Number(max) };
  }
  const min = decimal(text.slice(0, sep));
  if (min === undefined) throw notRange();
  if (sep === text.length - 1) return { min: Number(min), max: undefined };
  const max = decimal(text.slice(sep + 1));
  if (max === undefined || min > max) throw notRange();
  return { min: Number(min), max: Number(max) };
}

type Operator = 'eq' | 'ge' | 'gt' | 'le' | 'lt';
const OPERATORS: ReadonlySet<string> = new Set<Operator>(['eq', 'ge', 'gt', 'le', 'lt']);

/** The range text an operator makes of a value (64-bit wrap-around included, as HAProxy computes it). */
function applyOperator(op: Exclude<Operator, 'eq'>, v: bigint): string {
  switch (op) {
    case 'le':
      return `:${v}`;
    case 'lt':
      return `:${BigInt.asIntN(64, v - 1n)}`;
    case 'ge':
      return `${v}:`;
    case 'gt':
      return `${BigInt.asIntN(64, v + 1n)}:`;
    default: {
      const never: never = op;
      return never;
    }
  }
}

/** An ACL's integer values with their operators applied: the patterns to parse. */
export function intOperands(values: readonly string[]): PatternEntry[] {
  const out: PatternEntry[] = [];
  let op: Operator = 'eq';
  for (const v of values) {
    if (OPERATORS.has(v)) {
      op = v as Operator;
      continue;
    }
    if (op === 'eq' || /[:-]/.test(v)) {
      out.push({ key: v });
      continue;
    }
    const dot = v.indexOf('.');
    const n = decimal(dot < 0 ? v : v.slice(0, dot));
    if (n === undefined) throw new PatternError(`'${v}' is neither a number nor a supported operator`);
    out.push({ key: applyOperator(op, n) });
  }
  return out;
}
