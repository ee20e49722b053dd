/**
 * Values of the options on `bind`, `server` and `default-server` lines, read
 * as HAProxy reads them and reported with the line's subject
 * ("'server app/s1' : ...") so that a message names the server or listener
 * and the option, not just the keyword.
 *
 * HAProxy reads most numeric options with atol(): 'abc' is 0 and '3x' is 3.
 * tslb does the same and warns (TSLB_WRN_CFG_NUMBER); the range check then
 * applies to the value read. An empty or missing word reads as '' — HAProxy
 * passes an empty string for a missing argument.
 */
import { atol, parseTime } from '../units.js';
import type { KeywordContext } from './context.js';

/** The word after an option, '' when the line ends (HAProxy's empty argument). */
export function valueAt(args: readonly string[], index: number): string {
  return args[index] ?? '';
}

/**
 * An atol() value checked against [min, max]; `rangeMessage` words the
 * refusal (default: "'<opt>' expects a value between min and max, got v").
 */
export function atolValue(
  ctx: KeywordContext,
  subject: string,
  option: string,
  text: string,
  min: number,
  max: number,
  rangeMessage?: (value: number) => string,
): number | undefined {
  const { value, exact } = atol(text);
  if (value < min || value > max) {
    const message = rangeMessage ? rangeMessage(value) : `'${option}' expects a value between ${min} and ${max}, got ${value}`;
    return ctx.error('TSLB_ERR_CFG_NUMBER', `${subject}${message}`);
  }
  // Only a value that is kept deserves the warning; a refused one already has its error.
  if (!exact) ctx.warn('TSLB_WRN_CFG_NUMBER', `${subject}'${option}' reads '${text}' as ${value}, as HAProxy does`);
  return value;
}

/** A strict integer (HAProxy's strtol with an end check, as for `id`). */
export function strictInt(ctx: KeywordContext, subject: string, option: string, text: string): number | undefined {
  if (text === '') return ctx.error('TSLB_ERR_CFG_ARGS', `${subject}'${option}' : expects an integer argument`);
  if (!/^[+-]?\d+$/.test(text)) {
    return ctx.error('TSLB_ERR_CFG_NUMBER', `${subject}'${option}' : expects an integer argument, found '${text}'`);
  }
  return Number(text);
}

/** A duration in ms (default unit ms); `positive` refuses 0 as HAProxy does for check intervals. */
export function timeValue(ctx: KeywordContext, subject: string, option: string, text: string, positive: boolean): number | undefined {
  if (text === '') return ctx.error('TSLB_ERR_CFG_ARGS', `${subject}'${option}' expects a time value as argument`);
  const r = parseTime(text, option);
  if (!r.ok) return ctx.error('TSLB_ERR_CFG_TIME', `${subject}${r.message}`);
  if (positive && r.value === 0) return ctx.error('TSLB_ERR_CFG_TIME', `${subject}invalid value 0 for argument '${option}'`);
  return r.value;
}

/** A non-empty word, or an error naming what the option expects. */
export function requiredWord(ctx: KeywordContext, subject: string, option: string, text: string, what: string): string | undefined {
  if (text === '') return ctx.error('TSLB_ERR_CFG_ARGS', `${subject}'${option}' expects ${what} as argument`);
  return text;
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(
  ctx: KeywordContext,
  subject: string,
  option: string,
  text: string,
  allowed: readonly T[],
): T | undefined {
  if ((allowed as readonly string[]).includes(text)) return text as T;
  const list = allowed.map((a) => `'${a}'`);
  const expected = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
  return ctx.error('TSLB_ERR_CFG_ARGS', `${subject}'${option}' expects ${expected} but got '${text}'`);
}

/**
 * HAProxy reads option keywords until the first empty word, so an empty word
 * where an option is expected (an unset "${VAR}" in quotes) silently ends the
 * statement. tslb does the same and says so. Returns true when `word` is
 * such an end.
 */
export function endsAtEmptyWord(ctx: KeywordContext, args: readonly string[], index: number): boolean {
  if (args[index] !== '') return false;
  const ignored = args.length - index - 1;
  if (ignored > 0) {
    ctx.warn(
      'TSLB_WRN_CFG_EMPTY_WORD',
      `an empty word ends the statement: ${ignored === 1 ? `'${args[index + 1]}' is` : `the ${ignored} words after it are`} ignored, as HAProxy does`,
    );
  }
  return true;
}
