/**
 * Address text → bytes, with the C library's rules HAProxy relies on for
 * address patterns (manual 7.1.6) and address samples:
 *
 * - IPv4 as inet_pton reads it: exactly four decimal numbers 0-255, no
 *   leading zeros (`10.0.0.1`).
 * - the numeric forms the resolver reads through inet_aton (only when DNS
 *   is allowed, i.e. without -n): one to four numbers of digits, the last
 *   one filling the remaining bytes (`127.1` = 127.0.0.1, `10` = 0.0.0.10),
 *   a leading 0 meaning octal (`010.0.0.1` = 8.0.0.1).
 * - IPv6 as inet_pton reads it: hex groups of up to four digits, one `::`
 *   standing for at least one zero group, an optional dotted IPv4 tail; no
 *   zone (`%eth0`).
 */

/**
 * Dotted-quad IPv4 (inet_pton) from `from` to the end of `text`: the
 * address as an unsigned 32-bit number.
 */
export function parseIpv4(text: string, from = 0): number | undefined {
  let n = 0;
  let octet = 0;
  let digits = 0;
  let octets = 0;
  for (let i = from; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x2e;
    if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && octet === 0) return undefined;
      octet = octet * 10 + (c - 0x30);
      if (octet > 255) return undefined;
      digits++;
    } else if (c === 0x2e && digits > 0 && octets < 4) {
      n = n * 256 + octet;
      octets++;
      octet = 0;
      digits = 0;
    } else {
      return undefined;
    }
  }
  return octets === 4 ? n : undefined;
}

/** One inet_aton number: decimal, or octal after a leading 0 (only digits reach here). */
function atonPart(p: string): number | undefined {
  if (p === '') return undefined;
  if (p.length > 1 && p.startsWith('0')) return /^[0-7]+$/.test(p) ? parseInt(p, 8) : undefined;
  return Number(p);
}

/** The numeric host names the resolver turns into an IPv4 address (inet_aton on digits and dots). */
export function parseIpv4Numeric(text: string): number | undefined {
  if (!/^\d[\d.]*$/.test(text) || text.endsWith('.')) return undefined;
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  let n = 0;
  for (let i = 0; i < parts.length - 1; i++) {
    const v = atonPart(parts[i] as string);
    if (v === undefined || v > 255) return undefined;
    n = n * 256 + v;
  }
  const last = atonPart(parts[parts.length - 1] as string);
  const room = 4 - (parts.length - 1);
  if (last === undefined || last >= 256 ** room) return undefined;
  return n * 256 ** room + last;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** IPv6 (inet_pton) into the 16 bytes of `out`; false when the text is not one. */
export function parseIpv6(text: string, out: Uint8Array): boolean {
  out.fill(0);
  let i = 0;
  if (text.length === 0) return false;
  if (text[0] === ':') {
    if (text[1] !== ':') return false;
    i = 1;
  }
  let at = 0;
  let gap = -1;
  let digits = 0;
  let group = 0;
  let token = i;
  while (i < text.length) {
    const ch = text.charCodeAt(i++);
    const hex = hexValue(ch);
    if (hex >= 0) {
      if (digits === 4) return false;
      group = (group << 4) | hex;
      digits++;
      continue;
    }
    if (ch === 0x3a) {
      token = i;
      if (digits === 0) {
        if (gap >= 0) return false;
        gap = at;
        continue;
      }
      if (i === text.length || at + 2 > 16) return false;
      out[at++] = group >> 8;
      out[at++] = group & 0xff;
      digits = 0;
      group = 0;
      continue;
    }
    if (ch === 0x2e && at + 4 <= 16) {
      const v4 = parseIpv4(text, token);
      if (v4 === undefined) return false;
      out[at++] = v4 >>> 24;
      out[at++] = (v4 >>> 16) & 0xff;
      out[at++] = (v4 >>> 8) & 0xff;
      out[at++] = v4 & 0xff;
      digits = 0;
      break;
    }
    return false;
  }
  if (digits > 0) {
    if (at + 2 > 16) return false;
    out[at++] = group >> 8;
    out[at++] = group & 0xff;
  }
  if (gap >= 0) {
    // '::' must stand for at least one zero group.
    if (at === 16) return false;
    const moved = at - gap;
    out.copyWithin(16 - moved, gap, at);
    out.fill(0, gap, 16 - moved);
    at = 16;
  }
  return at === 16;
}

/**
 * A mask length after '/', read as strtol does: optional leading spaces,
 * an optional sign, decimal digits and nothing else; 0..max ("-0" is 0).
 */
export function parseMaskLength(text: string, max: number): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[2]);
  if (m[1] === '-' && n !== 0) return undefined;
  return n <= max ? n : undefined;
}

/** The bytes of an IPv4 number into the first four bytes of `out`. */
export function ipv4Bytes(n: number, out: Uint8Array): Uint8Array {
  out[0] = n >>> 24;
  out[1] = (n >>> 16) & 0xff;
  out[2] = (n >>> 8) & 0xff;
  out[3] = n & 0xff;
  return out;
}
