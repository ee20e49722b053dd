import t from 'tap';
import { CONVERTERS } from '../../../lib/config/keywords/haproxy-catalogue.js';
import { CONVERTER_TYPES } from '../../../lib/config/keywords/sample-types.js';
import { converter, ConverterArgumentError, IMPLEMENTED_CONVERTERS } from '../../../lib/rules/converters/registry.js';
import type { Sample } from '../../../lib/rules/sample/sample.js';

const IMPLEMENTED = `add add_item aes_gcm_dec and b64dec base64 be2dec be2hex bool bytes concat cpl crc32 crc32c cut_crlf digest div djb2
even field hex hex2i hmac host_only htonl http_date iif in_table ipmask json language length lower ltime ltrim map
map_beg map_beg_int map_beg_ip map_dir map_dir_int map_dir_ip map_dom map_dom_int map_dom_ip map_end map_end_int
map_end_ip map_int map_int_int map_int_ip map_ip map_ip_int map_ip_ip map_reg map_reg_int map_reg_ip map_regm map_str
map_str_int map_str_ip map_sub map_sub_int map_sub_ip mod mul neg not odd or port_only regsub rtrim sdbm secure_memcmp
sha1 sha2 strcmp sub table_bytes_in_rate table_bytes_out_rate table_conn_cnt table_conn_cur table_conn_rate
table_expire table_gpc table_gpc0 table_gpc0_rate table_gpc1 table_gpc1_rate table_gpc_rate table_gpt table_gpt0
table_http_err_cnt table_http_err_rate table_http_fail_cnt table_http_fail_rate table_http_req_cnt table_http_req_rate
table_idle table_kbytes_in table_kbytes_out table_server_id table_sess_cnt table_sess_rate table_trackers ub64dec
ub64enc upper url_dec url_enc utime word wt6 xor xxh3 xxh32 xxh64`.split(/\s+/);

t.test('the implemented converters are HAProxy 2.6 converters with their output types', async (t) => {
  t.same([...IMPLEMENTED_CONVERTERS].sort(), IMPLEMENTED);
  for (const name of IMPLEMENTED_CONVERTERS) {
    t.ok(CONVERTERS.includes(name), `${name} is in the catalogue`);
    t.equal(converter(name)?.name, name);
    t.equal(converter(name)?.out, CONVERTER_TYPES.get(name), `${name} output type`);
  }
});

t.test('converters that need state or other modules are not here', async (t) => {
  for (const name of ['set-var', 'unset-var', 'debug', 'ungrpc', 'protobuf', 'capture-req', 'nbsrv', 'srv_queue', 'json_query', 'nope']) {
    t.equal(converter(name), undefined, name);
    t.notOk(IMPLEMENTED_CONVERTERS.has(name), name);
  }
});

t.test('the input is cast to the declared type first; no cast, no sample', async (t) => {
  const lower = converter('lower')?.compile([]);
  const add = converter('add')?.compile(['2']);
  const ipmask = converter('ipmask')?.compile(['24']);
  if (!lower || !add || !ipmask) throw new Error('missing converters');
  t.same(lower({ type: 'int', value: 12 }), { type: 'str', value: '12' });
  t.same(lower({ type: 'bool', value: true }), { type: 'str', value: '1' });
  t.same(add({ type: 'str', value: '40abc' }), { type: 'int', value: 42 });
  t.equal(add({ type: 'str', value: '' }), undefined, 'an empty string has no integer cast');
  t.equal(add({ type: 'ip', value: '::1' }), undefined, 'an IPv6 address has no integer cast');
  t.same(ipmask({ type: 'str', value: '10.1.2.3' }), { type: 'ip', value: '10.1.2.0' });
  t.equal(ipmask({ type: 'str', value: 'not an address' }), undefined);
});

t.test('conv and conv() are the same call', async (t) => {
  const run = (args: string[]): Sample | undefined => converter('add')?.compile(args)({ type: 'int', value: 5 });
  t.same(run([]), run(['']));
  t.same(run([]), { type: 'int', value: 5 });
});

t.test('argument errors name the converter', async (t) => {
  const err = t.throws(() => converter('field')?.compile(['0', '_']));
  t.ok(err instanceof ConverterArgumentError);
  t.equal((err as ConverterArgumentError).converter, 'field');
  t.match((err as Error).message, /^converter 'field': the index must not be 0/);
});

t.test('variables: read through the resolver, per call, with the caller context', async (t) => {
  const asked: string[] = [];
  const contexts: string[] = [];
  const values: Record<string, Sample> = { 'txn.x': { type: 'int', value: 10 }, 'txn.s': { type: 'str', value: 'abc' } };
  const variable = (name: string) => {
    asked.push(name);
    return (context: string): Sample | undefined => {
      contexts.push(context);
      return values[name];
    };
  };
  const add = converter('add')?.compile<string>(['txn.x'], { variable });
  const concat = converter('concat')?.compile<string>(['<', 'txn.s', '>'], { variable });
  const missing = converter('sub')?.compile<string>(['txn.none'], { variable });
  if (!add || !concat || !missing) throw new Error('missing converters');
  t.same(asked, ['txn.x', 'txn.s', 'txn.none'], 'each variable is resolved once, at load time');
  t.same(add({ type: 'int', value: 1 }, 'request 1'), { type: 'int', value: 11 });
  values['txn.x'] = { type: 'int', value: 20 };
  t.same(add({ type: 'int', value: 1 }, 'request 2'), { type: 'int', value: 21 }, 'read again per call');
  t.same(concat({ type: 'str', value: 'v' }, 'request 3'), { type: 'str', value: 'v<abc>' });
  t.equal(missing({ type: 'int', value: 1 }, 'request 4'), undefined, 'an unset variable operand gives no sample');
  t.same(contexts, ['request 1', 'request 2', 'request 3', 'request 4']);
});

t.test('without a resolver, variable arguments are refused at load time', async (t) => {
  for (const [name, args] of [['add', ['txn.x']], ['concat', ['', 'txn.x']], ['strcmp', ['txn.x']], ['hmac', ['sha256', 'txn.k']], ['aes_gcm_dec', ['128', 'txn.n', 'Zm9v', 'Zm9v']]] as const) {
    t.throws(() => converter(name)?.compile([...args]), /variables need the rule engine/, name);
  }
  t.doesNotThrow(() => converter('concat')?.compile(['a', '', 'b']), 'no variable, no resolver needed');
});
