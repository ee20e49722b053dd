/**
 * What `req.ssl_sni` and `req.ssl_hello_type` (configuration manual 7.3.5)
 * read in the first bytes of a TLS connection, with HAProxy 2.6's checks:
 * 'short' when the bytes so far cannot tell yet, undefined when they are
 * not what the fetch looks for.
 *
 *   record: 0x16 | version (2) | length (2) | handshake: type 1 | length (3)
 *           | client version (2) | random (32) | session id | ciphers
 *           | compression | extensions … server_name (type 0): list length (2)
 *           | name type 0 | name length (2) | host name
 */
export type HelloAnswer<T> = T | 'short' | undefined;

const u16 = (b: Buffer, i: number): number => ((b[i] as number) << 8) + (b[i + 1] as number);

/** The handshake type of a complete SSLv3+ record (1: ClientHello). */
export function helloType(b: Buffer): HelloAnswer<number> {
  if (b.length === 0) return 'short';
  const first = b[0] as number;
  if (!((first >= 0x14 && first <= 0x17) || first === 0xff)) return undefined;
  if (b.length < 9) return 'short';
  if (((b[1] as number) << 16) + (b[2] as number) < 0x030000) return undefined;
  if (u16(b, 3) < 4) return undefined;
  const hsLength = ((b[6] as number) << 16) + ((b[7] as number) << 8) + (b[8] as number);
  if (b.length < hsLength + 9) return 'short';
  return b[5] as number;
}

/** The host name of the server_name extension of a TLS ClientHello. */
export function helloServerName(b: Buffer): HelloAnswer<string> {
  if (b.length === 0) return 'short';
  if (b[0] !== 0x16) return undefined;
  if (b.length < 3) return 'short';
  if ((b[1] as number) < 0x03) return undefined;
  if (b.length < 5) return 'short';
  // Too short to hold an extension.
  if (u16(b, 3) < 1 + 3 + 2 + 32 + 1 + 2 + 2 + 1 + 1 + 2 + 2) return undefined;
  let left = b.length - 5;
  let at = 5;
  if (left < 1) return 'short';
  if (b[at] !== 0x01) return undefined;
  if (left < 4) return 'short';
  let hs = ((b[at + 1] as number) << 16) + ((b[at + 2] as number) << 8) + (b[at + 3] as number);
  if (hs < 2 + 32 + 1 + 2 + 2 + 1 + 1 + 2 + 2) return undefined;
  // HAProxy compares what follows the record header with the handshake body's length.
  if (left < hs) return 'short';
  at += 4;
  if ((b[at] as number) < 0x03 || (b[at + 1] as number) < 0x01) return undefined;
  let len = b[at + 34] as number;
  if (len > 32 || len > hs - 35) return undefined;
  hs -= 35 + len;
  at += 35 + len;
  if (hs < 4) return undefined;
  len = u16(b, at);
  if (len < 2 || len > hs) return undefined;
  hs -= 2 + len;
  at += 2 + len;
  const methods = b[at] as number;
  if (hs < 2 || methods < 1 || methods > hs) return undefined;
  hs -= 1 + methods;
  at += 1 + methods;
  if (hs < 2) return undefined;
  len = u16(b, at);
  if (len > hs - 2) return undefined;
  left = len;
  at += 2;
  while (left >= 4) {
    const type = u16(b, at);
    const extLength = u16(b, at + 2);
    if (extLength > left - 4) return undefined;
    if (type === 0) {
      if (extLength < 2) return undefined;
      const list = u16(b, at + 4);
      if (list < 4 || list > left - 6) return undefined;
      if (b[at + 6] === 0) return b.toString('latin1', at + 9, at + 9 + u16(b, at + 7));
    }
    left -= 4 + extLength;
    at += 4 + extLength;
  }
  return undefined;
}
