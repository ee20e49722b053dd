import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { Diagnostics } from '../../lib/config/diagnostics.js';
import { expandPaths, readFiles, readText } from '../../lib/config/reader.js';

function read(text: string, vars: Record<string, string> = {}, diag = false) {
  const diags = new Diagnostics();
  const statements = [...readText('t.cfg', text, { vars: (n) => vars[n], diag }, diags)];
  return { lines: statements.map((s) => `${s.line}:${s.words.join(' ')}`), diags: diags.list.map((d) => `${d.line}:${d.code}`) };
}

t.test('conditional blocks pick one branch', async (t) => {
  const text = ['.if defined(A)', 'a', '.elif defined(B)', 'b', '.else', 'c', '.endif', 'after'].join('\n');
  t.same(read(text, { A: '' }).lines, ['2:a', '8:after']);
  t.same(read(text, { B: '' }).lines, ['4:b', '8:after']);
  t.same(read(text).lines, ['6:c', '8:after']);
  t.same(read(text, { A: '', B: '' }).lines, ['2:a', '8:after'], 'the first true branch only');
});

t.test('nested blocks inside a skipped branch stay skipped', async (t) => {
  const text = ['.if 0', '.if 1', 'inner', '.else', 'inner-else', '.endif', '.else', 'outer-else', '.endif'].join('\n');
  t.same(read(text).lines, ['8:outer-else']);
});

t.test('directives in a skipped block are not evaluated, but broken quotes are still errors', async (t) => {
  const r = read(['.if 0', '.alert "no"', '.bogus', 'k "unterminated', '.endif'].join('\n'));
  t.same(r.lines, []);
  t.same(r.diags, ['4:TSLB_ERR_CFG_QUOTE']);
});

t.test('message directives', async (t) => {
  const r = read(['.notice "hello"', '.warning "careful"', '.alert "stop"', '.diag "debug only"', '.warning "a" "b"'].join('\n'));
  t.same(r.diags, ['1:TSLB_NOTE_CFG_NOTICE', '2:TSLB_WRN_CFG_WARNING', '3:TSLB_ERR_CFG_ALERT', '5:TSLB_ERR_CFG_ARGS']);
  t.same(read('.diag "shown"', {}, true).diags, ['1:TSLB_NOTE_CFG_NOTICE'], '.diag shows under -d');
});

t.test('nesting errors', async (t) => {
  t.same(read('.endif').diags, ['1:TSLB_ERR_CFG_COND_NESTING']);
  t.same(read('.else').diags, ['1:TSLB_ERR_CFG_COND_NESTING']);
  t.same(read('.elif 1').diags, ['1:TSLB_ERR_CFG_COND_NESTING']);
  t.same(read(['.if 1', '.else', '.else', '.endif'].join('\n')).diags, ['3:TSLB_ERR_CFG_COND_NESTING']);
  t.same(read(['.if 1', '.else', '.elif 1', '.endif'].join('\n')).diags, ['3:TSLB_ERR_CFG_COND_NESTING']);
  t.same(read(['x', '.if 1', 'y'].join('\n')).diags, ['2:TSLB_ERR_CFG_COND_NESTING'], 'reported on the .if line');
  t.same(read('.if foo(1)\n.endif').diags, ['1:TSLB_ERR_CFG_COND']);
  t.same(read('.unknown').diags, ['1:TSLB_ERR_CFG_DIRECTIVE']);
});

t.test('pseudo-variable .SECTION follows the current section', async (t) => {
  const r = read(['frontend web', '  description "${.SECTION} at ${.LINE}"'].join('\n'));
  t.same(r.lines, ['1:frontend web', '2:description web at 2']);
});

t.test('files and directories', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tslb-reader-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'conf.d'));
  writeFileSync(join(dir, 'conf.d', '20-b.cfg'), 'backend b\n');
  writeFileSync(join(dir, 'conf.d', '10-a.cfg'), 'frontend a\n');
  writeFileSync(join(dir, 'conf.d', 'notes.txt'), 'ignored\n');
  writeFileSync(join(dir, 'conf.d', '.hidden.cfg'), 'ignored\n');
  writeFileSync(join(dir, 'main.cfg'), 'global\n  maxconn 10\n');
  const diags = new Diagnostics();
  const files = expandPaths([join(dir, 'main.cfg'), join(dir, 'conf.d'), join(dir, 'missing.cfg')], diags);
  t.same(files, [join(dir, 'main.cfg'), join(dir, 'conf.d', '10-a.cfg'), join(dir, 'conf.d', '20-b.cfg')]);
  t.same(diags.list.map((d) => d.code), ['TSLB_ERR_CFG_FILE']);
  const stmts = [...readFiles(files, { vars: () => undefined }, diags)];
  t.same(
    stmts.map((s) => [s.words[0], s.firstOfFile]),
    [
      ['global', true],
      ['maxconn', false],
      ['frontend', true],
      ['backend', true],
    ],
  );
});
