/**
 * Keywords HAProxy 2.6 knows that tslb accepts and ignores, with a warning,
 * because they only tune HAProxy's internals or the operating system and
 * change nothing a client or a server can observe. Every other keyword
 * without a handler is refused as not supported. README.md lists these.
 */

const OS = 'it sets process privileges or OS placement, which tslb leaves to the service manager';
const POLLER = 'it tunes HAProxy\'s event poller; Node.js uses libuv';
const BUFFERS = 'it tunes HAProxy\'s internal buffers or pools, which tslb does not have';
const SSL_LIB = 'it tunes OpenSSL internals that Node.js manages itself';
const SPLICE = 'Node.js has no kernel splicing; the bytes forwarded are the same';

export const IGNORED_GLOBAL: ReadonlyMap<string, string> = new Map([
  ['daemon', 'tslb stays in the foreground; run it under a service manager'],
  ['master-worker', 'tslb is always one supervised process tree with in-process reloads'],
  ['chroot', OS],
  ['user', OS],
  ['group', OS],
  ['uid', OS],
  ['gid', OS],
  ['ulimit-n', OS],
  ['cpu-map', OS],
  ['numa-cpu-mapping', OS],
  ['set-dumpable', OS],
  ['insecure-fork-wanted', OS],
  ['insecure-setuid-wanted', OS],
  ['noepoll', POLLER],
  ['nokqueue', POLLER],
  ['noevports', POLLER],
  ['nopoll', POLLER],
  ['busy-polling', POLLER],
  ['noreuseport', POLLER],
  ['nogetaddrinfo', 'tslb always resolves names through the system resolver'],
  ['nosplice', SPLICE],
  ['maxpipes', SPLICE],
  ['tune.pipesize', SPLICE],
  ['tune.maxaccept', POLLER],
  ['tune.maxpollevents', POLLER],
  ['tune.runqueue-depth', POLLER],
  ['tune.sched.low-latency', POLLER],
  ['tune.fd.edge-triggered', POLLER],
  ['tune.idletimer', POLLER],
  ['tune.recv_enough', BUFFERS],
  ['tune.buffers.limit', BUFFERS],
  ['tune.buffers.reserve', BUFFERS],
  ['tune.idle-pool.shared', BUFFERS],
  ['tune.pool-high-fd-ratio', BUFFERS],
  ['tune.pool-low-fd-ratio', BUFFERS],
  ['tune.rcvbuf.client', BUFFERS],
  ['tune.rcvbuf.server', BUFFERS],
  ['tune.sndbuf.client', BUFFERS],
  ['tune.sndbuf.server', BUFFERS],
  ['tune.listener.multi-queue', POLLER],
  ['no-memory-trimming', BUFFERS],
  ['tune.ssl.default-dh-param', SSL_LIB],
  ['tune.ssl.cachesize', SSL_LIB],
  ['tune.ssl.lifetime', SSL_LIB],
  ['tune.ssl.maxrecord', SSL_LIB],
  ['tune.ssl.force-private-cache', SSL_LIB],
  ['tune.ssl.ssl-ctx-cache-size', SSL_LIB],
  ['tune.ssl.hard-maxrecord', SSL_LIB],
  ['ssl-mode-async', SSL_LIB],
  ['ssl-dh-param-file', SSL_LIB],
  ['tune.h2.header-table-size', 'tslb speaks HTTP/1.1 to clients and servers'],
  ['tune.h2.initial-window-size', 'tslb speaks HTTP/1.1 to clients and servers'],
  ['tune.h2.max-concurrent-streams', 'tslb speaks HTTP/1.1 to clients and servers'],
  ['tune.h2.max-frame-size', 'tslb speaks HTTP/1.1 to clients and servers'],
  ['profiling.tasks', 'it enables HAProxy\'s task profiler'],
  ['expose-experimental-directives', 'tslb has no experimental directives'],
  ['mworker-max-reloads', 'tslb reloads in process'],
  ['quiet', 'it only silences HAProxy\'s start-up messages; use tslb -q'],
  ['profiling.memory', 'it enables HAProxy\'s memory profiler'],
  ['tune.pattern.cache-size', 'it sizes a lookup cache; match results are the same'],
]);

export const IGNORED_PROXY: ReadonlyMap<string, string> = new Map([
  ['option splice-auto', SPLICE],
  ['option splice-request', SPLICE],
  ['option splice-response', SPLICE],
  ['option tcp-smart-accept', 'it delays the ACK of new connections, a kernel-level tuning'],
  ['option tcp-smart-connect', 'it merges the ACK with the first request, a kernel-level tuning'],
  ['option http-no-delay', 'tslb always disables Nagle\'s algorithm on both sides'],
  ['option contstats', 'tslb counters are always updated continuously'],
  ['bind-process', 'tslb runs the same listeners in every worker process'],
]);
