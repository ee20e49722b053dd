/**
 * strftime(3) as glibc implements it in the C locale, for the ltime and
 * utime converters (configuration manual 7.3.1), compiled once per format.
 *
 * Supported, as glibc: every C99 and POSIX conversion, the GNU ones (%k,
 * %l, %P, %s), the flags '_' (pad with spaces), '-' (no padding for
 * numbers), '0' (pad with zeros), '^' (upper case), '#' (swap case of
 * names), a field width, and the E and O modifiers (no era or alternative
 * digits in the C locale, so they change nothing where glibc accepts
 * them). An unknown or refused conversion is copied as written, and a '%'
 * at the end of the format stays a '%'. Years are not padded (%Y of 999
 * is "999"); %C, %y and %g follow glibc's rules for negative years.
 */

/** A broken-down time (struct tm) and what %z, %Z and %s need. */
export interface Tm {
  /** Full year (tm_year + 1900). */
  readonly year: number;
  /** 0-11. */
  readonly mon: number;
  readonly mday: number;
  readonly hour: number;
  readonly min: number;
  readonly sec: number;
  /** 0 = Sunday. */
  readonly wday: number;
  /** 0-365. */
  readonly yday: number;
  /** Seconds east of UTC (%z). */
  readonly gmtoff: number;
  /** Zone abbreviation (%Z). */
  readonly zone: string;
  /** Seconds since the epoch of these fields read as local time (%s, which glibc computes with mktime). */
  readonly epoch: bigint;
}

type Pad = '' | '_' | '-' | '0';

interface Spec {
  readonly pad: Pad;
  readonly upper: boolean;
  readonly swapCase: boolean;
  /** -1 when not given. */
  readonly width: number;
  readonly modifier: '' | 'E' | 'O';
  readonly conversion: string;
  /** What glibc copies when it refuses the conversion. */
  readonly raw: string;
}

type Token = string | Spec;

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The conversions that stand for another format in the C locale. */
const SUBFORMAT_TEXT: Readonly<Record<string, string>> = {
  c: '%a %b %e %H:%M:%S %Y',
  D: '%m/%d/%y',
  x: '%m/%d/%y',
  F: '%Y-%m-%d',
  r: '%I:%M:%S %p',
  R: '%H:%M',
  T: '%H:%M:%S',
  X: '%H:%M:%S',
};

/** Conversions glibc refuses with E, with O, or with any modifier. */
const REFUSES_E = 'bBdeHIklMmjSUVgGWwh';
const REFUSES_O = 'cxXY';
const REFUSES_ANY = '%aADF';

function refused(s: Spec): boolean {
  if (s.modifier === '') return false;
  if (REFUSES_ANY.includes(s.conversion)) return true;
  return s.modifier === 'E' ? REFUSES_E.includes(s.conversion) : REFUSES_O.includes(s.conversion);
}

function tokenize(format: string): Token[] {
  const tokens: Token[] = [];
  let text = '';
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') {
      text += format[i];
      continue;
    }
    if (text !== '') tokens.push(text);
    text = '';
    const start = i;
    let pad: Pad = '';
    let upper = false;
    let swapCase = false;
    for (;;) {
      const c = format[i + 1];
      if (c === '_' || c === '-' || c === '0') pad = c;
      else if (c === '^') upper = true;
      else if (c === '#') swapCase = true;
      else break;
      i++;
    }
    let width = -1;
    while (/[0-9]/.test(format[i + 1] ?? '')) {
      width = Math.min((width < 0 ? 0 : width) * 10 + Number(format[i + 1]), 0x7fffffff);
      i++;
    }
    let modifier: '' | 'E' | 'O' = '';
    const m = format[i + 1];
    if (m === 'E' || m === 'O') {
      modifier = m;
      i++;
    }
    const conversion = format[i + 1];
    if (conversion === undefined) {
      tokens.push({ pad, upper, swapCase, width, modifier, conversion: '', raw: format.slice(start) });
      break;
    }
    i++;
    tokens.push({ pad, upper, swapCase, width, modifier, conversion, raw: conversion === '%' ? '%' : format.slice(start, i + 1) });
  }
  if (text !== '') tokens.push(text);
  return tokens;
}

/** glibc's add(): `text` right-aligned in `width`, padded with zeros only for the '0' flag. */
function padded(width: number, pad: Pad, text: string): string {
  const delta = width - text.length;
  return delta > 0 ? (pad === '0' ? '0' : ' ').repeat(delta) + text : text;
}

/** glibc's DO_NUMBER and what follows it. */
function number(s: Spec, pad: Pad, minDigits: number, value: number): string {
  let width = s.width;
  const digits = minDigits > width ? minDigits : width;
  let buf = String(value);
  let prefix = '';
  if (pad !== '-') {
    const padding = digits - buf.length;
    if (padding > 0) {
      if (pad === '_') {
        prefix = ' '.repeat(padding);
        width = width > padding ? width - padding : 0;
      } else {
        if (value < 0) {
          prefix = '-';
          buf = buf.slice(1);
        }
        prefix += '0'.repeat(padding);
        width = 0;
      }
    }
  }
  return prefix + padded(width, pad, buf);
}

const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

/** Days from the start of the ISO week-numbering year (glibc's iso_week_days). */
function isoWeekDays(yday: number, wday: number): number {
  const big = (Math.trunc(366 / 7) + 2) * 7;
  return yday - ((yday - wday + 4 + big) % 7) + 3;
}

function isoWeek(tm: Tm): { year: number; days: number } {
  let year = tm.year;
  let days = isoWeekDays(tm.yday, tm.wday);
  if (days < 0) {
    year--;
    days = isoWeekDays(tm.yday + (365 + (isLeap(year) ? 1 : 0)), tm.wday);
  } else {
    const d = isoWeekDays(tm.yday - (365 + (isLeap(year) ? 1 : 0)), tm.wday);
    if (d >= 0) {
      year++;
      days = d;
    }
  }
  return { year, days };
}

function render(tokens: readonly Token[], tm: Tm): string {
  let out = '';
  for (const t of tokens) out += typeof t === 'string' ? t : convert(t, tm);
  return out;
}

const cTrunc = (a: number, b: number): number => Math.trunc(a / b);

function convert(s: Spec, tm: Tm): string {
  if (s.conversion === '' || refused(s)) return caseOf(s.upper, false, padded(s.width, s.pad, s.raw));
  const num = (digits: number, value: number): string => number(s, s.pad, digits, value);
  const spaced = (digits: number, value: number): string => number(s, s.pad === '0' || s.pad === '-' ? s.pad : '_', digits, value);
  const name = (text: string): string => caseOf(s.upper || s.swapCase, false, padded(s.width, s.pad, text));
  const hour12 = tm.hour % 12 === 0 ? 12 : tm.hour % 12;
  const sub = SUBFORMATS.get(s.conversion);
  if (sub !== undefined) return caseOf(s.upper, false, padded(s.width, s.pad, render(sub, tm)));
  switch (s.conversion) {
    case '%':
      return padded(s.width, s.pad, '%');
    case 'n':
      return padded(s.width, s.pad, '\n');
    case 't':
      return padded(s.width, s.pad, '\t');
    case 'a':
      return name((DAYS[tm.wday] as string).slice(0, 3));
    case 'A':
      return name(DAYS[tm.wday] as string);
    case 'b':
    case 'h':
      return name((MONTHS[tm.mon] as string).slice(0, 3));
    case 'B':
      return name(MONTHS[tm.mon] as string);
    case 'p':
    case 'P': {
      const lower = s.conversion === 'P' || s.swapCase;
      return caseOf(s.upper && !lower, lower, padded(s.width, s.pad, tm.hour >= 12 ? 'PM' : 'AM'));
    }
    case 'Z':
      return caseOf(s.upper && !s.swapCase, s.swapCase, padded(s.width, s.pad, tm.zone));
    case 'C':
      return num(1, cTrunc(tm.year, 100) - (tm.year % 100 < 0 ? 1 : 0));
    case 'd':
      return num(2, tm.mday);
    case 'e':
      return spaced(2, tm.mday);
    case 'H':
      return num(2, tm.hour);
    case 'I':
      return num(2, hour12);
    case 'k':
      return spaced(2, tm.hour);
    case 'l':
      return spaced(2, hour12);
    case 'j':
      return num(3, tm.yday + 1);
    case 'M':
      return num(2, tm.min);
    case 'm':
      return num(2, tm.mon + 1);
    case 'S':
      return num(2, tm.sec);
    case 's':
      // glibc prints it with one digit minimum, so only the width pads it.
      return padded(s.width, s.pad, String(tm.epoch));
    case 'u':
      return num(1, ((tm.wday + 6) % 7) + 1);
    case 'U':
      return num(2, cTrunc(tm.yday - tm.wday + 7, 7));
    case 'W':
      return num(2, cTrunc(tm.yday - ((tm.wday + 6) % 7) + 7, 7));
    case 'w':
      return num(1, tm.wday);
    case 'V':
      return num(2, cTrunc(isoWeek(tm).days, 7) + 1);
    case 'G':
      return num(1, isoWeek(tm).year);
    case 'g':
      return num(2, ((isoWeek(tm).year % 100) + 100) % 100);
    case 'Y':
      return num(1, tm.year);
    case 'y':
      return num(2, (((tm.year - 1900) % 100) + 100) % 100);
    case 'z': {
      const sign = padded(s.width, s.pad, tm.gmtoff < 0 ? '-' : '+');
      const minutes = cTrunc(Math.abs(tm.gmtoff), 60);
      return sign + num(4, cTrunc(minutes, 60) * 100 + (minutes % 60));
    }
    default:
      return caseOf(s.upper, false, padded(s.width, s.pad, s.raw));
  }
}

function caseOf(upper: boolean, lower: boolean, text: string): string {
  if (lower) return text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  return upper ? text.replace(/[a-z]+/g, (m) => m.toUpperCase()) : text;
}

const SUBFORMATS: ReadonlyMap<string, readonly Token[]> = new Map(Object.entries(SUBFORMAT_TEXT).map(([c, f]) => [c, tokenize(f)]));

/** Compiles a format; the result formats one broken-down time. */
export function strftime(format: string): (tm: Tm) => string {
  const tokens = tokenize(format);
  return (tm) => render(tokens, tm);
}

/** Whether the format has the conversion `c` (%Z and %s cost a time zone lookup, which is skipped without them). */
export function usesConversion(format: string, c: string): boolean {
  return tokenize(format).some((t) => typeof t !== 'string' && t.conversion === c && !refused(t));
}
