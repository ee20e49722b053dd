/**
 * Benchmark peer: node:http server + http-proxy-3 1.23.x with a keep-alive
 * agent — what a Node user writes with the most popular proxy library
 * (without the agent, http-proxy-3 opens a new upstream connection per
 * request; see shared/reference/node-libraries.md §1.2).
 *
 *   node benchmarks/peers/http-proxy-3.mjs --port 8080 --target http://127.0.0.1:8081
 */
import http from 'node:http';
import { createProxyServer } from 'http-proxy-3';
import { exitOnSignal, peerArgs, tuneServer } from './args.mjs';

const { port, target } = peerArgs();
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const proxy = createProxyServer({ target, agent });

function onProxyError(err, req, res) {
  if (res === undefined || typeof res.writeHead !== 'function') return;
  if (!res.headersSent) {
    res.writeHead(502, { 'content-length': '0' });
    res.end();
  } else {
    res.destroy();
  }
}
proxy.on('error', onProxyError);

const server = tuneServer(http.createServer((req, res) => proxy.web(req, res)));
exitOnSignal();
server.listen(port, '127.0.0.1');
