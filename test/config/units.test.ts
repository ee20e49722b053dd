import t from 'tap';
import { atol, parseInteger, parseSize, parseTime } from '../../lib/config/units.js';
import { closest, didYouMean } from '../../lib/config/suggest.js';

t.test('times (manual 2.5): default unit ms', async (t) => {
  const ok: [string, number][] = [
    ['0', 0],
    ['5000', 5000],
    ['5000ms', 5000],
    ['5s', 5000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1500us', 2],
    ['500us', 1],
    ['2147483647', 2147483647],
  ];
  for (const [text, ms] of ok) t.same(parseTime(text, 'timeout client'), { ok: true, value: ms }, text);
  for (const text of ['10x', '1.5s', '-1', 's', '', '25d', '99999999999']) t.equal(parseTime(text, 'timeout client').ok, false, text);
});

t.test('sizes', async (t) => {
  t.same(parseSize('16384', 'x'), { ok: true, value: 16384 });
  t.same(parseSize('16k', 'x'), { ok: true, value: 16384 });
  t.same(parseSize('2M', 'x'), { ok: true, value: 2 * 1024 * 1024 });
  t.same(parseSize('1g', 'x'), { ok: true, value: 1024 ** 3 });
  for (const text of ['1z', 'k', '1.5k', '']) t.equal(parseSize(text, 'x').ok, false, text);
});

t.test('integers', async (t) => {
  t.same(parseInteger('256', 'weight', 0, 256), { ok: true, value: 256 });
  t.equal(parseInteger('257', 'weight', 0, 256).ok, false);
  t.equal(parseInteger('2x', 'weight', 0, 256).ok, false);
  t.same(atol('3x'), { value: 3, exact: false });
  t.same(atol('abc'), { value: 0, exact: false });
  t.same(atol('-7'), { value: -7, exact: true });
  t.same(atol('12'), { value: 12, exact: true });
});

t.test('did you mean', async (t) => {
  t.equal(closest('balnce', ['balance', 'bind', 'backlog']), 'balance');
  t.equal(closest('timout', ['timeout', 'tcp-request']), 'timeout');
  t.equal(closest('zzzzzz', ['balance', 'bind']), undefined);
  t.equal(didYouMean('wieght', ['weight', 'check']), "did you mean 'weight' ?");
});
