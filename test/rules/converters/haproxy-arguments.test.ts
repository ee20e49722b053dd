/**
 * Converter arguments against the real HAProxy 2.6 at load time: each
 * expression is checked with `haproxy -c` in a configuration of its own,
 * and compile() must refuse exactly what HAProxy refuses. The keyword
 * list of the binary (`haproxy -dKcnv`) is compared with the registry's
 * input and output types.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { converter, IMPLEMENTED_CONVERTERS } from '../../../lib/rules/converters/registry.js';

const run = promisify(execFile);

/** The fetch that gives each converter an input of its type. */
const FETCH: Readonly<Record<string, string>> = { str: 'str(a)', bin: 'bin(00)', int: 'int(1)', bool: 'bool(1)', ip: 'src' };

/** Converter calls as written after the fetch: name, then the parenthesised arguments if any (no quotes needed). */
const CALLS = `
lower
lower()
lower(1)
lower(,)
upper(x)
length
add
add()
add(-)
add(+)
add(+5)
add(5x)
add(txn)
add(txn.)
add(txn.a-b)
add(txn.a.b)
add(txn..)
add(txn._)
add(TXN.x)
add(foo.x)
add(99999999999999999999999)
add(1,2)
add(0x10)
add(check.x)
add(proc.x)
add(sess.x)
add(req.x)
add(res.x)
sub(-9223372036854775809)
mul(txn.x)
div(1.5)
mod(2)
and(-1)
or(txn.x)
xor(1e3)
neg(1)
cpl
bool()
not
odd
even(2)
field(1,_)
field(0,_)
field(-0,_)
field(+,_)
field(-,_)
field(1,)
field(1,_,)
field(,_)
field(x,_)
field(1x,_)
field(+1,_)
field(99999999999999999999,_)
field(1)
field(1,_,2,3)
field(1,_,-5)
field(1,_,,)
word(0,_)
word(1,)
word(-1,_,0)
ltrim
ltrim()
ltrim(ab)
ltrim(a,b)
rtrim(ab)
cut_crlf
cut_crlf(1)
regsub(a,b)
regsub(a,b,x)
regsub(a,b,gi)
regsub(a,b,ig)
regsub(a,b,gg)
regsub(a,b,)
regsub(a,b,G)
regsub(a)
regsub(,b)
regsub([,b)
regsub(a,b,g,h)
concat
concat()
concat(a)
concat(a,txn.b,c)
concat(a,b,c)
concat(a,,c)
concat(a,b)
concat(,,)
concat(a,b,c,d)
add_item(;)
add_item(;,)
add_item(;,,)
add_item(;,,x)
add_item(;,txn.x)
add_item(;,x,y)
add_item(;,txn.x,y,z)
strcmp(txn.x)
strcmp(x)
strcmp()
strcmp
strcmp(txn.x,y)
secure_memcmp(txn.x)
secure_memcmp(x)
secure_memcmp()
iif(a,b)
iif(a)
iif(,)
iif(a,b,c)
language(en)
language()
language(en,fr)
language(a,b,c)
json
json()
json(utf8)
json(UTF8)
json(x)
json(ascii)
json(utf8s)
json(utf8p)
json(utf8ps)
json(,)
url_enc
url_enc()
url_enc(query)
url_enc(Query)
url_enc(path)
url_enc(,)
url_dec
url_dec()
url_dec(1)
url_dec(x)
url_dec(,)
url_dec(1,)
base64
base64(1)
b64dec
ub64enc
ub64dec
hex
hex2i
hex2i(1)
bytes
bytes()
bytes(1)
bytes(x)
bytes(-1)
bytes(1,-1)
bytes(,1)
bytes(1,)
bytes(1,2,3)
be2dec
be2dec(:)
be2dec(:,0)
be2dec(:,9)
be2dec(:,8)
be2dec(:,2,2)
be2dec(:,2,1)
be2dec(,2)
be2dec(,1,)
be2dec(,1,-1)
be2hex
be2hex()
be2hex(:)
be2hex(:,0)
be2hex(,0,1)
be2hex(,0)
be2hex(,-1)
be2hex(:,-1)
be2hex(:,2,2)
be2hex(,,1)
be2hex(,,)
be2hex(,)
be2hex(,1,-1)
htonl
ipmask(24)
ipmask(33)
ipmask(-1)
ipmask(-0)
ipmask(+24)
ipmask(0)
ipmask(32)
ipmask(255.255.0.255)
ipmask(255.255.0)
ipmask(01.2.3.4)
ipmask(1.2.3.4.5)
ipmask(255.255.255.256)
ipmask(1e1)
ipmask(24,64)
ipmask(24,129)
ipmask(24,128)
ipmask(24,0)
ipmask(24,+64)
ipmask(24,-0)
ipmask(24,ffff::)
ipmask(24,::)
ipmask(24,ffff:)
ipmask(24,0x40)
ipmask(24,::ffff:255.255.255.0)
ipmask(24,1.2.3.4)
ipmask()
ipmask
ipmask(,64)
ipmask(24,)
ipmask(24,64,1)
host_only
port_only
crc32
crc32()
crc32(1)
crc32(2)
crc32(x)
crc32(,)
crc32c(1)
djb2(0)
sdbm(1)
wt6(x)
xxh32(-1)
xxh32()
xxh64(99999999999999999999)
xxh3(1)
xxh3(a)
sha1
sha1(1)
sha2
sha2()
sha2(1)
sha2(0)
sha2(224)
sha2(384)
sha2(512)
sha2(,)
digest(sha256)
digest(SHA256)
digest(md5)
digest(nope)
digest()
digest(sha3-256)
digest(blake2b512)
digest(sha-256)
digest(SHA2-256)
digest(sm3)
digest(md5-sha1)
digest(shake128)
digest(ripemd160)
digest(RSA-SHA256)
digest(mdc2)
hmac(sha256,Zm9v)
hmac(sha256,txn.k)
hmac(sha256,!!!)
hmac(sha256,Zm9)
hmac(sha256,)
hmac(nope,Zm9v)
hmac(,Zm9v)
hmac(sha256)
hmac(sha256,Zm9v,x)
aes_gcm_dec(128,Zm9v,Zm9v,Zm9v)
aes_gcm_dec(192,Zm9v,Zm9v,txn.x)
aes_gcm_dec(256,Zm9v,txn.k,Zm9v)
aes_gcm_dec(129,Zm9v,Zm9v,Zm9v)
aes_gcm_dec(128,txn.n,Zm9v,Zm9v)
aes_gcm_dec(128,!,Zm9v,Zm9v)
aes_gcm_dec(128,,Zm9v,Zm9v)
aes_gcm_dec(128,Zm9v,Zm9v)
aes_gcm_dec(,Zm9v,Zm9v,Zm9v)
aes_gcm_dec(128,Zm9v,Zm9v,Zm9)
ltime
ltime()
ltime(%Y)
ltime(%Y,1)
ltime(%Y,x)
ltime(%Y,)
ltime(,)
utime(%Y,1,2)
utime(%d)
http_date
http_date()
http_date(1)
http_date(,ms)
http_date(1,ms)
http_date(1,us)
http_date(1,s)
http_date(1,ns)
http_date(1,S)
http_date(1,)
http_date(,)
http_date(x)
`
  .trim()
  .split('\n');

/** The converter name and arguments of a call as tslb receives them. */
function parse(call: string): { name: string; args: string[] } {
  const open = call.indexOf('(');
  if (open < 0) return { name: call, args: [] };
  return { name: call.slice(0, open), args: call.slice(open + 1, -1).split(',') };
}

async function haproxyAccepts(dir: string, i: number, expr: string): Promise<boolean> {
  const file = join(dir, `${i}.cfg`);
  writeFileSync(file, `defaults\n  mode http\nfrontend f\n  bind 127.0.0.1:1\n  http-request set-var(txn.r) '${expr}'\n`);
  try {
    await run('haproxy', ['-c', '-q', '-f', file]);
    return true;
  } catch {
    return false;
  }
}

t.test('compile() refuses exactly the arguments haproxy -c refuses', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'tslb-conv-args-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const verdicts = new Array<boolean>(CALLS.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < CALLS.length) {
        const i = next++;
        const { name } = parse(CALLS[i] as string);
        const spec = converter(name);
        if (spec === undefined) throw new Error(`no converter '${name}'`);
        verdicts[i] = await haproxyAccepts(dir, i, `${FETCH[spec.in]},${CALLS[i]}`);
      }
    }),
  );
  let accepted = 0;
  CALLS.forEach((call, i) => {
    const { name, args } = parse(call);
    let error: string | undefined;
    try {
      converter(name)?.compile(args, { variable: () => () => undefined });
    } catch (err) {
      error = (err as Error).message;
    }
    if (verdicts[i]) accepted++;
    t.equal(error === undefined, verdicts[i], `${call}: haproxy ${verdicts[i] ? 'accepts' : 'refuses'}${error === undefined ? '' : `; tslb: ${error}`}`);
  });
  t.comment(`${CALLS.length} calls, ${accepted} accepted by haproxy`);
});

/** `haproxy -dKcnv` lines: "name(args): out => in" with HAProxy's type names. */
t.test('input and output types are those of haproxy -dKcnv', async (t) => {
  // The list is printed, then the run ends with exit code 2 (nothing to start), which execFile reports as an error.
  const stdout = await run('haproxy', ['-dKcnv', '-q', '-c', '-f', '/dev/null']).then(
    (r) => r.stdout,
    (err: { stdout?: string }) => err.stdout ?? '',
  );
  t.ok(stdout.includes('=>'), 'haproxy printed its converter list');
  const types = new Map<string, { out: string; in: string }>();
  for (const line of stdout.split('\n')) {
    const m = /^(\S+?)(?:\(.*\))?: (\S+) => (\S+)$/.exec(line);
    if (m) types.set(m[1] as string, { out: m[2] as string, in: m[3] as string });
  }
  const tslbType = (haproxy: string): string => ({ sint: 'int', ipv4: 'ip', ipv6: 'ip', addr: 'ip' })[haproxy] ?? haproxy;
  for (const name of IMPLEMENTED_CONVERTERS) {
    const spec = converter(name);
    const h = types.get(name);
    t.ok(h, `${name} is a converter of haproxy 2.6`);
    if (spec === undefined || h === undefined) continue;
    t.equal(spec.in, tslbType(h.in), `${name} input type`);
    t.equal(spec.out, tslbType(h.out), `${name} output type`);
  }
});
