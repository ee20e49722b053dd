/**
 * The lexer, differentially against real HAProxy 2.6: each tricky word is
 * written into `http-request return ... string <word>` rules of a running
 * HAProxy, which sends the word it parsed back as the response body; tslb's
 * lexer must produce the very same bytes from the same line, with the same
 * environment.
 */
import { request } from 'node:http';
import t from 'tap';
import { startHaproxy } from '../helpers/haproxy.js';
import { freePort } from '../helpers/net.js';
import { splitLine } from '../../lib/config/lexer.js';

const env: Record<string, string> = { TSLB_A: 'alpha', TSLB_SP: 'two words', TSLB_EMPTY: '' };

/** Words as written in the configuration file (one argument each). */
const words: readonly string[] = [
  'plain',
  String.raw`back\\slash`,
  String.raw`esc\ aped\ space`,
  String.raw`hash\#tag`,
  String.raw`\'single\'`,
  String.raw`\"double\"`,
  String.raw`hex\x41\x7e`,
  String.raw`keep\1`,
  String.raw`tab\tand\nnl`,
  `"weak quoted # text"`,
  `'strong quoted # text'`,
  `"mixed"'quot'ing`,
  String.raw`"%{+Q}o %t"' %s'\ %{-Q}r`,
  `"it's"`,
  `'say "hi"'`,
  `"\\$TSLB_A"`,
  `'$TSLB_A'`,
  `$TSLB_A`,
  `\${TSLB_A}`,
  `"$TSLB_A"`,
  `"\${TSLB_A}"`,
  `"\${TSLB_A}-\${TSLB_A}"`,
  `"\${TSLB_SP}"`,
  `"\${TSLB_UNSET-fallback}"`,
  `"x\${TSLB_EMPTY-fallback}y"`,
  `"$TSLB_A.suffix"`,
  `"pre\${TSLB_A}post"`,
  String.raw`"\x41\\"`,
  String.raw`'\x41'`,
  `"a'b"'c"d'`,
];

function get(port: number, path: string): Promise<{ status: number; body: Buffer; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

t.test('HAProxy and tslb read every word the same', async (t) => {
  const port = await freePort();
  const rules = words.map((w, i) => `    http-request return status 200 content-type text/plain string ${w} if { path /${i} }`);
  const cfg = [
    'global',
    '    nbthread 1',
    'defaults',
    '    mode http',
    '    timeout client 5s',
    '    timeout connect 5s',
    '    timeout server 5s',
    'listen lexer',
    `    bind 127.0.0.1:${port}`,
    ...rules,
    // "${VAR[*]}" becomes several words: here a header name and its value.
    `    http-request return status 200 hdr "\${TSLB_SP[*]}" if { path /split }`,
    '    http-request return status 204',
    '',
  ].join('\n');
  const haproxy = await startHaproxy(cfg, port, { PATH: process.env['PATH'] ?? '', ...env });
  t.teardown(() => haproxy.stop());
  for (const [i, w] of words.entries()) {
    const line = rules[i] as string;
    const lexed = splitLine(line, { vars: (n) => env[n], file: 'lexer.cfg', line: 10 + i, section: 'lexer' });
    t.ok(lexed.ok, `tslb splits: ${w}`);
    if (!lexed.ok) continue;
    const ours = lexed.words[7];
    const theirs = await get(port, `/${i}`);
    t.equal(theirs.status, 200, `haproxy answers for ${w}`);
    t.equal(ours, theirs.body.toString('latin1'), `same word for ${w}`);
  }
  const split = splitLine('http-request return status 200 hdr "${TSLB_SP[*]}"', { vars: (n) => env[n], file: 'lexer.cfg', line: 1, section: 'lexer' });
  t.same(split.ok ? split.words.slice(4) : [], ['hdr', 'two', 'words'], 'tslb splits ${VAR[*]} into words');
  const r = await get(port, '/split');
  t.equal(r.headers['two'], 'words', 'haproxy splits it the same way');
  t.equal(haproxy.stderr().includes('ALERT'), false, 'haproxy loaded the file without alerts');
});
