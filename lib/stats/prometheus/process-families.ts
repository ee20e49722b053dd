/**
 * The `global` group: `haproxy_process_*` families, in HAProxy 2.6.12's
 * order and with its names and types, each read from one `show info` line
 * by name. A line that `show info` does not print (HAProxy leaves out
 * empty ones, e.g. ZlibMemUsage without zlib) or that is not a number is
 * written NaN. `build_info` is the exception: value 1, the `Build info`
 * text in a `version` label.
 */
import type { MetricType } from './text.js';

export interface ProcessFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  /** The `show info` field it reads. */
  readonly info: string;
  /** The field's text goes into this label, the value is 1. */
  readonly label?: string;
}

function p(suffix: string, type: MetricType, info: string, help: string, label?: string): ProcessFamily {
  return Object.freeze({ name: `haproxy_process_${suffix}`, type, help, info, ...(label ? { label } : {}) });
}

export const PROCESS_FAMILIES: readonly ProcessFamily[] = [
  p('nbthread', 'gauge', 'Nbthread', 'Threads the worker runs.'),
  p('nbproc', 'gauge', 'Nbproc', 'Worker processes (always 1 since HAProxy 2.5).'),
  p('relative_process_id', 'gauge', 'Process_num', 'Number of this worker process, from 1.'),
  p('uptime_seconds', 'gauge', 'Uptime_sec', 'Seconds since this worker started.'),
  p('pool_failures_total', 'counter', 'PoolFailed', 'Memory pool allocations that failed.'),
  p('max_fds', 'gauge', 'Ulimit-n', 'Limit of open file descriptors.'),
  p('max_sockets', 'gauge', 'Maxsock', 'Limit of open sockets.'),
  p('max_connections', 'gauge', 'Maxconn', 'Limit of concurrent connections (global maxconn).'),
  p('hard_max_connections', 'gauge', 'Hard_maxconn', 'Hard limit of concurrent connections.'),
  p('current_connections', 'gauge', 'CurrConns', 'Connections open now.'),
  p('connections_total', 'counter', 'CumConns', 'Connections accepted since start.'),
  p('requests_total', 'counter', 'CumReq', 'Requests received since start.'),
  p('max_ssl_connections', 'gauge', 'MaxSslConns', 'Limit of concurrent TLS connections.'),
  p('current_ssl_connections', 'gauge', 'CurrSslConns', 'TLS connections open now.'),
  p('ssl_connections_total', 'counter', 'CumSslConns', 'TLS connections opened since start.'),
  p('max_pipes', 'gauge', 'Maxpipes', 'Limit of pipes for splicing.'),
  p('pipes_used_total', 'counter', 'PipesUsed', 'Pipes in use.'),
  p('pipes_free_total', 'counter', 'PipesFree', 'Pipes allocated and free.'),
  p('current_connection_rate', 'gauge', 'ConnRate', 'New connections over the last second.'),
  p('limit_connection_rate', 'gauge', 'ConnRateLimit', 'Limit of new connections per second (0: none).'),
  p('max_connection_rate', 'gauge', 'MaxConnRate', 'Highest rate of new connections per second since start.'),
  p('current_session_rate', 'gauge', 'SessRate', 'New sessions over the last second.'),
  p('limit_session_rate', 'gauge', 'SessRateLimit', 'Limit of new sessions per second (0: none).'),
  p('max_session_rate', 'gauge', 'MaxSessRate', 'Highest rate of new sessions per second since start.'),
  p('current_ssl_rate', 'gauge', 'SslRate', 'New TLS sessions over the last second.'),
  p('limit_ssl_rate', 'gauge', 'SslRateLimit', 'Limit of new TLS sessions per second (0: none).'),
  p('max_ssl_rate', 'gauge', 'MaxSslRate', 'Highest rate of new TLS sessions per second since start.'),
  p('current_frontend_ssl_key_rate', 'gauge', 'SslFrontendKeyRate', 'Full TLS handshakes on the client side over the last second.'),
  p('max_frontend_ssl_key_rate', 'gauge', 'SslFrontendMaxKeyRate', 'Highest rate of client-side full TLS handshakes since start.'),
  p('frontend_ssl_reuse', 'gauge', 'SslFrontendSessionReuse_pct', 'Percentage of client-side TLS sessions resumed.'),
  p('current_backend_ssl_key_rate', 'gauge', 'SslBackendKeyRate', 'Full TLS handshakes on the server side over the last second.'),
  p('max_backend_ssl_key_rate', 'gauge', 'SslBackendMaxKeyRate', 'Highest rate of server-side full TLS handshakes since start.'),
  p('ssl_cache_lookups_total', 'counter', 'SslCacheLookups', 'TLS session cache lookups.'),
  p('ssl_cache_misses_total', 'counter', 'SslCacheMisses', 'TLS session cache lookups that missed.'),
  p('http_comp_bytes_in_total', 'counter', 'CompressBpsIn', 'Bytes per second given to the HTTP compressor.'),
  p('http_comp_bytes_out_total', 'counter', 'CompressBpsOut', 'Bytes per second out of the HTTP compressor.'),
  p('limit_http_comp', 'gauge', 'CompressBpsRateLim', 'Limit of compression input in bytes per second (0: none).'),
  p('current_zlib_memory', 'gauge', 'ZlibMemUsage', 'Memory used by zlib now, in bytes; NaN without zlib.'),
  p('max_zlib_memory', 'gauge', 'MaxZlibMemUsage', 'Limit of memory for zlib, in bytes; NaN without zlib.'),
  p('current_tasks', 'gauge', 'Tasks', 'Tasks that exist now.'),
  p('current_run_queue', 'gauge', 'Run_queue', 'Tasks waiting to run now.'),
  p('idle_time_percent', 'gauge', 'Idle_pct', 'Share of time the worker was idle, in percent.'),
  p('stopping', 'gauge', 'Stopping', '1 while the worker stops (soft stop), else 0.'),
  p('jobs', 'gauge', 'Jobs', 'Active jobs: listeners, sessions, peers.'),
  p('unstoppable_jobs', 'gauge', 'Unstoppable Jobs', 'Jobs that a soft stop waits for.'),
  p('listeners', 'gauge', 'Listeners', 'Listening sockets.'),
  p('active_peers', 'gauge', 'ActivePeers', 'Peers known to be active.'),
  p('connected_peers', 'gauge', 'ConnectedPeers', 'Peers connected now.'),
  p('dropped_logs_total', 'counter', 'DroppedLogs', 'Log messages that could not be sent.'),
  p('busy_polling_enabled', 'gauge', 'BusyPolling', '1 when busy polling is on, else 0.'),
  p('failed_resolutions', 'counter', 'FailedResolutions', 'DNS resolutions that failed.'),
  p('bytes_out_total', 'counter', 'TotalBytesOut', 'Bytes sent since start.'),
  p('spliced_bytes_out_total', 'counter', 'TotalSplicdedBytesOut', 'Bytes sent by splicing since start.'),
  p('bytes_out_rate', 'gauge', 'BytesOutRate', 'Bytes sent over the last second.'),
  p('recv_logs_total', 'counter', 'CumRecvLogs', 'Log messages received by log-forward sections.'),
  p('build_info', 'gauge', 'Build info', 'Build: always 1, the version in the label.', 'version'),
  p('max_memory_bytes', 'gauge', 'Memmax_bytes', 'Memory limit of the worker in bytes (0: none).'),
  p('pool_allocated_bytes', 'gauge', 'PoolAlloc_bytes', 'Bytes allocated in memory pools.'),
  p('pool_used_bytes', 'gauge', 'PoolUsed_bytes', 'Bytes of the memory pools in use.'),
  p('start_time_seconds', 'gauge', 'Start_time_sec', 'Start time of the worker, in seconds since the Unix epoch.'),
];
