/**
 * A server's own queue (manual 5.2 "maxconn", "maxqueue", 4.2 "option
 * redispatch"): a request that cookie persistence sends to a full server
 * waits for that server, behind the earlier waiters, up to `maxqueue`;
 * beyond it the request is balanced with `option redispatch`, answered 503
 * without. A freed slot goes to the older of the server's first waiter and
 * the backend's — the server's own waiters even when it takes persistent
 * traffic only (weight 0). RuntimeBackend driven directly, no sockets.
 */
import t from 'tap';
import type { DispatchFailure, RuntimeBackend } from '../../lib/backend/backend.js';
import type { RuntimeServer } from '../../lib/backend/server.js';
import { runtimeBackend } from '../helpers/runtime.js';

function backend(lines: string, servers: string): RuntimeBackend {
  return runtimeBackend(
    `
defaults
    mode http
    timeout connect 1s
    timeout client 1s
    timeout server 1s
    timeout queue 10s
backend b
    cookie SRV insert
${lines}
${servers}
`,
    'b',
  );
}

/** Collects what each dispatch got, by label. */
function recorder() {
  const got: string[] = [];
  const cb =
    (label: string) =>
    (server: RuntimeServer | undefined, failure?: DispatchFailure): void => {
      got.push(`${label}:${server ? server.name : failure}`);
    };
  return { got, cb };
}

const server = (b: RuntimeBackend, name: string): RuntimeServer => b.servers.find((s) => s.name === name) as RuntimeServer;

t.test('a full persistent server: queue, then maxqueue', async (t) => {
  const b = backend('', '    server s1 127.0.0.1:1 cookie c1 maxconn 1 maxqueue 1\n    server s2 127.0.0.1:2 cookie c2');
  const s1 = server(b, 's1');
  const { got, cb } = recorder();
  t.equal(b.dispatchTo(s1, {}, cb('a')), undefined, 'a: served at once');
  const cancelB = b.dispatchTo(s1, {}, cb('b'));
  t.type(cancelB, 'function', 'b: waits in s1 queue');
  b.dispatchTo(s1, {}, cb('c'));
  t.same(got, ['a:s1', 'c:server-queue-full'], 'c: s1 queue is full, no redispatch: 503');
  b.release(s1);
  t.same(got, ['a:s1', 'c:server-queue-full', 'b:s1'], 'b gets the freed slot');
  t.equal(s1.counters.current, 1);
  b.release(s1);
});

t.test('maxqueue reached with option redispatch: balanced', async (t) => {
  const b = backend('    option redispatch', '    server s1 127.0.0.1:1 cookie c1 maxconn 1 maxqueue 1\n    server s2 127.0.0.1:2 cookie c2');
  const s1 = server(b, 's1');
  const { got, cb } = recorder();
  b.dispatchTo(s1, {}, cb('a'));
  const cancel = b.dispatchTo(s1, {}, cb('b'));
  b.dispatchTo(s1, {}, cb('c'));
  t.same(got, ['a:s1', 'c:s2']);
  cancel?.();
  b.release(s1);
  t.same(got, ['a:s1', 'c:s2'], 'a cancelled waiter is never served');
  t.equal(s1.counters.current, 0);
});

t.test('a freed slot goes to the older waiter of the two queues', async (t) => {
  for (const serverFirst of [false, true]) {
    const b = backend('', '    server s1 127.0.0.1:1 cookie c1 maxconn 1\n    server s2 127.0.0.1:2 cookie c2 maxconn 1');
    const s1 = server(b, 's1');
    const { got, cb } = recorder();
    b.dispatch({}, cb('x'));
    b.dispatch({}, cb('y'));
    const first = serverFirst ? (): unknown => b.dispatchTo(s1, {}, cb('own')) : (): unknown => b.dispatch({}, cb('shared'));
    const second = serverFirst ? (): unknown => b.dispatch({}, cb('shared')) : (): unknown => b.dispatchTo(s1, {}, cb('own'));
    first();
    second();
    t.equal(b.queue.length, 1, 'one waits in the backend queue');
    b.release(s1);
    b.release(s1);
    t.same(got.slice(2), serverFirst ? ['own:s1', 'shared:s1'] : ['shared:s1', 'own:s1'], serverFirst ? 'server queue first' : 'backend queue first');
  }
});

t.test('a weight-0 server serves its own queue, never the backend one', async (t) => {
  const b = backend('', '    server s1 127.0.0.1:1 cookie c1 maxconn 1 weight 0\n    server s2 127.0.0.1:2 cookie c2 maxconn 1');
  const s1 = server(b, 's1');
  const { got, cb } = recorder();
  b.dispatchTo(s1, {}, cb('p'));
  b.dispatch({}, cb('x'));
  b.dispatch({}, cb('shared'));
  b.dispatchTo(s1, {}, cb('own'));
  t.same(got, ['p:s1', 'x:s2']);
  b.release(s1);
  t.same(got, ['p:s1', 'x:s2', 'own:s1'], 'the persistent waiter, though the backend one is older');
  b.release(server(b, 's2'));
  t.same(got, ['p:s1', 'x:s2', 'own:s1', 'shared:s2']);
});
