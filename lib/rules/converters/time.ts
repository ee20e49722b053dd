/**
 * Date converters (configuration manual 7.3.1): ltime, utime and
 * http_date, from an integer date in seconds since the epoch.
 *
 * As HAProxy 2.6, the date is first masked to its 55 low bits, so a
 * negative date is a date some billion years ahead (int(-1),utime(%Y) is
 * 1141709097); ltime and utime add their <offset> after the mask, so an
 * offset can reach before 1970. http_date adds its offset, then divides
 * by 1000 or 1000000 for the "ms" and "us" units (keeping the remainder,
 * printed without padding: ".5 GMT" for 5 ms), then masks.
 *
 * ltime uses the process's time zone (TZ) through the JS Date, so dates
 * beyond a Date's range (year 275760) take the offset of its last instant;
 * %Z prints the zone's short name as Intl knows it, which is glibc's for
 * UTC and for the US zones since 1970, but may differ elsewhere ("GMT+1"
 * where glibc prints "CET").
 */
import { str } from '../sample/sample.js';
import { define } from './definition.js';
import { toInt64, wrap64 } from './int64.js';
import { strftime, usesConversion, type Tm } from './strftime.js';
import type { ConverterSpec } from './types.js';

const MASK55 = 0x007fffffffffffffn;
const DAY = 86400n;
/** The largest absolute time, in ms, a JS Date holds. */
const DATE_LIMIT_MS = 8.64e15;

/** The date masked to 55 bits, as HAProxy does before converting it. */
const masked = (n: number): bigint => toInt64(n) & MASK55;

/** Year, month (1-12) and day of a count of days since 1970-01-01 (proleptic Gregorian, any range). */
function civil(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Days since 1970-01-01 of January 1st of `year`. */
function yearStart(year: number): number {
  const y = year - 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + 306 - 719468;
}

/** gmtime() of `t` shifted by `gmtoff`: the calendar fields of local time t + gmtoff. */
function fields(t: bigint, gmtoff: number): Omit<Tm, 'gmtoff' | 'zone' | 'epoch'> {
  const local = t + BigInt(gmtoff);
  let whole = local / DAY;
  if (local < 0n && whole * DAY !== local) whole--;
  // Any int64 count of seconds is below 2^53 days.
  const days = Number(whole);
  const secs = Number(local - whole * DAY);
  const [year, month, mday] = civil(days);
  return {
    year,
    mon: month - 1,
    mday,
    hour: Math.floor(secs / 3600),
    min: Math.floor(secs / 60) % 60,
    sec: secs % 60,
    wday: (((days + 4) % 7) + 7) % 7,
    yday: days - yearStart(year),
  };
}

/** `t` in ms for a JS Date, moved to the nearest instant a Date holds. */
const dateMs = (t: bigint): number => Math.max(-DATE_LIMIT_MS, Math.min(DATE_LIMIT_MS, Number(t) * 1000));

/** The local time zone's offset at `t`, in seconds east. */
const localOffset = (t: bigint): number => -new Date(dateMs(t)).getTimezoneOffset() * 60;

/** The zone's standard-time offset in the year of `t` (the lesser of January's and July's), in seconds east. */
function standardOffset(t: bigint): number {
  const year = new Date(dateMs(t)).getUTCFullYear();
  const january = new Date(Date.UTC(year, 0, 1)).getTimezoneOffset();
  const july = new Date(Date.UTC(year, 6, 1)).getTimezoneOffset();
  return -Math.max(january, july) * 60;
}

function zoneName(t: bigint, format: Intl.DateTimeFormat): string {
  return format.formatToParts(dateMs(t)).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

function timeConverter(name: 'ltime' | 'utime'): ConverterSpec {
  return define({
    name,
    in: 'int',
    out: 'str',
    args: { kinds: ['str', 'int'], min: 1 },
    build(args) {
      const format = args.str(0);
      const print = strftime(format);
      const offset = args.int(1) ?? 0n;
      const zones = usesConversion(format, 'Z') ? new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }) : undefined;
      if (name === 'utime') {
        const epoch = usesConversion(format, 's');
        return (n) => {
          const t = masked(n) + offset;
          // glibc's %s runs mktime on the UTC fields, which says "not summer time": they are read as local standard time.
          return str(print({ ...fields(t, 0), gmtoff: 0, zone: 'GMT', epoch: epoch ? t - BigInt(standardOffset(t)) : t }));
        };
      }
      return (n) => {
        const t = masked(n) + offset;
        const gmtoff = localOffset(t);
        return str(print({ ...fields(t, gmtoff), gmtoff, zone: zones === undefined ? '' : zoneName(t, zones), epoch: t }));
      };
    },
  });
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const UNITS: ReadonlyMap<string, bigint> = new Map([['s', 1n], ['ms', 1000n], ['us', 1000000n]]);

const two = (n: number): string => String(n).padStart(2, '0');

/** snprintf's %04i. */
const year4 = (y: number): string => (y < 0 ? '-' + String(-y).padStart(3, '0') : String(y).padStart(4, '0'));

export const TIME_CONVERTERS: readonly ConverterSpec[] = [
  timeConverter('ltime'),
  timeConverter('utime'),
  define({
    name: 'http_date',
    in: 'int',
    out: 'str',
    args: { kinds: ['int', 'str'], min: 0 },
    build(args) {
      const offset = args.int(0) ?? 0n;
      const unitName = args.has(1) ? args.str(1) : 's';
      const divisor = UNITS.get(unitName);
      if (divisor === undefined) throw args.error(`the unit must be 's', 'ms' or 'us', got '${unitName}'`);
      const fraction = divisor !== 1n;
      return (n) => {
        const date = wrap64(toInt64(n) + offset);
        const f = fields((date / divisor) & MASK55, 0);
        const frac = fraction ? `.${date % divisor}` : '';
        return str(`${DAY_NAMES[f.wday]}, ${two(f.mday)} ${MONTH_NAMES[f.mon]} ${year4(f.year)} ${two(f.hour)}:${two(f.min)}:${two(f.sec)}${frac} GMT`);
      };
    },
  }),
];
