/**
 * The families of the frontend, listener, backend and server groups, in
 * HAProxy 2.6.12's order, with its names, types and labels (dashboards key
 * on them) and help texts of our own. Each value comes from a CSV column of
 * the object's stats row (lib/stats/columns.ts): `current_sessions` is
 * `scur`, averages and maxima of times are the ms columns in seconds, the
 * status families are one series per state. See family.ts for the NaN and
 * "no series" rules.
 *
 * Deliberate difference: the four `*_time_average_seconds` are the CSV's
 * averages (the sum of the samples over their number, up to a window of 512),
 * the figures `show stat` and the stats page show. HAProxy 2.6.12's exporter
 * divides the same sum by the full window from the first sample on, so
 * until an object has seen 512 requests it writes ceil(sum / 512) ms — 3 ms
 * for a CSV average of 51 ms after 21 requests; past 512 the two agree.
 * test/stats/prometheus-differential.test.ts checks that relation.
 */
import type { StatField } from '../columns.js';
import type { StatRow } from '../row.js';
import { checkCompleted, checkRuns, field, httpMode, type RowFamily, type RowSeries } from './family.js';
import { backendState, CHECK_STATES, checkState, frontendState, LISTENER_STATES, PROXY_STATES, SERVER_STATES, serverState } from './states.js';
import type { MetricType } from './text.js';

type Make = (suffix: string, type: MetricType, series: RowSeries, help: string, only?: (row: StatRow) => boolean) => RowFamily;

function group(prefix: string): Make {
  return (suffix, type, series, help, only) => Object.freeze({ name: `${prefix}_${suffix}`, type, help, series, ...(only ? { only } : {}) });
}

const num = (name: StatField): RowSeries => ({ kind: 'field', field: name });
const secs = (name: StatField): RowSeries => ({ kind: 'seconds', field: name });
const RESPONSES: RowSeries = { kind: 'responses' };

const ownState = (states: readonly string[], of: (status: unknown) => string | undefined): RowSeries => ({ kind: 'state', states, of: (row) => of(field(row, 'status')) });
const serverStatus = (server: StatRow): string => serverState(field(server, 'status'));
const serverCheck = (server: StatRow): string | undefined => checkState(field(server, 'check_status'));

const fe = group('haproxy_frontend');

export const FRONTEND_FAMILIES: readonly RowFamily[] = [
  fe('current_sessions', 'gauge', num('scur'), 'Sessions the frontend holds open now.'),
  fe('max_sessions', 'gauge', num('smax'), 'Most sessions held open at once since start.'),
  fe('limit_sessions', 'gauge', num('slim'), 'Configured session limit (maxconn).'),
  fe('sessions_total', 'counter', num('stot'), 'Sessions accepted since start.'),
  fe('bytes_in_total', 'counter', num('bin'), 'Bytes received from clients.'),
  fe('bytes_out_total', 'counter', num('bout'), 'Bytes sent to clients.'),
  fe('requests_denied_total', 'counter', num('dreq'), 'Requests refused by security rules.'),
  fe('responses_denied_total', 'counter', num('dresp'), 'Responses refused by security rules.'),
  fe('request_errors_total', 'counter', num('ereq'), 'Requests that failed: bad syntax, client error or abort while reading.'),
  fe('status', 'gauge', ownState(PROXY_STATES, frontendState), 'Frontend state: 1 on the series of the current state, 0 on the others.'),
  fe('limit_session_rate', 'gauge', num('rate_lim'), 'Configured limit of new sessions per second (0: none).'),
  fe('max_session_rate', 'gauge', num('rate_max'), 'Highest rate of new sessions per second seen since start.'),
  fe('http_responses_total', 'counter', RESPONSES, 'HTTP responses sent, by class of status code.', httpMode),
  fe('http_requests_rate_max', 'gauge', num('req_rate_max'), 'Highest rate of HTTP requests per second seen since start.', httpMode),
  fe('http_requests_total', 'counter', num('req_tot'), 'HTTP requests received since start.', httpMode),
  fe('http_comp_bytes_in_total', 'counter', num('comp_in'), 'Response bytes given to the compressor.', httpMode),
  fe('http_comp_bytes_out_total', 'counter', num('comp_out'), 'Response bytes that came out of the compressor.', httpMode),
  fe('http_comp_bytes_bypassed_total', 'counter', num('comp_byp'), 'Response bytes that skipped compression.', httpMode),
  fe('http_comp_responses_total', 'counter', num('comp_rsp'), 'HTTP responses that were compressed.', httpMode),
  fe('connections_rate_max', 'gauge', num('conn_rate_max'), 'Highest rate of new connections per second seen since start.'),
  fe('connections_total', 'counter', num('conn_tot'), 'Connections accepted since start.'),
  fe('intercepted_requests_total', 'counter', num('intercepted'), 'Requests answered by the proxy itself (stats, redirects, services, return).', httpMode),
  fe('denied_connections_total', 'counter', num('dcon'), 'Connections refused by tcp-request connection rules.'),
  fe('denied_sessions_total', 'counter', num('dses'), 'Sessions refused by tcp-request session rules.'),
  fe('failed_header_rewriting_total', 'counter', num('wrew'), 'Header rewrites that failed.'),
  fe('http_cache_lookups_total', 'counter', num('cache_lookups'), 'HTTP cache lookups.', httpMode),
  fe('http_cache_hits_total', 'counter', num('cache_hits'), 'HTTP cache lookups that found an object.', httpMode),
  fe('internal_errors_total', 'counter', num('eint'), 'Internal errors met while processing.'),
];

const li = group('haproxy_listener');

export const LISTENER_FAMILIES: readonly RowFamily[] = [
  li('current_sessions', 'gauge', num('scur'), 'Sessions the listener holds open now.'),
  li('max_sessions', 'gauge', num('smax'), 'Most sessions held open at once since start.'),
  li('limit_sessions', 'gauge', num('slim'), 'Configured session limit of the listener (maxconn).'),
  li('sessions_total', 'counter', num('stot'), 'Sessions accepted since start.'),
  li('bytes_in_total', 'counter', num('bin'), 'Bytes received from clients.'),
  li('bytes_out_total', 'counter', num('bout'), 'Bytes sent to clients.'),
  li('requests_denied_total', 'counter', num('dreq'), 'Requests refused by security rules.'),
  li('responses_denied_total', 'counter', num('dresp'), 'Responses refused by security rules.'),
  li('request_errors_total', 'counter', num('ereq'), 'Requests that failed: bad syntax, client error or abort while reading.'),
  li('status', 'gauge', ownState(LISTENER_STATES, (s) => (typeof s === 'string' ? s : undefined)), 'Listener state: 1 on the series of the current state, 0 on the others.'),
  li('denied_connections_total', 'counter', num('dcon'), 'Connections refused by tcp-request connection rules.'),
  li('denied_sessions_total', 'counter', num('dses'), 'Sessions refused by tcp-request session rules.'),
  li('failed_header_rewriting_total', 'counter', num('wrew'), 'Header rewrites that failed.'),
  li('internal_errors_total', 'counter', num('eint'), 'Internal errors met while processing.'),
];

const be = group('haproxy_backend');

export const BACKEND_FAMILIES: readonly RowFamily[] = [
  be('current_queue', 'gauge', num('qcur'), 'Requests waiting for a server now.'),
  be('max_queue', 'gauge', num('qmax'), 'Longest queue seen since start.'),
  be('current_sessions', 'gauge', num('scur'), 'Sessions the backend holds open now.'),
  be('max_sessions', 'gauge', num('smax'), 'Most sessions held open at once since start.'),
  be('limit_sessions', 'gauge', num('slim'), 'Session limit of the backend (fullconn or derived).'),
  be('sessions_total', 'counter', num('stot'), 'Sessions handled since start.'),
  be('bytes_in_total', 'counter', num('bin'), 'Bytes received from clients.'),
  be('bytes_out_total', 'counter', num('bout'), 'Bytes sent to clients.'),
  be('requests_denied_total', 'counter', num('dreq'), 'Requests refused by security rules.'),
  be('responses_denied_total', 'counter', num('dresp'), 'Responses refused by security rules.'),
  be('connection_errors_total', 'counter', num('econ'), 'Failed attempts to connect to a server.'),
  be('response_errors_total', 'counter', num('eresp'), 'Responses that failed: server abort, bad response, write error.'),
  be('retry_warnings_total', 'counter', num('wretr'), 'Connection attempts retried.'),
  be('redispatch_warnings_total', 'counter', num('wredis'), 'Requests sent to another server after a failure.'),
  be('status', 'gauge', ownState(PROXY_STATES, backendState), 'Backend state: 1 on the series of the current state, 0 on the others.'),
  be('weight', 'gauge', num('weight'), 'Sum of the effective weights of the servers that take traffic.'),
  be('active_servers', 'gauge', num('act'), 'Active servers that take traffic.'),
  be('backup_servers', 'gauge', num('bck'), 'Backup servers that take traffic.'),
  be('check_up_down_total', 'counter', num('chkdown'), 'Times the backend went from up to down.'),
  be('check_last_change_seconds', 'gauge', num('lastchg'), 'Seconds since the backend last went up or down.'),
  be('downtime_seconds_total', 'counter', num('downtime'), 'Seconds the backend has been down since start.'),
  be('loadbalanced_total', 'counter', num('lbtot'), 'Times a server was chosen by the balancing algorithm.'),
  be('max_session_rate', 'gauge', num('rate_max'), 'Highest rate of new sessions per second seen since start.'),
  be('http_responses_total', 'counter', RESPONSES, 'HTTP responses received, by class of status code.', httpMode),
  be('http_requests_total', 'counter', num('req_tot'), 'HTTP requests handled since start.', httpMode),
  be('client_aborts_total', 'counter', num('cli_abrt'), 'Transfers cut short by the client.'),
  be('server_aborts_total', 'counter', num('srv_abrt'), 'Transfers cut short by the server.'),
  be('http_comp_bytes_in_total', 'counter', num('comp_in'), 'Response bytes given to the compressor.', httpMode),
  be('http_comp_bytes_out_total', 'counter', num('comp_out'), 'Response bytes that came out of the compressor.', httpMode),
  be('http_comp_bytes_bypassed_total', 'counter', num('comp_byp'), 'Response bytes that skipped compression.', httpMode),
  be('http_comp_responses_total', 'counter', num('comp_rsp'), 'HTTP responses that were compressed.', httpMode),
  be('last_session_seconds', 'gauge', num('lastsess'), 'Seconds since the last session was given a server (-1: never).'),
  be('queue_time_average_seconds', 'gauge', secs('qtime'), 'Average time spent in the queue over the last 1024 requests, in seconds.'),
  be('connect_time_average_seconds', 'gauge', secs('ctime'), 'Average time to connect to a server over the last 1024 requests, in seconds.'),
  be('response_time_average_seconds', 'gauge', secs('rtime'), 'Average server response time over the last 1024 requests, in seconds.'),
  be('total_time_average_seconds', 'gauge', secs('ttime'), 'Average total session time over the last 1024 requests, in seconds.'),
  be('failed_header_rewriting_total', 'counter', num('wrew'), 'Header rewrites that failed.'),
  be('connection_attempts_total', 'counter', num('connect'), 'Connections opened to servers.'),
  be('connection_reuses_total', 'counter', num('reuse'), 'Requests sent on an already open server connection.'),
  be('http_cache_lookups_total', 'counter', num('cache_lookups'), 'HTTP cache lookups.', httpMode),
  be('http_cache_hits_total', 'counter', num('cache_hits'), 'HTTP cache lookups that found an object.', httpMode),
  be('max_queue_time_seconds', 'gauge', secs('qtime_max'), 'Longest time a request waited in the queue, in seconds.'),
  be('max_connect_time_seconds', 'gauge', secs('ctime_max'), 'Longest time to connect to a server, in seconds.'),
  be('max_response_time_seconds', 'gauge', secs('rtime_max'), 'Longest server response time, in seconds.'),
  be('max_total_time_seconds', 'gauge', secs('ttime_max'), 'Longest total session time, in seconds.'),
  be('internal_errors_total', 'counter', num('eint'), 'Internal errors met while processing.'),
  be('uweight', 'gauge', num('uweight'), 'Sum of the configured (user) weights of the servers that take traffic.'),
  be('agg_server_status', 'gauge', { kind: 'servers', states: SERVER_STATES, of: serverStatus }, 'Servers of the backend in each state.'),
  be('agg_server_check_status', 'gauge', { kind: 'servers', states: SERVER_STATES, of: serverStatus }, 'Servers of the backend in each state (older name of agg_server_status).'),
  be('agg_check_status', 'gauge', { kind: 'servers', states: CHECK_STATES, of: serverCheck }, 'Servers of the backend whose last health check ended with each result.'),
];

const sv = group('haproxy_server');

export const SERVER_FAMILIES: readonly RowFamily[] = [
  sv('current_queue', 'gauge', num('qcur'), 'Requests waiting for this server now.'),
  sv('max_queue', 'gauge', num('qmax'), 'Longest queue seen since start.'),
  sv('current_sessions', 'gauge', num('scur'), 'Sessions the server holds open now.'),
  sv('max_sessions', 'gauge', num('smax'), 'Most sessions held open at once since start.'),
  sv('limit_sessions', 'gauge', num('slim'), 'Configured session limit (maxconn); NaN without one.'),
  sv('sessions_total', 'counter', num('stot'), 'Sessions handled since start.'),
  sv('bytes_in_total', 'counter', num('bin'), 'Bytes received from clients.'),
  sv('bytes_out_total', 'counter', num('bout'), 'Bytes sent to clients.'),
  sv('responses_denied_total', 'counter', num('dresp'), 'Responses refused by security rules.'),
  sv('connection_errors_total', 'counter', num('econ'), 'Failed attempts to connect to the server.'),
  sv('response_errors_total', 'counter', num('eresp'), 'Responses that failed: server abort, bad response, write error.'),
  sv('retry_warnings_total', 'counter', num('wretr'), 'Connection attempts retried.'),
  sv('redispatch_warnings_total', 'counter', num('wredis'), 'Requests sent elsewhere after a failure on this server.'),
  sv('status', 'gauge', ownState(SERVER_STATES, serverState), 'Server state: 1 on the series of the current state, 0 on the others.'),
  sv('weight', 'gauge', num('weight'), 'Effective weight of the server.'),
  sv('check_failures_total', 'counter', num('chkfail'), 'Failed health checks while the server was up; NaN without checks.'),
  sv('check_up_down_total', 'counter', num('chkdown'), 'Times the server went from up to down; NaN without checks.'),
  sv('check_last_change_seconds', 'gauge', num('lastchg'), 'Seconds since the server last changed state.'),
  sv('downtime_seconds_total', 'counter', num('downtime'), 'Seconds the server has been down since start; NaN without checks.'),
  sv('queue_limit', 'gauge', num('qlimit'), 'Configured queue limit (maxqueue); NaN without one.'),
  sv('current_throttle', 'gauge', num('throttle'), 'Current slow-start throttle in percent; NaN outside slow start.'),
  sv('loadbalanced_total', 'counter', num('lbtot'), 'Times the balancing algorithm chose this server.'),
  sv('max_session_rate', 'gauge', num('rate_max'), 'Highest rate of new sessions per second seen since start.'),
  sv('check_status', 'gauge', { kind: 'state', states: CHECK_STATES, of: serverCheck }, 'Result of the last health check: 1 on its series, 0 on the others.', checkRuns),
  sv('check_code', 'gauge', { kind: 'field', field: 'check_code', empty: 'zero' }, 'Layer 5-7 code of the last health check (0 when it has none).', checkRuns),
  sv('check_duration_seconds', 'gauge', secs('check_duration'), 'Duration of the last health check, in seconds.', checkCompleted),
  sv('http_responses_total', 'counter', RESPONSES, 'HTTP responses received, by class of status code.', httpMode),
  sv('client_aborts_total', 'counter', num('cli_abrt'), 'Transfers cut short by the client.'),
  sv('server_aborts_total', 'counter', num('srv_abrt'), 'Transfers cut short by the server.'),
  sv('last_session_seconds', 'gauge', num('lastsess'), 'Seconds since the last session was sent to the server (-1: never).'),
  sv('queue_time_average_seconds', 'gauge', secs('qtime'), 'Average time spent in the queue over the last 1024 requests, in seconds.'),
  sv('connect_time_average_seconds', 'gauge', secs('ctime'), 'Average time to connect over the last 1024 requests, in seconds.'),
  sv('response_time_average_seconds', 'gauge', secs('rtime'), 'Average response time over the last 1024 requests, in seconds.'),
  sv('total_time_average_seconds', 'gauge', secs('ttime'), 'Average total session time over the last 1024 requests, in seconds.'),
  sv('failed_header_rewriting_total', 'counter', num('wrew'), 'Header rewrites that failed.'),
  sv('connection_attempts_total', 'counter', num('connect'), 'Connections opened to the server.'),
  sv('connection_reuses_total', 'counter', num('reuse'), 'Requests sent on an already open connection.'),
  sv('idle_connections_current', 'gauge', num('srv_icur'), 'Idle connections kept for reuse now.'),
  sv('idle_connections_limit', 'gauge', num('src_ilim'), 'Limit of idle connections kept (pool-max-conn); NaN without one.'),
  sv('max_queue_time_seconds', 'gauge', secs('qtime_max'), 'Longest time a request waited in the queue, in seconds.'),
  sv('max_connect_time_seconds', 'gauge', secs('ctime_max'), 'Longest time to connect, in seconds.'),
  sv('max_response_time_seconds', 'gauge', secs('rtime_max'), 'Longest response time, in seconds.'),
  sv('max_total_time_seconds', 'gauge', secs('ttime_max'), 'Longest total session time, in seconds.'),
  sv('internal_errors_total', 'counter', num('eint'), 'Internal errors met while processing.'),
  sv('unsafe_idle_connections_current', 'gauge', num('idle_conn_cur'), 'Idle connections that are not safe to reuse for a new client.'),
  sv('safe_idle_connections_current', 'gauge', num('safe_conn_cur'), 'Idle connections safe to reuse for any client.'),
  sv('used_connections_current', 'gauge', num('used_conn_cur'), 'Connections in use now.'),
  sv('need_connections_current', 'gauge', num('need_conn_est'), 'Estimate of the connections needed.'),
  sv('uweight', 'gauge', num('uweight'), 'Configured (user) weight of the server.'),
];
