/**
 * A reference for what Node's socket streams cost: a `node:net` relay that
 * pipes each client connection to a connection of its own to the target,
 * both ways, and does nothing else — no parsing, no pooling, no timeouts.
 * It is what a Node proxy costs before doing any proxying work (tslb reads
 * server sockets with `onread` and so can beat it). Byte-level, so it runs
 * every scenario (for HTTP it behaves like TCP mode).
 */
import { connect, createServer } from 'node:net';
import { exitOnSignal, peerArgs } from './args.mjs';

const { port, target } = peerArgs();
const { hostname, port: targetPort } = new URL(target);

createServer((client) => {
  client.setNoDelay(true);
  const server = connect(Number(targetPort), hostname);
  server.setNoDelay(true);
  client.pipe(server);
  server.pipe(client);
  client.on('error', () => server.destroy());
  server.on('error', () => client.destroy());
  client.on('close', () => server.destroy());
  server.on('close', () => client.destroy());
}).listen(port, '127.0.0.1');
exitOnSignal();
