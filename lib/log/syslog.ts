/**
 * Syslog framing: the bytes one log target receives for one message
 * (configuration manual 3.1 "log" <format>, <length>, levels), exactly as
 * HAProxy 2.6 sends them (test/log/syslog-differential.test.ts compares):
 *
 *   local     <134>Nov 22 07:55:36 tslb[14014]: msg
 *   rfc3164   <134>Nov 22 07:55:36 localhost tslb[14014]: msg   (host: log-send-hostname, else "localhost")
 *   rfc5424   <134>1 2026-11-22T07:55:41.012941+00:00 - tslb 14014 - - msg   (host '-' unless log-send-hostname)
 *   priority  <134>msg
 *   short     <6>msg                          (severity only)
 *   timed     <6>2026-11-22T07:55:43.057813+00:00 msg
 *   iso       2026-11-22T07:55:43.567992+00:00 msg
 *   raw       msg
 *
 * then a line feed. PRI = facility * 8 + severity. Times are local, the
 * legacy one to the second, the ISO one to the microsecond. Length: a
 * datagram target (UDP) cuts header + message at `len` and adds the line
 * feed after; a stream target (stdout, stderr, file) keeps the line feed
 * within `len`.
 *
 * Levels: a target with a maximum level only gets messages at least that
 * severe; a minimum level makes more severe messages go out at that level
 * ("local0 info debug" sends an info message as debug, <135>).
 *
 * Note: HAProxy's default format is `local`, switched to `rfc3164` by
 * `log-send-hostname`; an explicit `format local` stays without host name.
 */
import { hostname as osHostname } from 'node:os';
import { FACILITIES, LEVELS } from '../config/keywords/log.js';
import type { LogDestination, LogFormatName, LogTarget } from '../config/model/log.js';
import { isoSyslogDate, legacySyslogDate } from './format-dates.js';

/** Syslog severities by name (RFC 5424 6.2.1), as HAProxy's levels. */
export const SEVERITY = Object.freeze(Object.fromEntries(LEVELS.map((l, i) => [l, i])) as Record<(typeof LEVELS)[number], number>);

/** What the header says about the sender. */
export interface SyslogIdentity {
  /** `log-tag` (proxy, else global); tslb's default is "tslb". */
  readonly tag: string;
  readonly pid: number;
  /** `log-send-hostname`: '' means the system's host name; undefined: none sent. */
  readonly hostname?: string | undefined;
}

/** How precise a framer's time must be: its header has none, whole seconds, or microseconds. */
export type FramerClock = 'none' | 'seconds' | 'micros';

/**
 * Frames one message: the bytes to send (line feed included), or undefined
 * when the target's level filters the message out. `timeUs` is the sending
 * time in epoch microseconds (only as precise as `clock` says it is read).
 * `clean`: the caller knows the message does not end with a line feed or
 * NUL, so it is not looked at (reading the end of a string built by
 * concatenation copies it whole first).
 */
export interface Framer {
  (msg: string, severity: number, timeUs: number, clean?: boolean): string | undefined;
  /** The least severe severity this target takes (messages with a larger number are filtered out). */
  readonly maxLevel: number;
  readonly clock: FramerClock;
}

export class LogTargetError extends Error {
  override readonly name = 'LogTargetError';
}

function facilityCode(name: string): number {
  const i = (FACILITIES as readonly string[]).indexOf(name);
  if (i < 0) throw new LogTargetError(`unknown log facility '${name}'`);
  return i;
}

function levelCode(name: string | undefined, fallback: number): number {
  if (name === undefined) return fallback;
  const i = (LEVELS as readonly string[]).indexOf(name);
  if (i < 0) throw new LogTargetError(`unknown log level '${name}'`);
  return i;
}

/** Whether a destination writes a byte stream (the line feed counts in `len`) rather than datagrams. */
export function isStream(d: LogDestination): boolean {
  return d.kind === 'stdout' || d.kind === 'stderr' || d.kind === 'file';
}

/** The header before the message, for a PRI value and a time. */
type Header = (pri: number, severity: number, timeUs: number) => string;

/** What a header format reads of the time. */
function clockOf(format: LogFormatName): FramerClock {
  switch (format) {
    case 'local':
    case 'rfc3164':
      return 'seconds';
    case 'rfc5424':
    case 'timed':
    case 'iso':
      return 'micros';
    default:
      return 'none';
  }
}

function headerOf(format: LogFormatName, id: SyslogIdentity): Header {
  const host = id.hostname === undefined ? undefined : id.hostname === '' ? osHostname() : id.hostname;
  const tagPid = id.tag === '' ? '' : `${id.tag}[${id.pid}]: `;
  const legacy = legacySyslogDate();
  const iso = isoSyslogDate();
  // The legacy header changes once a second (and with the severity): remember it.
  const cachedLegacy = (middle: string): Header => {
    let lastSec = Number.NaN;
    let lastPri = -1;
    let text = '';
    return (pri, _sev, us) => {
      const sec = Math.floor(us / 1e6);
      if (sec !== lastSec || pri !== lastPri) {
        lastSec = sec;
        lastPri = pri;
        text = `<${pri}>${legacy(sec)} ${middle}${tagPid}`;
      }
      return text;
    };
  };
  switch (format) {
    case 'local':
      return cachedLegacy('');
    case 'rfc3164':
      return cachedLegacy(`${host ?? 'localhost'} `);
    case 'rfc5424': {
      const rest = ` ${host ?? '-'} ${id.tag === '' ? '-' : id.tag} ${id.pid} - - `;
      return (pri, _sev, us) => `<${pri}>1 ${iso(us)}${rest}`;
    }
    case 'priority':
      return (pri) => `<${pri}>`;
    case 'short':
      return (_pri, sev) => `<${sev}>`;
    case 'timed':
      return (_pri, sev, us) => `<${sev}>${iso(us)} `;
    case 'iso':
      return (_pri, _sev, us) => `${iso(us)} `;
    case 'raw':
      return () => '';
    default: {
      const never: never = format;
      throw new LogTargetError(`unknown log format '${String(never)}'`);
    }
  }
}

/** Builds the framer of one target. */
export function syslogFramer(target: Pick<LogTarget, 'destination' | 'format' | 'formatGiven' | 'facility' | 'level' | 'minLevel' | 'len'>, id: SyslogIdentity): Framer {
  const facility = facilityCode(target.facility) << 3;
  const maxLevel = levelCode(target.level, SEVERITY.debug);
  const minLevel = levelCode(target.minLevel, 0);
  // The default format (none written) is `local`, which log-send-hostname turns into rfc3164.
  const format = target.format === 'local' && target.formatGiven !== true && id.hostname !== undefined ? 'rfc3164' : target.format;
  const header = headerOf(format, id);
  // Room for header + message: a stream keeps its line feed inside `len`.
  const room = isStream(target.destination) ? target.len - 1 : target.len;
  const frame = (msg: string, severity: number, timeUs: number, clean?: boolean): string | undefined => {
    if (severity > maxLevel) return undefined;
    const sev = severity < minLevel ? minLevel : severity;
    let body = msg;
    if (clean !== true) {
      // A message's own trailing line feeds (or NULs) are not part of it.
      let end = msg.length;
      while (end > 0 && (msg.charCodeAt(end - 1) === 10 || msg.charCodeAt(end - 1) === 0)) end--;
      if (end !== msg.length) body = msg.slice(0, end);
    }
    const head = header(facility + sev, sev, timeUs);
    // Pieces concatenated once: the sink copies the whole frame when it writes it.
    if (head.length + body.length <= room) return head + body + '\n';
    return (head + body).slice(0, Math.max(room, 0)) + '\n';
  };
  return Object.assign(frame, { maxLevel, clock: clockOf(format) });
}
