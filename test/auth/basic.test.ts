/**
 * Reading `Authorization: Basic` and writing the challenge, table-driven,
 * with the answers HAProxy 2.6.12 gave to the same header values
 * (test/auth/haproxy.test.ts replays them against the real binary).
 */
import t from 'tap';
import { basicChallenge, parseBasicAuthorization } from '../../lib/auth/basic.js';

const b64 = (text: string): string => Buffer.from(text, 'latin1').toString('base64');
const ALICE = b64('alice:secret');

/** [Authorization value, expected [user, password] or undefined, why]. */
const CASES: readonly (readonly [string, readonly [string, string] | undefined, string])[] = [
  [`Basic ${ALICE}`, ['alice', 'secret'], 'the usual form'],
  [`basic ${ALICE}`, ['alice', 'secret'], 'the scheme in any case'],
  [`bAsIc ${ALICE}`, ['alice', 'secret'], 'the scheme in mixed case'],
  [`Bas ${ALICE}`, ['alice', 'secret'], 'a prefix of the scheme'],
  [`B ${ALICE}`, ['alice', 'secret'], 'a one-letter prefix'],
  [`Basicx ${ALICE}`, undefined, 'a longer scheme'],
  [`Bearer ${ALICE}`, undefined, 'another scheme'],
  [`Basic   ${ALICE}`, ['alice', 'secret'], 'several spaces'],
  [`Basic\t${ALICE}`, undefined, 'a tab as separator'],
  [`Basic \t${ALICE}`, undefined, 'a tab after the space'],
  [`basic${ALICE}`, undefined, 'no separator'],
  [`  Basic ${ALICE} \t`, ['alice', 'secret'], 'whitespace around the value'],
  [`Basic ${ALICE} , foo`, ['alice', 'secret'], 'a second list element'],
  [`Basic ${ALICE},Basic ${b64('bob:pw')}`, ['alice', 'secret'], 'only the first element counts'],
  [`Basic ${b64('x')}, Basic ${ALICE}`, undefined, 'a first element without credentials'],
  [`, Basic ${ALICE}`, undefined, 'an empty first element'],
  [`Basic ,${ALICE}`, undefined, 'a comma right after the scheme'],
  ['Basic', undefined, 'no credentials'],
  ['Basic ', undefined, 'no credentials after the space'],
  ['', undefined, 'an empty value'],
  [`Basic ${b64('alicesecret')}`, undefined, 'no colon'],
  [`Basic ${b64('alice:')}`, ['alice', ''], 'an empty password'],
  [`Basic ${b64(':secret')}`, ['', 'secret'], 'an empty user'],
  [`Basic ${b64('a:b:c')}`, ['a', 'b:c'], 'the first colon splits'],
  [`Basic ${b64('alice:sec\0ret')}`, ['alice', 'sec'], 'a NUL ends the password'],
  [`Basic ${b64('alice:secret\0')}`, ['alice', 'secret'], 'a final NUL'],
  [`Basic ${b64('al\0ice:secret')}`, undefined, 'a NUL before the colon'],
  [`Basic ${b64('alice:s\u00c3\u00a9')}`, ['alice', 's\u00c3\u00a9'], 'bytes beyond ASCII, one character each'],
  ['Basic YWxpY2U6c2VjcmV', undefined, 'a length not a multiple of 4'],
  ['Basic YWxpY2U6c2VjcmU', undefined, 'a missing pad'],
  ['Basic YWxpY2U6c2VjcmV0=', undefined, 'an extra pad'],
  ['Basic YWxpY2U6c2VjcmV0==', undefined, 'a quad of pads'],
  ['Basic YWxpY2U6====', undefined, 'a pad-only quad'],
  ['Basic YQ==YQ==', undefined, 'pads inside'],
  ['Basic YWxpY2U6YW=j', undefined, 'a pad inside the last quad'],
  ['Basic YWxp Y2U6c2VjcmV0', undefined, 'a space inside'],
  ['Basic YWxpY2U6c2Vj-_V0', undefined, 'the URL-safe alphabet'],
  ['Basic YWxpY2U6c2VjcmV0%', undefined, 'a character outside base64'],
  [`Basic "${ALICE}"`, undefined, 'quotes'],
  ['Basic YWxpY2U6YR==', ['alice', 'a'], 'leftover bits are ignored'],
  ['Basic YWxpY2U6YWJ=', ['alice', 'ab'], 'leftover bits before one pad'],
  ['Basic YWxpY2U6YWJjZ===', ['alice', 'abc'], 'three pads: the last character makes no byte'],
  ['Basic YWxpY2U6A===', ['alice', ''], 'a lone character with three pads'],
  ['Basic Y===', undefined, 'nothing but a lone character'],
  ['Basic YWxpY2U6AAAA', ['alice', ''], 'NULs only'],
];

t.test('parseBasicAuthorization reads what HAProxy reads', async (t) => {
  for (const [value, expected, why] of CASES) {
    const r = parseBasicAuthorization(value);
    t.same(r === undefined ? undefined : [r.user, r.password], expected, `${why}: ${JSON.stringify(value)}`);
  }
});

t.test('basicChallenge: the realm verbatim, else the proxy name', async (t) => {
  t.equal(basicChallenge('X', 'fe'), 'Basic realm="X"');
  t.equal(basicChallenge(undefined, 'fe2'), 'Basic realm="fe2"');
  t.equal(basicChallenge('a"b c\\\\d', 'fe'), 'Basic realm="a"b c\\\\d"', 'no escaping');
  t.equal(basicChallenge('r\u00e9alm', 'fe'), 'Basic realm="r\u00c3\u00a9alm"', 'UTF-8 bytes of the configuration, one character each');
});
