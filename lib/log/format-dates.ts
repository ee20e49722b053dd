/**
 * The dates of access logs and syslog headers, each cached for the second
 * it belongs to so that a busy second builds its text once (no Date object
 * per log line); the millisecond ones also remember the last millisecond
 * asked, which a busy proxy logs dozens of lines in:
 *
 *   %t %tr      22/Nov/2026:07:55:36.095       local time, milliseconds
 *   %T %trg     22/Nov/2026:07:55:36 +0000     GMT
 *   %Tl %trl    22/Nov/2026:07:55:36 +0100     local time and its offset
 *   rfc3164     Nov 22 07:55:36                local time, day padded with a space
 *   rfc5424     2026-11-22T07:55:36.012941+01:00  local time, microseconds
 *
 * All verified against HAProxy 2.6 (configuration manual 8.2.6; the syslog
 * header formats of "log" in 3.1).
 */
import { pad } from './format-text.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A function of a whole second (epoch seconds), remembered for the last second asked. */
function perSecond<T>(build: (d: Date) => T): (sec: number) => T {
  let last = Number.NaN;
  let value: T | undefined;
  return (sec) => {
    if (sec !== last || value === undefined) {
      last = sec;
      value = build(new Date(sec * 1000));
    }
    return value;
  };
}

function localClf(d: Date): string {
  return `${pad(d.getDate(), 2)}/${MONTHS[d.getMonth()]}/${d.getFullYear()}:${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}`;
}

function gmtClf(d: Date): string {
  return `${pad(d.getUTCDate(), 2)}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
}

/** The local offset from GMT, `+hhmm` or with `sep` between hours and minutes. */
function offset(d: Date, sep: string): string {
  const minutes = -d.getTimezoneOffset();
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60), 2)}${sep}${pad(abs % 60, 2)}`;
}

/** '.000' to '.999'. */
const MILLIS: readonly string[] = Array.from({ length: 1000 }, (_, i) => '.' + pad(i, 3));

/** `%t` / `%tr`: local `dd/Mmm/yyyy:HH:MM:SS.mmm`. */
export function localMsDate(): (ms: number) => string {
  const head = perSecond(localClf);
  let lastMs = Number.NaN;
  let last = '';
  return (ms) => {
    if (ms === lastMs) return last;
    const sec = Math.floor(ms / 1000);
    const frac = ms - sec * 1000;
    lastMs = ms;
    last = head(sec) + (MILLIS[frac] ?? '.' + pad(frac, 3));
    return last;
  };
}

/** `%T` / `%trg`: `dd/Mmm/yyyy:HH:MM:SS +0000`. */
export function gmtDate(): (ms: number) => string {
  const text = perSecond((d) => gmtClf(d) + ' +0000');
  return (ms) => text(Math.floor(ms / 1000));
}

/** `%Tl` / `%trl`: local `dd/Mmm/yyyy:HH:MM:SS +hhmm`. */
export function localDate(): (ms: number) => string {
  const text = perSecond((d) => localClf(d) + ' ' + offset(d, ''));
  return (ms) => text(Math.floor(ms / 1000));
}

/** The rfc3164 / local header time: `Mmm dd HH:MM:SS` (day padded with a space), local time. */
export function legacySyslogDate(): (sec: number) => string {
  return perSecond((d) => {
    const day = d.getDate();
    return `${MONTHS[d.getMonth()]} ${day < 10 ? ' ' : ''}${day} ${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}`;
  });
}

/** The rfc5424 / timed / iso header time: local `YYYY-MM-DDTHH:MM:SS.uuuuuu+hh:mm` from epoch microseconds. */
export function isoSyslogDate(): (us: number) => string {
  const parts = perSecond((d): readonly [string, string] => [
    `${d.getFullYear()}-${pad(d.getMonth() + 1, 2)}-${pad(d.getDate(), 2)}T${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}.`,
    offset(d, ':'),
  ]);
  return (us) => {
    const sec = Math.floor(us / 1e6);
    const [head, zone] = parts(sec);
    return head + pad(us - sec * 1e6, 6) + zone;
  };
}
