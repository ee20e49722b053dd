/**
 * Cryptographic converters (configuration manual 7.3.1): sha1, sha2,
 * digest, hmac and aes_gcm_dec, with node:crypto (OpenSSL, as HAProxy).
 *
 * digest and hmac take an OpenSSL digest name, checked at load time.
 * Keys, nonces and tags are base64 text decoded at load time, or variables
 * holding base64 text decoded per call (no sample when it is not base64).
 * aes_gcm_dec gives no sample when the tag does not verify. As OpenSSL in
 * HAProxy, it checks a tag of 1 to 16 bytes against as many bytes of the
 * computed one, and uses the first <bits>/8 bytes of a longer key. A
 * shorter key, which HAProxy completes with whatever follows it in memory,
 * and an empty nonce give no sample.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, timingSafeEqual, type CipherGCMTypes } from 'node:crypto';
import { castSample } from '../sample/sample.js';
import { isVariableName, type Args, type Variables } from './args.js';
import { bin, define } from './definition.js';
import { b64decode } from './encoding.js';
import type { ConverterSpec } from './types.js';

/** A digest name OpenSSL knows, or a load-time error. */
function digestName(args: Args): string {
  const name = args.str(0);
  try {
    createHash(name);
  } catch {
    throw args.error(`'${name}' is not an OpenSSL message digest name`);
  }
  return name;
}

/** A base64 argument: its bytes, or how to read them per call from a variable (undefined: not set or not base64). */
type Secret = Buffer | ((context: unknown) => Buffer | undefined);

function secret(args: Args, i: number, what: string, variables: Variables): Secret {
  const text = args.str(i);
  if (isVariableName(text)) {
    const read = variables.reader(text);
    return (context) => {
      const v = read(context);
      const s = v === undefined ? undefined : castSample(v, 'str');
      return s?.type === 'str' ? b64decode(s.value) : undefined;
    };
  }
  const bytes = b64decode(text);
  if (bytes === undefined) throw args.error(`the ${what} must be base64 text or a variable name, got '${text}'`);
  return bytes;
}

const valueOf = (s: Secret, context: unknown): Buffer | undefined => (typeof s === 'function' ? s(context) : s);

const SHA2_BITS = [224n, 256n, 384n, 512n];

/** Tag lengths Node's GCM decipher verifies itself; other lengths from 1 to 16 are checked by hand. */
const NODE_TAG_LENGTHS = [4, 8, 12, 13, 14, 15, 16];

/** AES-GCM decryption with OpenSSL's rules for the tag and key lengths; undefined when it does not verify. */
function gcmDecrypt(cipher: CipherGCMTypes, keyLength: number, key: Buffer, nonce: Buffer, tag: Buffer, data: Buffer): Buffer | undefined {
  if (key.length < keyLength || nonce.length === 0 || tag.length === 0 || tag.length > 16) return undefined;
  const k = key.subarray(0, keyLength);
  try {
    if (NODE_TAG_LENGTHS.includes(tag.length)) {
      const d = createDecipheriv(cipher, k, nonce, { authTagLength: tag.length });
      d.setAuthTag(tag);
      return Buffer.concat([d.update(data), d.final()]);
    }
    // GCM is a stream cipher: decrypt without checking, then encrypt again for the full tag.
    const plain = createDecipheriv(cipher, k, nonce).update(data);
    const e = createCipheriv(cipher, k, nonce);
    e.update(plain);
    e.final();
    return timingSafeEqual(e.getAuthTag().subarray(0, tag.length), tag) ? plain : undefined;
  } catch {
    return undefined;
  }
}

export const CRYPTO_CONVERTERS: readonly ConverterSpec[] = [
  define({ name: 'sha1', in: 'bin', out: 'bin', build: () => (b) => bin(createHash('sha1').update(b).digest()) }),
  define({
    name: 'sha2',
    in: 'bin',
    out: 'bin',
    args: { kinds: ['int'], min: 0 },
    build(args) {
      const bits = args.int(0) ?? 256n;
      if (!SHA2_BITS.includes(bits)) throw args.error(`unsupported number of bits ${bits} (224, 256, 384 or 512)`);
      const algorithm = `sha${bits}`;
      return (b) => bin(createHash(algorithm).update(b).digest());
    },
  }),
  define({
    name: 'digest',
    in: 'bin',
    out: 'bin',
    args: { kinds: ['str'], min: 1 },
    build(args) {
      const algorithm = digestName(args);
      return (b) => bin(createHash(algorithm).update(b).digest());
    },
  }),
  define({
    name: 'hmac',
    in: 'bin',
    out: 'bin',
    args: { kinds: ['str', 'str'], min: 2 },
    build(args, variables) {
      const algorithm = digestName(args);
      const key = secret(args, 1, 'key', variables);
      return (b, context) => {
        const k = valueOf(key, context);
        return k === undefined ? undefined : bin(createHmac(algorithm, k).update(b).digest());
      };
    },
  }),
  define({
    name: 'aes_gcm_dec',
    in: 'bin',
    out: 'bin',
    args: { kinds: ['int', 'str', 'str', 'str'], min: 4 },
    build(args, variables) {
      const bits = args.int(0);
      if (bits !== 128n && bits !== 192n && bits !== 256n) throw args.error(`the key size must be 128, 192 or 256 bits, got ${bits}`);
      const cipher: CipherGCMTypes = bits === 128n ? 'aes-128-gcm' : bits === 192n ? 'aes-192-gcm' : 'aes-256-gcm';
      const keyLength = Number(bits) / 8;
      const nonce = secret(args, 1, 'nonce', variables);
      const key = secret(args, 2, 'key', variables);
      const tag = secret(args, 3, 'tag', variables);
      return (b, context) => {
        const n = valueOf(nonce, context);
        const k = valueOf(key, context);
        const t = valueOf(tag, context);
        if (n === undefined || k === undefined || t === undefined) return undefined;
        const plain = gcmDecrypt(cipher, keyLength, k, n, t, b);
        return plain === undefined ? undefined : bin(plain);
      };
    },
  }),
];
