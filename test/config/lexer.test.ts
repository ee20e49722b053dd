import t from 'tap';
import { expandAddressEnv, splitLine, type LexContext } from '../../lib/config/lexer.js';

const vars: Record<string, string> = { HOST: 'example.com', EMPTY: '', WORDS: 'a b  c', PORT: '8443' };
const ctx: LexContext = { vars: (n) => vars[n], file: 'lb.cfg', line: 7, section: 'fe' };

function words(line: string): string[] {
  const r = splitLine(line, ctx);
  if (!r.ok) throw new Error(`unexpected error ${r.error.code}: ${r.error.message}`);
  return r.words;
}

t.test('splits on blanks and stops at comments', async (t) => {
  const cases: [string, string[]][] = [
    ['  bind   :80\t:81  ', ['bind', ':80', ':81']],
    ['global#comment', ['global']],
    ['mode http # or tcp', ['mode', 'http']],
    ['   # only a comment', []],
    ['', []],
    ['a\r', ['a']],
  ];
  for (const [line, expected] of cases) t.same(words(line), expected, JSON.stringify(line));
});

t.test('the manual\'s equivalent log-format spellings give one identical word', async (t) => {
  const spellings = [
    String.raw`log-format %{+Q}o\ %t\ %s\ %{-Q}r`,
    `log-format "%{+Q}o %t %s %{-Q}r"`,
    `log-format '%{+Q}o %t %s %{-Q}r'`,
    `log-format "%{+Q}o %t"' %s %{-Q}r'`,
    String.raw`log-format "%{+Q}o %t"' %s'\ %{-Q}r`,
  ];
  for (const s of spellings) t.same(words(s), ['log-format', '%{+Q}o %t %s %{-Q}r'], s);
});

t.test('escapes', async (t) => {
  const cases: [string, string][] = [
    [String.raw`a\#b`, 'a#b'],
    [String.raw`a\\b`, 'a\\b'],
    [String.raw`\'x\'`, "'x'"],
    [String.raw`\"x\"`, '"x"'],
    [String.raw`a\tb`, 'a\tb'],
    [String.raw`a\nb\rc`, 'a\nb\rc'],
    [String.raw`\x41\x7e`, 'A~'],
    [String.raw`\1`, '\\1'], // not an escape: kept
    [String.raw`\$HOME`, '\\$HOME'], // \$ is an escape only inside double quotes
    [String.raw`"\$HOME"`, '$HOME'],
    [String.raw`'\n'`, '\\n'], // nothing is interpreted in single quotes
    [`"it's #1"`, "it's #1"],
    [`'say "hi"'`, 'say "hi"'],
  ];
  for (const [line, expected] of cases) t.same(words(`k ${line}`), ['k', expected], line);
});

t.test('environment variables expand only inside double quotes', async (t) => {
  const cases: [string, string[]][] = [
    ['"$HOST"', ['example.com']],
    ['"${HOST}"', ['example.com']],
    ['"${HOST}:${PORT}"', ['example.com:8443']],
    ['${HOST}', ['${HOST}']],
    ['$HOST', ['$HOST']],
    ['"${NOPE-fallback}"', ['fallback']],
    ['"${EMPTY-fallback}" x', ['', 'x']], // the default replaces unset variables only
    ['"${WORDS[*]}"', ['a', 'b', 'c']],
    ['"x${WORDS[*]}y"', ['xa', 'b', 'cy']],
    ['"${WORDS}"', ['a b  c']],
    ['"$.LINE" "${.FILE}" "${.SECTION}"', ['7', 'lb.cfg', 'fe']],
    ['"$HOST.x"', ['example.com.x']],
  ];
  for (const [line, expected] of cases) t.same(words(`k ${line}`).slice(1), expected, line);
});

t.test('empty words stay in place except at the end of the line', async (t) => {
  t.same(words('k "" x'), ['k', '', 'x']);
  t.same(words('k "${NOPE}" x'), ['k', '', 'x']);
  t.same(words('k x ""'), ['k', 'x']);
  t.same(words('k x "${NOPE}"'), ['k', 'x']);
});

t.test('errors carry a code and a position', async (t) => {
  const cases: [string, string][] = [
    ['k "unterminated', 'TSLB_ERR_CFG_QUOTE'],
    ["k 'unterminated", 'TSLB_ERR_CFG_QUOTE'],
    ['k "${HOST"', 'TSLB_ERR_CFG_BRACE'],
    ['k "${HOST-x"', 'TSLB_ERR_CFG_BRACE'],
    ['k "$1"', 'TSLB_ERR_CFG_VARNAME'],
    ['k "price $ 5"', 'TSLB_ERR_CFG_VARNAME'],
    ['k "${.FOO}"', 'TSLB_ERR_CFG_VARNAME'],
    [String.raw`k \x4`, 'TSLB_ERR_CFG_HEX'],
    [String.raw`k \xZZ`, 'TSLB_ERR_CFG_HEX'],
    ['k "${WORDS[x]}"', 'TSLB_ERR_CFG_EXPAND'],
    [`k ${Array.from({ length: 64 }, (_, i) => `w${i}`).join(' ')}`, 'TSLB_ERR_CFG_TOO_MANY_WORDS'],
  ];
  for (const [line, code] of cases) {
    const r = splitLine(line, ctx);
    t.equal(r.ok, false, line);
    if (!r.ok) {
      t.equal(r.error.code, code, line);
      t.ok(r.error.column >= 0 && r.error.column <= line.length, `${line}: column ${r.error.column}`);
    }
  }
  const unmatched = splitLine('k "abc', ctx);
  t.equal(unmatched.ok ? -1 : unmatched.error.column, 2, 'points at the opening quote');
  t.same(words(Array.from({ length: 64 }, (_, i) => `w${i}`).join(' ')).length, 64, '64 words are allowed');
});

t.test('addresses expand ${VAR} even unquoted', async (t) => {
  t.equal(expandAddressEnv('${HOST}:${PORT}', (n) => vars[n]), 'example.com:8443');
  t.equal(expandAddressEnv('ipv4@${NOPE}:80', (n) => vars[n]), 'ipv4@:80');
  t.equal(expandAddressEnv('$HOST:80', (n) => vars[n]), '$HOST:80');
});
