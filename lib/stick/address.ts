/**
 * IPv4 and IPv6 addresses as stick-table keys see them: the text forms HAProxy
 * parses (its lenient dotted-quad reader for string → ip casts and Runtime API
 * keys, inet_pton for IPv6) and the one it prints (glibc's inet_ntop, which
 * Node's socket addresses also follow), to and from the bytes that order the
 * table's tree.
 */

/**
 * HAProxy's reading of a dotted quad (the `str` → `ip` cast, `key <k>` of the
 * Runtime API): four decimal octets of at most 255, leading zeros allowed,
 * stopping at the first byte that is neither a digit nor a dot
 * (`010.1.1.1x` is 10.1.1.1). Returns the canonical dotted text.
 */
export function readIPv4(text: string): string | undefined {
  const octets = [0, 0, 0, 0];
  let count = 0;
  let inOctet = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (!inOctet) {
        if (++count > 4) return undefined;
        inOctet = true;
      }
      const v = (octets[count - 1] as number) * 10 + (c - 48);
      if (v > 255) return undefined;
      octets[count - 1] = v;
    } else if (c === 46) {
      if (!inOctet || count === 4) return undefined;
      inOctet = false;
    } else break;
  }
  return count === 4 ? octets.join('.') : undefined;
}

/** inet_pton's strict dotted quad from `start` to the end (inside IPv6 text): no leading zeros. */
function strictIPv4(text: string, start: number, words: number[]): boolean {
  let value = 0;
  let digits = 0;
  let octets = 0;
  let pair = 0;
  for (let i = start; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c >= 48 && c <= 57) {
      if (digits === 1 && value === 0) return false;
      value = value * 10 + (c - 48);
      if (value > 255) return false;
      digits++;
    } else if (c === 46 && digits > 0 && octets < 4) {
      pair = (pair << 8) | value;
      if (++octets % 2 === 0) {
        words.push(pair);
        pair = 0;
      }
      value = 0;
      digits = 0;
    } else return false;
  }
  return octets === 4;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/**
 * inet_pton(AF_INET6): the eight 16-bit words of an IPv6 text, or undefined.
 * Groups of 1 to 4 hex digits, one `::` for one or more zero words, and an
 * optional dotted quad for the last two words.
 */
export function parseIPv6(text: string): number[] | undefined {
  const words: number[] = [];
  const n = text.length;
  let gap = -1;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return undefined;
    gap = 0;
    i = 2;
  }
  while (i < n) {
    const start = i;
    let value = 0;
    for (let h = hexDigit(text.charCodeAt(i)); h >= 0 && i - start < 5; h = hexDigit(text.charCodeAt(++i))) value = value * 16 + h;
    if (text.charCodeAt(i) === 46) {
      if (words.length > 6 || !strictIPv4(text, start, words)) return undefined;
      break;
    }
    if (i === start || i - start > 4 || words.length === 8) return undefined;
    words.push(value);
    if (i === n) break;
    if (text.charCodeAt(i) !== 58 || ++i === n) return undefined;
    if (text.charCodeAt(i) === 58) {
      if (gap >= 0) return undefined;
      gap = words.length;
      i++;
    }
  }
  if (gap < 0) return words.length === 8 ? words : undefined;
  // `::` stands for at least one zero word.
  if (words.length > 7) return undefined;
  words.splice(gap, 0, ...new Array<number>(8 - words.length).fill(0));
  return words;
}

/**
 * glibc's inet_ntop(AF_INET6): lowercase hex without leading zeros, the first
 * longest run of two or more zero words as `::`, and the last 32 bits dotted
 * for IPv4-mapped (`::ffff:1.2.3.4`) and IPv4-compatible (`::1.2.3.4`) forms.
 */
export function formatIPv6(words: readonly number[]): string {
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) best = -1;
  if (best === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
    const w6 = words[6] as number;
    const w7 = words[7] as number;
    return `::${bestLen === 5 ? 'ffff:' : ''}${w6 >> 8}.${w6 & 255}.${w7 >> 8}.${w7 & 255}`;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (best >= 0 && i >= best && i < best + bestLen) {
      if (i === best) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    out += (words[i] as number).toString(16);
  }
  return best >= 0 && best + bestLen === 8 ? `${out}:` : out;
}

/** The four bytes of a canonical dotted quad, in network order. */
export function ipv4Bytes(dotted: string): Buffer {
  return Buffer.from(dotted.split('.').map(Number));
}

/** The sixteen bytes of eight words, in network order. */
export function ipv6Bytes(words: readonly number[]): Buffer {
  const b = Buffer.alloc(16);
  words.forEach((w, i) => b.writeUInt16BE(w, i * 2));
  return b;
}
