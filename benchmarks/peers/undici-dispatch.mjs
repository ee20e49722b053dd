/**
 * Benchmark peer: node:http server + undici 7 `Pool.dispatch` — one Pool per
 * upstream, a new-API handler that writes the response to the ServerResponse
 * with backpressure (controller.pause() when res.write() returns false,
 * resume() on 'drain'). The fastest node:http-based shape measured in
 * shared/reference/node-libraries.md §2.2/§4.2.
 *
 *   node benchmarks/peers/undici-dispatch.mjs --port 8080 --target http://127.0.0.1:8081
 */
import http from 'node:http';
import { Pool } from 'undici';
import { exitOnSignal, peerArgs, tuneServer } from './args.mjs';

const { port, target } = peerArgs();
const pool = new Pool(target, { connections: 256, pipelining: 1, keepAliveTimeout: 60_000 });

// RFC 9110 §7.6.1: hop-by-hop fields are not forwarded (nor `expect`, which
// node:http has already answered and undici refuses).
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding',
  'upgrade', 'http2-settings', 'proxy-authenticate', 'proxy-authorization', 'expect',
]);

/** The listed tokens of every Connection header, or undefined when there are none besides close/keep-alive. */
function connectionTokens(raw) {
  let tokens;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].length !== 10 || raw[i].toLowerCase() !== 'connection') continue;
    for (const token of raw[i + 1].split(',')) {
      const name = token.trim().toLowerCase();
      if (name !== '' && name !== 'close' && name !== 'keep-alive') (tokens ??= new Set()).add(name);
    }
  }
  return tokens;
}

/** req.rawHeaders minus hop-by-hop fields, as the flat [name, value, ...] array undici takes. */
function requestHeaders(raw) {
  const listed = connectionTokens(raw);
  const out = [];
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    if (HOP_BY_HOP.has(lower) || listed?.has(lower)) continue;
    out.push(raw[i], raw[i + 1]);
  }
  return out;
}

function responseHeaders(headers) {
  const out = {};
  for (const name in headers) if (!HOP_BY_HOP.has(name)) out[name] = headers[name];
  return out;
}

class ProxyHandler {
  #res;
  #controller = null;
  #done = false;
  #onDrain = () => this.#controller?.resume();
  #onClose = () => {
    if (!this.#done) this.#controller?.abort(new Error('client went away'));
  };

  constructor(res) {
    this.#res = res;
  }

  onRequestStart(controller) {
    this.#controller = controller;
    this.#res.once('close', this.#onClose);
  }

  onResponseStart(_controller, statusCode, headers) {
    if (statusCode < 200) return; // 1xx interim responses are not forwarded
    this.#res.writeHead(statusCode, responseHeaders(headers));
    this.#res.on('drain', this.#onDrain);
  }

  onResponseData(controller, chunk) {
    if (!this.#res.write(chunk)) controller.pause();
  }

  onResponseEnd() {
    this.#finish();
    this.#res.end();
  }

  onResponseError(_controller, _err) {
    this.#finish();
    if (!this.#res.headersSent) {
      this.#res.writeHead(502, { 'content-length': '0' });
      this.#res.end();
    } else {
      this.#res.destroy();
    }
  }

  #finish() {
    this.#done = true;
    this.#res.off('drain', this.#onDrain);
  }
}

function hasBody(req) {
  return req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
}

const server = tuneServer(http.createServer((req, res) => {
  pool.dispatch(
    { path: req.url, method: req.method, headers: requestHeaders(req.rawHeaders), body: hasBody(req) ? req : null },
    new ProxyHandler(res),
  );
}));
exitOnSignal();
server.listen(port, '127.0.0.1');
