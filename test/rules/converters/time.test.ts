import t from 'tap';
import { converter } from '../../../lib/rules/converters/registry.js';
import { strftime, type Tm } from '../../../lib/rules/converters/strftime.js';

// utime's %s reads the fields as local standard time (glibc's mktime), so the zone is fixed here.
process.env['TZ'] = 'UTC';

function run(name: string, args: string[], value: number): unknown {
  const spec = converter(name);
  if (spec === undefined) throw new Error(`no converter ${name}`);
  return spec.compile(args)({ type: 'int', value })?.value;
}

/** 1970-01-01 00:05:09 UTC, a Thursday. */
const EPOCH: Tm = { year: 1970, mon: 0, mday: 1, hour: 0, min: 5, sec: 9, wday: 4, yday: 0, gmtoff: 0, zone: 'UTC', epoch: 309n };
const year = (y: number): Tm => ({ ...EPOCH, year: y });

t.test('strftime as glibc in the C locale: flags, widths, modifiers, unknown conversions', async (t) => {
  const cases: [string, string, Tm?][] = [
    ['%-10d', '         1'], ['%_10d', '         1'], ['%010d', '0000000001'], ['%10a', '       Thu'], ['%010a', '0000000Thu'],
    ['%^10a', '       THU'], ['%#10b', '       JAN'], ['%10D', '  01/01/70'], ['%010D', '0001/01/70'], ['%^c', 'THU JAN  1 00:05:09 1970'],
    ['%#p', 'am'], ['%^P', 'am'], ['%#Z', 'utc'], ['%E%', '%'], ['%5E%', '    %'], ['%10q', '      %10q'], ['%-5q', ' %-5q'],
    ['%Ec', 'Thu Jan  1 00:05:09 1970'], ['%Oc', '%Oc'], ['%EY', '1970'], ['%OY', '%OY'], ['%OC', '19'], ['%Ob', 'Jan'], ['%Eb', '%Eb'],
    ['%ED', '%ED'], ['%Om', '01'], ['%Em', '%Em'], ['%10z', '         +0000000000'], ['%_10z', '         +         0'], ['%-z', '+0'],
    ['%^#a', 'THU'], ['%_5s', '  309'], ['%05s', '00309'], ['%5n', '    \n'], ['%5%', '    %'], ['%-_d', ' 1'], ['%_-d', '1'],
    ['%0_d', ' 1'], ['%3e', '  1'], ['%-e', '1'], ['%0e', '01'], ['%03k', '000'], ['%R', '00:05'], ['%^r', '12:05:09 AM'],
    ['%E', '%E'], ['%-', '%-'], ['%-5', '  %-5'], ['%5', '   %5'], ['%Ez', '+0000'], ['%EZ', 'UTC'], ['%Os', '309'], ['', ''],
    ['%Y|%C|%y|%G|%g|%F', '999|9|99|999|99|999-01-01', year(999)], ['%Y|%C|%y|%4Y', '-5|-1|95|-005', year(-5)],
    ['%Y|%C|%y|%F', '12345|123|45|12345-01-01', year(12345)], ['%C|%y', '-12|00', year(-1200)],
  ];
  for (const [format, expected, tm] of cases) t.equal(strftime(format)(tm ?? EPOCH), expected, format);
});

t.test('ISO 8601 weeks and the week numbers of %U and %W', async (t) => {
  // 2021-01-01 is a Friday in ISO week 53 of 2020; 2024-12-30 is a Monday in ISO week 1 of 2025.
  t.equal(strftime('%G-W%V-%u|%U|%W|%j')({ ...EPOCH, year: 2021, wday: 5, yday: 0 }), '2020-W53-5|00|00|001');
  t.equal(strftime('%G-W%V-%u|%U|%W|%j')({ ...EPOCH, year: 2024, mon: 11, mday: 30, wday: 1, yday: 364 }), '2025-W01-1|52|53|365');
});

t.test('utime: the 55-bit mask on the date, the offset after it', async (t) => {
  t.equal(run('utime', ['%Y-%m-%d %H:%M:%S'], 1700000000), '2023-11-14 22:13:20');
  t.equal(run('utime', ['%Y-%m-%d %H:%M:%S'], -1), '1141709097-06-13 06:26:07', 'negative dates are far ahead');
  t.equal(run('utime', ['%Y-%m-%d %H:%M:%S', '-86401'], 0), '1969-12-30 23:59:59');
  t.equal(run('utime', ['%s|%z|%Z'], 0), '0|+0000|GMT');
  t.equal(run('utime', [''], 0), '');
  t.throws(() => run('utime', ['%Y', 'x'], 0), /argument 2 must be an integer/);
});

t.test('http_date: units, unpadded fractions, and the offset before the mask', async (t) => {
  t.equal(run('http_date', [], 784111777), 'Sun, 06 Nov 1994 08:49:37 GMT');
  t.equal(run('http_date', ['3600'], 0), 'Thu, 01 Jan 1970 01:00:00 GMT');
  t.equal(run('http_date', ['0', 'ms'], 1500), 'Thu, 01 Jan 1970 00:00:01.500 GMT');
  t.equal(run('http_date', ['0', 'us'], 1000005), 'Thu, 01 Jan 1970 00:00:01.5 GMT');
  t.equal(run('http_date', ['0', 's'], 1), 'Thu, 01 Jan 1970 00:00:01 GMT');
  t.equal(run('http_date', ['0', 'ms'], -1500), 'Sun, 13 Jun 1141709097 06:26:07.-500 GMT');
  t.equal(run('http_date', ['-3600'], 1), 'Sun, 13 Jun 1141709097 05:26:09 GMT', 'the offset is added before the mask');
  t.throws(() => run('http_date', ['0', 'ns'], 0), /the unit must be 's', 'ms' or 'us', got 'ns'/);
  t.throws(() => run('http_date', ['0', ''], 0), /got ''/);
});
