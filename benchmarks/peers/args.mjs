/**
 * Command line of the peer proxies: `--port <n> --target http://host:port`.
 */
export function peerArgs(argv = process.argv.slice(2)) {
  const value = (name) => {
    const i = argv.indexOf(`--${name}`);
    const v = i >= 0 ? argv[i + 1] : undefined;
    if (v === undefined) throw new Error(`missing --${name}`);
    return v;
  };
  return { port: Number(value('port')), target: value('target') };
}

/**
 * Server-side settings shared by the peers, matching the lb.cfg that HAProxy
 * and tslb run: keep idle client connections for 60 s (`timeout
 * http-keep-alive 60s`), no whole-request deadline.
 */
export function tuneServer(server) {
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 60_000;
  server.requestTimeout = 0;
  return server;
}

/** Stops on SIGTERM/SIGINT without waiting for idle keep-alive connections. */
export function exitOnSignal() {
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
}
