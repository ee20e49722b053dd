/**
 * What an access log line is made from: one HTTP exchange or one TCP
 * connection as the session saw it (configuration manual 8.2 "log formats",
 * 8.4 "timing events", 8.5 "session state at disconnection"). The session
 * fills one record per exchange and hands it to the proxy's logger when the
 * exchange ends; formats read it and change nothing but `logMemo`.
 *
 * Lifetime: a record is lent, not given. The connection's meter
 * (lib/stats/exchange-meter.ts) keeps ONE record and refills it for every
 * exchange, so AccessLog.log() must be done with it when it returns: the
 * logger (lib/log/access-logger.ts) builds the line, frames it and hands the
 * text to its sinks synchronously, and keeps no reference to the record or
 * to anything in it but strings. Whatever needs the record later (a
 * deferred or asynchronous logger, a test collecting records) must copy it.
 * (The one thing a format leaves on the record is its `logMemo`, on
 * purpose: it lives as long as the connection's record.)
 *
 * Times are milliseconds. A timer of a phase that was not reached is -1, as
 * HAProxy prints it.
 */
import type { SampleContext } from '../rules/context.js';

export interface LogRecord {
  /** `%ci:%cp`: the client's address (after set-src) and port. */
  clientIp: string;
  clientPort: number;
  /** `%fi:%fp`: the address and port the client connected to. */
  frontendIp: string;
  frontendPort: number;
  /** `%f` / `%ft`: the frontend's name (no transport suffix: tslb has no TLS listeners yet). */
  frontend: string;
  /** `%b`: the backend's name, or the frontend's when none was chosen (as HAProxy). */
  backend: string;
  /** `%s`: the server's name; '<NOSRV>' when none, '<STATS>' for the stats page (as HAProxy). */
  server: string;
  /** `%bi:%bp`: the proxy's local address and port towards the server ('-' / -1 when not connected). */
  backendSourceIp: string;
  backendSourcePort: number;
  /** `%si:%sp`: the server's address and port ('-' / -1 when none). */
  serverIp: string;
  serverPort: number;
  /** `%t` / `%T`: when the connection was accepted (epoch ms). */
  acceptDate: number;
  /** `%tr` / `%trg` / `%trl`: when the request began: its first byte, or the accept for a first request (epoch ms). */
  requestDate: number;
  /** `%Th`: handshake time (accept to the connection being ready): 0 without TLS. */
  handshake: number;
  /** `%Ti`: idle time before the request's first byte. */
  idle: number;
  /** `%TR`: time to receive the whole request head, from its first byte. */
  request: number;
  /** `%Tw`: time waiting in queues (-1 when the request never got that far). */
  queue: number;
  /** `%Tc`: time to connect to the server (-1: no connection made). */
  connect: number;
  /** `%Tr`: server response time: from the request sent to the response head received (-1: none). */
  response: number;
  /** `%Ta`: active time, from the request's first byte to the last byte of the response. */
  active: number;
  /** `%Tt`: total time, from the accept (first request) or end of the previous exchange to the end. */
  total: number;
  /** `%ST`: the status sent to the client, -1 when there was none. */
  status: number;
  /** `%B`: bytes sent to the client (headers included). */
  bytesOut: number;
  /** `%U`: bytes received from the client (headers included). */
  bytesIn: number;
  /**
   * `%ts` / `%tsc`: the termination state, 4 characters: who/what ended it
   * (`C S P L R I D U K c s -`), the phase (`R Q C H D L T -`), then the
   * request and response persistence-cookie states (`N I D V E O U -`,
   * `N I U P R D -`). `%ts` prints the first two.
   */
  termination: string;
  /** `%ac/%fc/%bc/%sc`: process, frontend, backend and server connections when logged. */
  actconn: number;
  feconn: number;
  beconn: number;
  srvconn: number;
  /** `%rc`: connection retries ('+' prefix when a redispatch happened, as `%rc` prints it). */
  retries: number;
  redispatched: boolean;
  /** `%sq/%bq`: requests queued ahead of this one in the server and backend queues. */
  srvQueue: number;
  backendQueue: number;
  /** HTTP only: the request line as received (`%r`), split for `%HM %HU %HP %HQ %HV`. */
  method?: string | undefined;
  uri?: string | undefined;
  version?: string | undefined;
  /** `%hr` / `%hs`: captured request and response header values (`capture request|response header`), in declaration order; undefined entries print empty. */
  capturedRequest?: readonly (string | undefined)[] | undefined;
  capturedResponse?: readonly (string | undefined)[] | undefined;
  /** `%CC` / `%CS`: captured request cookie and response Set-Cookie (`capture cookie`). */
  capturedCookie?: string | undefined;
  capturedSetCookie?: string | undefined;
  /** `%ID`: the unique id (unique-id-format), when one was made. */
  uniqueId?: string | undefined;
  /** `%rt`: the process-wide number of this HTTP request or TCP session (0 for the first; HAProxy's stream counter). Printed 0 when absent. */
  requestCounter?: number | undefined;
  /** For `%[sample]` in log-format: the exchange's sample context, when it has one. */
  ctx?: SampleContext | undefined;
  /**
   * When the line is logged (epoch ms): the end of the exchange, or the
   * accept for a line logged then. The syslog header's time when its
   * format reads only seconds; without it the logger reads the clock.
   */
  logDate?: number | undefined;
  /**
   * The format's note, the only field a format writes: text made from the
   * connection's own fields (`%ci:%cp`) with the values it was made from,
   * kept for the connection's next exchange (format.ts, perConnection).
   * Checked before use, so a copied or reused record is never misprinted;
   * whoever fills records leaves it alone.
   */
  logMemo?: unknown[] | undefined;
}
