/**
 * Cookie persistence, differentially (manual 4.2 "cookie", "option persist";
 * reference haproxy-2.6-behaviour.md §1.7, §2.5): the same configuration runs
 * under HAProxy 2.6 and under tslb (in process), each in front of its own
 * set of backends that answer with their name; the same requests, each on a
 * new connection, go to both, and what the client receives (Set-Cookie,
 * Cache-Control, which server answered) and what each server receives (its
 * Cookie lines) must be byte-identical.
 *
 *   step ──► HAProxy 2.6 ──► s1 s2 s3 (record heads)      compared
 *   step ──► tslb        ──► s1 s2 s3 (record heads)      with t.same
 *
 * The only masked bytes are the `maxidle` / `maxlife` dates (5 characters
 * after a `|`), which depend on the second each proxy answered in; their
 * value is checked on its own. COOKIE_DEBUG=1 prints both outcomes.
 */
import t, { type Test } from 'tap';
import { decodeCookieDate, encodeCookieDate } from '../../lib/persistence/cookie-date.js';
import { answerPath, namedBackend, request, type ResponseSpec } from '../helpers/named-backends.js';
import { freePort } from '../helpers/net.js';
import { startUnder } from '../helpers/runtime.js';

t.setTimeout(120_000);

interface Step {
  readonly method?: string;
  /** Cookie lines the client sends. */
  readonly cookies?: readonly string[];
  /** Other request lines, `Name: value`. */
  readonly headers?: readonly string[];
  /** What the server answers. */
  readonly answer?: ResponseSpec;
}

interface Scenario {
  /** Lines of the backend section before its servers. */
  readonly backend: string;
  /** Options after each server's address; a server whose options start with `dead` points at a closed port. */
  readonly servers?: readonly string[];
  readonly steps: readonly Step[];
  /** Mask the cookie dates (maxidle / maxlife). */
  readonly dates?: boolean;
  /** Send the steps 50 ms apart without waiting for the answers (queues); servers' records are then sorted. */
  readonly concurrent?: boolean;
  /** What the steps show, checked on tslb's outcomes once they equal HAProxy's. */
  readonly expect?: readonly (readonly [step: number, pattern: RegExp])[];
}

interface Outcome {
  readonly client: string;
  /** `<server>: <request head>` for every request a server received during the step. */
  readonly servers: string[];
}

const DEFAULT_SERVERS = ['cookie c1', 'cookie c2', 'cookie c3'];

function rawRequest(step: Step): string {
  const method = step.method ?? 'GET';
  let out = `${method} ${answerPath(step.answer)} HTTP/1.1\r\nhost: h\r\n`;
  for (const c of step.cookies ?? []) out += `cookie: ${c}\r\n`;
  for (const h of step.headers ?? []) out += `${h}\r\n`;
  if (method === 'POST') out += 'content-length: 0\r\n';
  return `${out}\r\n`;
}

const maskDates = (s: string): string => s.replace(/\|[A-Za-z0-9+/]{5}(?=[|;\r])/g, '|<date>');

async function run(who: 'haproxy' | 'tslb', sc: Scenario): Promise<Outcome[]> {
  const specs = sc.servers ?? DEFAULT_SERVERS;
  const backends = await Promise.all(specs.map((_, i) => namedBackend(`s${i + 1}`)));
  const port = await freePort();
  const deadPort = await freePort();
  const servers = specs
    .map((opts, i) => (opts.startsWith('dead') ? `    server s${i + 1} 127.0.0.1:${deadPort} ${opts.slice(4)}` : `    server s${i + 1} 127.0.0.1:${backends[i]?.port} ${opts}`))
    .join('\n');
  const cfg = `
defaults
    mode http
    timeout connect 500ms
    timeout client 5s
    timeout server 5s
frontend fe
    bind 127.0.0.1:${port}
    default_backend app
backend app
${sc.backend}
${servers}
`;
  const stop = await startUnder(who, cfg, port);
  const out: Outcome[] = [];
  try {
    if (sc.concurrent) {
      const answers: Promise<string>[] = [];
      for (const step of sc.steps) {
        answers.push(request(port, rawRequest(step)));
        await new Promise((r) => setTimeout(r, 50));
      }
      const clients = await Promise.all(answers);
      const seen = backends.flatMap((b) => b.heads.splice(0).map((h) => `${b.name}: ${h}`)).sort();
      return clients.map((client, i) => ({ client, servers: i === 0 ? seen : [] }));
    }
    for (const step of sc.steps) {
      const client = await request(port, rawRequest(step));
      const seen: string[] = [];
      for (const b of backends) for (const h of b.heads.splice(0)) seen.push(`${b.name}: ${h}`);
      out.push(sc.dates ? { client: maskDates(client), servers: seen.map(maskDates) } : { client, servers: seen });
    }
  } finally {
    stop();
    await Promise.all(backends.map((b) => b.close()));
  }
  return out;
}

/** Runs a scenario under both and compares; returns tslb's outcomes. */
async function compare(t: Test, sc: Scenario): Promise<Outcome[]> {
  const [haproxy, tslb] = await Promise.all([run('haproxy', sc), run('tslb', sc)]);
  if (process.env['COOKIE_DEBUG']) console.log(JSON.stringify({ haproxy, tslb }, null, 1));
  t.same(tslb, haproxy, 'clients and servers see the same');
  for (const [step, pattern] of sc.expect ?? []) {
    const o = tslb[step];
    t.match(o ? `${o.client}\n--\n${o.servers.join('\n')}` : '', pattern, `step ${step}: ${pattern}`);
  }
  return tslb;
}

const cacheable = (...headers: [string, string][]): ResponseSpec => ({ headers });
const setsCookie = (value: string, more: [string, string][] = []): ResponseSpec => ({ headers: [['Set-Cookie', value], ...more] });

/** s1 (maxconn 1, maxqueue 1) busy for 300 ms with a first request, a second waits for it, a third finds its queue full. */
function maxqueueScenario(redispatch: boolean): Scenario {
  return {
    backend: `    cookie SRV insert indirect${redispatch ? '\n    option redispatch' : ''}`,
    servers: ['cookie c1 maxconn 1 maxqueue 1', 'cookie c2'],
    concurrent: true,
    expect: [
      [1, /x-server: s1/],
      [2, redispatch ? /x-server: s2[^]*set-cookie: SRV=c2; path=\// : /^HTTP\/1.1 503 /],
    ],
    steps: [{ cookies: ['SRV=c1'], answer: { delayMs: 300 } }, { cookies: ['SRV=c1'] }, { cookies: ['SRV=c1'] }],
  };
}

const scenarios: Record<string, Scenario> = {
  'insert: new clients get the cookie of the server that answered': {
    backend: '    cookie SRV insert',
    steps: [{}, {}, {}, { cookies: ['SRV=c2'] }, { cookies: ['a=1; SRV=c3; b=2'] }, { cookies: ['SRV=zz'] }, { cookies: ['SRV='] }, { cookies: ['SRV=c1'], answer: setsCookie('SRV=own; Path=/') }, { answer: setsCookie('other = 1 ; Path=/') }],
  },
  'insert indirect: the cookie is removed from what the server receives': {
    backend: '    cookie SRV insert indirect',
    expect: [
      [0, /x-server: s2[^]*--\ns2: [^]*\r\ncookie: other=1$/],
      [2, /s2: [^]*\r\ncookie: a=1; b=2$/],
      [3, /--\ns2: [^]*host: h$/],
    ],
    steps: [
      { cookies: ['SRV=c2; other=1'] },
      { cookies: ['other=1; SRV=c2'] },
      { cookies: ['a=1; SRV=c2; b=2'] },
      { cookies: ['SRV=c2'] },
      { cookies: ['a = 1 ;SRV=c2 , b=2'] },
      { cookies: ['SRV=c1; $Path=/; x=1'] },
      { cookies: ['x=1 ; SRV=c1'] },
      { cookies: ['SRV=c1; SRV=c3; y=2'] },
      { cookies: ['a=1', 'SRV=c3', 'b=2; SRV=zz'] },
      { cookies: ['q="a;b"; SRV=c2; flag; z=3'] },
      { cookies: ['SRV=c1|abcde'] },
      { cookies: ['SRV=zz; SRV=c2'] },
      { cookies: ['SRV=c2'], answer: setsCookie('SRV=fromserver; Path=/') },
    ],
  },
  'insert indirect nocache: private only on cacheable responses that get a cookie': {
    backend: '    cookie SRV insert indirect nocache',
    steps: [
      {},
      { answer: cacheable(['Cache-Control', 'max-age=60']) },
      { answer: cacheable(['Cache-Control', 'public']) },
      { answer: cacheable(['Cache-Control', 'public, max-age=60']) },
      { answer: cacheable(['Cache-Control', 'max-age=0']) },
      { answer: cacheable(['Cache-Control', 'max-age=0, s-maxage=30']) },
      { answer: cacheable(['Cache-Control', 'max-age=60, private']) },
      { answer: cacheable(['Cache-Control', 'no-cache="set-cookie", max-age=60']) },
      { answer: cacheable(['Expires', 'Thu, 01 Jan 2037 00:00:00 GMT']) },
      { answer: cacheable(['ETag', '"v1"']) },
      { answer: cacheable(['Last-Modified', 'Thu, 01 Jan 2015 00:00:00 GMT']) },
      { answer: cacheable(['Pragma', 'no-cache'], ['Cache-Control', 'max-age=60']) },
      { answer: { status: 404, headers: [['Cache-Control', 'max-age=60']] } },
      { answer: { status: 302, headers: [['Cache-Control', 'max-age=60']] } },
      { answer: { status: 204, headers: [['ETag', '"v1"']] } },
      { method: 'POST', answer: cacheable(['Cache-Control', 'max-age=60']) },
      { method: 'HEAD', answer: cacheable(['Cache-Control', 'max-age=60']) },
      { method: 'OPTIONS', answer: cacheable(['ETag', '"v1"']) },
      { headers: ['Authorization: Basic eDp5'], answer: cacheable(['Cache-Control', 'max-age=60']) },
      { headers: ['Cache-Control: no-store'], answer: cacheable(['Cache-Control', 'max-age=60']) },
      { cookies: ['SRV=c1'], answer: cacheable(['Cache-Control', 'max-age=60']) },
      // "public" makes the response cacheable again, whatever came before it.
      { answer: cacheable(['Cache-Control', 'private, public, max-age=60']) },
      { answer: cacheable(['Cache-Control', 'public, private, max-age=60']) },
      { answer: cacheable(['Cache-Control', 'no-store'], ['Cache-Control', 'Public'], ['ETag', '"v"']) },
      { method: 'POST', answer: cacheable(['Cache-Control', 'public, max-age=60']) },
      { answer: { status: 302, headers: [['Cache-Control', 'public, max-age=60']] } },
      { answer: cacheable(['Pragma', 'no-cache'], ['Cache-Control', 'public, max-age=60']) },
      { answer: cacheable(['Cache-Control', 'public']) },
      { answer: cacheable(['Cache-Control', 'MAX-AGE=60']) },
      { answer: cacheable(['Cache-Control', 'max-age = 0'], ['ETag', '"v"']) },
      { answer: cacheable(['Pragma', 'No-Cache'], ['ETag', '"v"']) },
      { answer: cacheable(['Pragma', 'x'], ['Pragma', 'no-cache'], ['ETag', '"v"']) },
    ],
  },
  'insert postonly: only POST responses get the cookie': {
    backend: '    cookie SRV insert postonly nocache',
    steps: [{}, { method: 'POST' }, { method: 'POST', cookies: ['SRV=c3'] }, { answer: setsCookie('SRV=x') }],
  },
  'insert preserve: a cookie the server sets is kept and none is added': {
    backend: '    cookie SRV insert indirect preserve',
    steps: [{}, { answer: setsCookie('SRV=mine; Path=/app') }, { cookies: ['SRV=c1'], answer: setsCookie('SRV=again') }, { cookies: ['SRV=c2'] }],
  },
  'insert with httponly, secure, two domains and two attrs': {
    backend: '    cookie SRV insert httponly secure domain .a.test domain .b.test attr SameSite=Lax attr Priority=High',
    servers: ['cookie c1', 'cookie c2', ''],
    steps: [{}, {}, {}],
  },
  'a server without a cookie value gets a deletion cookie': {
    backend: '    cookie SRV insert indirect nocache domain .a.test secure',
    servers: ['cookie c1', '', 'cookie c3'],
    expect: [[1, /x-server: s2\r\ncontent-length: 2\r\nset-cookie: SRV=; Expires=Thu, 01-Jan-1970 00:00:01 GMT; path=\/; domain=\.a\.test; Secure\r\n\r\n/]],
    steps: [{}, {}, {}, { cookies: ['SRV=c3'] }, { answer: cacheable(['Cache-Control', 'max-age=60']) }, { answer: cacheable(['Cache-Control', 'max-age=60']) }],
  },
  'rewrite: the value the server sets becomes its cookie': {
    backend: '    cookie SRV rewrite nocache',
    servers: ['cookie c1', 'cookie c2', ''],
    expect: [[0, /set-cookie: SRV=c1; Path=\//]],
    steps: [
      { answer: setsCookie('SRV=whatever; Path=/') },
      { answer: setsCookie('SRV = spaced ; Path=/', [['Cache-Control', 'max-age=60']]) },
      { answer: setsCookie('SRV=x; Path=/') },
      {},
      { cookies: ['SRV=c2; a=1'], answer: setsCookie('SRV=y') },
      { cookies: ['SRV=c1'], answer: setsCookie('other=1', [['Set-Cookie', 'SRV="q;v"; Secure']]) },
    ],
  },
  'prefix: the server cookie value is prefixed, and the prefix stripped from requests': {
    backend: '    cookie JSESSIONID prefix nocache',
    servers: ['cookie c1', 'cookie c2', ''],
    expect: [
      [0, /set-cookie: JSESSIONID=c1~abc; Path=\//],
      [1, /x-server: s2[^]*--\ns2: [^]*\r\ncookie: JSESSIONID=abc$/],
    ],
    steps: [
      { answer: setsCookie('JSESSIONID=abc; Path=/') },
      { cookies: ['JSESSIONID=c2~abc'] },
      { cookies: ['a=1; JSESSIONID=zz~abc; b=2'] },
      { cookies: ['JSESSIONID=abc'] },
      { cookies: ['JSESSIONID=~abc'] },
      { cookies: ['JSESSIONID = c1~x~y'], answer: setsCookie('JSESSIONID=new; HttpOnly') },
      { answer: setsCookie('JSESSIONID=abc; Path=/') },
    ],
  },
  'prefix indirect: a direct request loses the server cookie the server sets again': {
    backend: '    cookie JSESSIONID prefix indirect',
    steps: [{ cookies: ['JSESSIONID=c2~abc'], answer: setsCookie('JSESSIONID=abc; Path=/') }, { answer: setsCookie('JSESSIONID=abc; Path=/') }],
  },
  'passive: the cookie only chooses the server': {
    backend: '    cookie SRV',
    steps: [{ cookies: ['SRV=c3'] }, { cookies: ['SRV=c3'], answer: setsCookie('SRV=c3; Path=/') }, { cookies: ['SRV=zz'] }, {}],
  },
  'passive indirect: a direct request loses the Set-Cookie the server sends': {
    backend: '    cookie SRV indirect',
    steps: [{ cookies: ['SRV=c2'], answer: setsCookie('SRV=c2; Path=/') }, { answer: setsCookie('SRV=c1; Path=/') }],
  },
  'a cookie naming a server in maintenance is re-balanced': {
    backend: '    cookie SRV insert indirect',
    servers: ['cookie c1', 'cookie c2 disabled', 'cookie c3'],
    expect: [
      [0, /x-server: s1[^]*set-cookie: SRV=c1; path=\//],
      [1, /x-server: s3[^]*set-cookie: SRV=c3; path=\/[^]*cookie: a=1$/],
    ],
    steps: [{ cookies: ['SRV=c2'] }, { cookies: ['SRV=c2; a=1'] }, { cookies: ['SRV=c2'] }],
  },
  'two servers share a cookie: the first running one takes it': {
    backend: '    cookie SRV insert',
    servers: ['cookie c1 disabled', 'cookie c1', 'cookie c3'],
    steps: [{ cookies: ['SRV=c1'] }, { cookies: ['SRV=c1'] }, {}],
  },
  'a weight-0 server keeps its cookie traffic and gets no other': {
    backend: '    cookie SRV insert indirect',
    servers: ['cookie c1', 'cookie c2 weight 0', 'cookie c3'],
    expect: [
      [1, /x-server: s3/],
      [4, /x-server: s2\r\ncontent-length: 2\r\n\r\n/],
    ],
    steps: [{}, {}, {}, { cookies: ['SRV=c2'] }, { cookies: ['SRV=c2'] }],
  },
  'option persist: a cookie naming a server in maintenance still goes to it': {
    backend: '    cookie SRV insert indirect\n    option persist',
    expect: [[0, /x-server: s2\r\ncontent-length: 2\r\n\r\n/]],
    servers: ['cookie c1', 'cookie c2 disabled', 'cookie c3'],
    steps: [{ cookies: ['SRV=c2'] }, {}, {}],
  },
  'option persist + redispatch: a dead persistent server is left at its first failure': {
    backend: '    cookie SRV insert indirect\n    option persist\n    option redispatch\n    retries 3',
    servers: ['cookie c1', 'deadcookie c2 disabled', 'cookie c3'],
    expect: [
      [0, /x-server: s1[^]*set-cookie: SRV=c1; path=\//],
      [1, /x-server: s3[^]*set-cookie: SRV=c3; path=\//],
    ],
    steps: [{ cookies: ['SRV=c2'] }, { cookies: ['SRV=c2'] }],
  },
  'maxqueue reached without option redispatch: 503': maxqueueScenario(false),
  'maxqueue reached with option redispatch: re-balanced, new cookie': maxqueueScenario(true),
  'maxidle and maxlife: dated cookies': {
    backend: '    cookie SRV insert indirect maxidle 30m maxlife 8h',
    dates: true,
    steps: [{}, { cookies: ['SRV=c2'] }],
  },
};

for (const [name, sc] of Object.entries(scenarios)) {
  t.test(name, async (t) => {
    await compare(t, sc);
  });
}

t.test('maxidle and maxlife: fresh, idle and too old cookies', async (t) => {
  const now = Math.floor(Date.now() / 1000);
  const d = encodeCookieDate;
  const sc: Scenario = {
    backend: '    cookie SRV insert indirect maxidle 10m maxlife 1h',
    dates: true,
    steps: [
      // Fresh: kept, dates refreshed only once the last-seen one is past.
      { cookies: [`SRV=c2|${d(now + 60)}|${d(now - 60)}`] },
      { cookies: [`SRV=c2|${d(now - 30)}|${d(now - 60)}`] },
      // Idle too long, too old, or dated more than a day ahead: as if the cookie named no server.
      { cookies: [`SRV=c2|${d(now - 1200)}|${d(now - 1300)}`] },
      { cookies: [`SRV=c2|${d(now - 60)}|${d(now - 7200)}`] },
      { cookies: [`SRV=c2|${d(now + 90000)}`] },
      // No dates: given them.
      { cookies: ['SRV=c3'] },
    ],
  };
  const lifeOnly: Scenario = {
    backend: '    cookie SRV insert indirect maxlife 1h',
    dates: true,
    steps: [{}, { cookies: ['SRV=c1'] }, { cookies: [`SRV=c1|${d(now + 1000)}`] }, { cookies: [`SRV=c1|${d(now + 1000)}|${d(now - 100)}`] }, { cookies: [`SRV=c1|${d(now - 100)}|${d(now - 100)}`] }],
  };
  const undated: Scenario = {
    backend: '    cookie SRV insert indirect',
    steps: [{ cookies: [`SRV=c1|${d(now + 1000)}`] }, { cookies: [`SRV=c1|${d(now - 1000)}`] }, { cookies: [`SRV=c1|${d(now + 1000)}|${d(now - 100)}`] }, { cookies: ['SRV=c1|AAAAA'] }],
  };
  await compare(t, lifeOnly);
  await compare(t, undated);
  const out = await compare(t, sc);
  t.ok(out.length > 0);
});

t.test('the dates written are now, as HAProxy writes them', async (t) => {
  const sc: Scenario = { backend: '    cookie SRV insert maxidle 30m maxlife 8h', steps: [{}] };
  const [haproxy, tslb] = await Promise.all([run('haproxy', sc), run('tslb', sc)]);
  const now = Date.now() / 1000;
  for (const [who, out] of [['haproxy', haproxy], ['tslb', tslb]] as const) {
    const m = /set-cookie: SRV=c1\|([A-Za-z0-9+/]{5})\|([A-Za-z0-9+/]{5}); path=\//.exec(out[0]?.client ?? '');
    t.ok(m, `${who} writes both dates`);
    if (!m) continue;
    t.ok(Math.abs(decodeCookieDate(m[1] as string, 0) - now) <= 8, `${who}: last-seen date is now`);
    t.equal(m[1], m[2], `${who}: first-seen date is the same`);
  }
});
