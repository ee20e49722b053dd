/**
 * Streaming validator of a chunked body (RFC 9112 §7.1), re-exported by
 * parser.ts. It never copies a data byte: chunk data is skipped by count,
 * and only the size lines, the CRLFs and the trailer section are looked at
 * byte by byte, through a small state machine (no regex, no string built).
 *
 *   chunked-body = *chunk last-chunk trailer-section CRLF
 *   chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 *   chunk-ext    = *( ";" name [ "=" ( token / quoted-string ) ] )
 *
 * Strictness, verified against HAProxy 2.6.12 and llhttp (Node 20) on
 * loopback (test/http/smuggling.test.ts):
 *   - chunk extensions are allowed (both accept `1;foo=bar`, `1;foo`,
 *     `1;foo="b r"`), but without whitespace: llhttp refuses `1 ;foo`,
 *     `1; foo`, `1;foo = bar` and an empty `1;` (HAProxy accepts them), and
 *     with no CTL in a value (llhttp refuses, HAProxy accepts);
 *   - SP or HTAB after the size (`1 `): llhttp refuses, HAProxy accepts;
 *   - `-1`, `+1`, `0x10`, ` 1`, an empty size, a non-hex digit: both refuse;
 *   - bare LF after the size, after the data or ending the body: llhttp
 *     refuses, HAProxy accepts; data longer than announced: both refuse;
 *   - trailer fields follow the header-field rules (token name, no space
 *     before the colon, no obs-fold, no CTL, CRLF): llhttp refuses each,
 *     HAProxy forwards them. Content-Length in the trailers: llhttp refuses;
 *     tslb refuses the framing and routing fields Content-Length,
 *     Transfer-Encoding and Host (RFC 9110 §6.5.1).
 *   - sizes: 0-prefixed sizes are accepted by both; a size above 2^53 - 1
 *     is refused (HAProxy refuses `ffffffffffffffff`, llhttp waits for the
 *     data), as is a size line of more than 16 hex digits (both accept 21
 *     digits of leading zeros: tslb is stricter).
 */
import type { HeadError, HeadLimits } from './parser.js';
import { CR, FIELD_VALUE, HEX, LF, QDTEXT, TOKEN } from './tokens.js';

// States. Plain numbers: a switch on small integers is the fastest dispatch.
const SIZE_FIRST = 0; // first hex digit of a chunk-size
const SIZE = 1; // further hex digits, ';' or CR
const EXT_NAME_FIRST = 2; // after ';'
const EXT_NAME = 3;
const EXT_VALUE_FIRST = 4; // after '='
const EXT_TOKEN = 5;
const EXT_QUOTED = 6;
const EXT_QUOTED_PAIR = 7; // after '\' inside a quoted-string
const EXT_AFTER_QUOTED = 8;
const SIZE_LF = 9;
const DATA = 10;
const DATA_CR = 11;
const DATA_LF = 12;
const TRAILER_FIRST = 13; // start of a trailer line, or CR of the final CRLF
const TRAILER_NAME = 14;
const TRAILER_VALUE = 15;
const TRAILER_LF = 16;
const END_LF = 17;
const DONE = 18;

const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const MAX_SIZE_DIGITS = 16;
const MAX_SIZE = Number.MAX_SAFE_INTEGER;

/** Trailer fields a sender must not generate (RFC 9110 §6.5.1): framing and routing. */
const FORBIDDEN_TRAILERS = ['content-length', 'transfer-encoding', 'host'].map((name) => Buffer.from(name, 'latin1'));
const ALL_FORBIDDEN = (1 << FORBIDDEN_TRAILERS.length) - 1;

/**
 * Validates a chunked body as its bytes stream through (RFC 9112 §7.1),
 * without copying them — except that trailer field names are lower-cased
 * in place, as HAProxy 2.6 forwards them (verified): push() returns how many bytes of `chunk` belong to
 * the body (the rest is the next message), or an error. Errors are final
 * (every later push returns the same error); HeadError.offset counts from
 * the first byte of the body. `status` is 400 (the client gets it when the
 * body is a request's; the data plane answers 502 for a response's).
 */
export class ChunkedParser {
  #state = SIZE_FIRST;
  /** Bytes of chunk data still to skip, or the size being read. */
  #size = 0;
  #digits = 0;
  /** Bytes of the current size line or trailer section, bounded by maxHeadSize. */
  #lineBytes = 0;
  #trailerLines = 0;
  /** Trailer name matching: bit i set while the name may still be FORBIDDEN_TRAILERS[i]. */
  #forbidden = 0;
  #nameLength = 0;
  /** Body bytes consumed by earlier push() calls. */
  #consumed = 0;
  /** Chunk data bytes seen (the payload, framing excluded). */
  #payload = 0;
  #error: HeadError | undefined = undefined;
  readonly #maxLine: number;
  readonly #maxTrailerLines: number;

  /**
   * Added: limits for size lines (with extensions) and the trailer section,
   * as for heads; the default is parser.ts's DEFAULT_HEAD_LIMITS (not
   * imported: parser.ts re-exports this file).
   */
  constructor(limits: HeadLimits = { maxHeadSize: 15360, maxHeaders: 101 }) {
    this.#maxLine = limits.maxHeadSize;
    this.#maxTrailerLines = limits.maxHeaders - 1;
  }

  /** True once the last chunk and the trailer section are complete. */
  get done(): boolean {
    return this.#state === DONE;
  }

  /** Added: the payload so far (chunk data, without sizes, extensions, CRLFs or trailers). */
  get payload(): number {
    return this.#payload;
  }

  /** Added: the error push() returned, if any. */
  get error(): HeadError | undefined {
    return this.#error;
  }

  push(chunk: Buffer): { readonly used: number } | { readonly error: HeadError } {
    if (this.#error) return { error: this.#error };
    const len = chunk.length;
    let i = 0;
    let state = this.#state;
    while (i < len && state !== DONE) {
      if (state === DATA) {
        const n = Math.min(this.#size, len - i);
        i += n;
        this.#size -= n;
        this.#payload += n;
        if (this.#size === 0) state = DATA_CR;
        continue;
      }
      const c = chunk[i]!;
      switch (state) {
        case SIZE_FIRST:
        case SIZE: {
          const h = HEX[c]!;
          if (h !== 255) {
            if (++this.#digits > MAX_SIZE_DIGITS) return this.#fail('chunk size too long', i);
            this.#size = this.#size * 16 + h;
            if (this.#size > MAX_SIZE) return this.#fail('chunk size too large', i);
            state = SIZE;
          } else if (state === SIZE_FIRST) {
            return this.#fail('invalid chunk size', i);
          } else if (c === SEMICOLON) {
            state = EXT_NAME_FIRST;
          } else if (c === CR) {
            state = SIZE_LF;
          } else {
            return this.#fail('invalid chunk size', i);
          }
          break;
        }
        case EXT_NAME_FIRST:
          if (TOKEN[c] !== 1) return this.#fail('invalid chunk extension', i);
          state = EXT_NAME;
          break;
        case EXT_NAME:
          if (TOKEN[c] === 1) break;
          if (c === EQUALS) state = EXT_VALUE_FIRST;
          else if (c === SEMICOLON) state = EXT_NAME_FIRST;
          else if (c === CR) state = SIZE_LF;
          else return this.#fail('invalid chunk extension', i);
          break;
        case EXT_VALUE_FIRST:
          if (c === DQUOTE) state = EXT_QUOTED;
          else if (TOKEN[c] === 1) state = EXT_TOKEN;
          else return this.#fail('invalid chunk extension value', i);
          break;
        case EXT_TOKEN:
          if (TOKEN[c] === 1) break;
          if (c === SEMICOLON) state = EXT_NAME_FIRST;
          else if (c === CR) state = SIZE_LF;
          else return this.#fail('invalid chunk extension value', i);
          break;
        case EXT_QUOTED:
          if (c === DQUOTE) state = EXT_AFTER_QUOTED;
          else if (c === BACKSLASH) state = EXT_QUOTED_PAIR;
          else if (QDTEXT[c] !== 1) return this.#fail('invalid chunk extension value', i);
          break;
        case EXT_QUOTED_PAIR:
          // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
          if (FIELD_VALUE[c] !== 1) return this.#fail('invalid chunk extension value', i);
          state = EXT_QUOTED;
          break;
        case EXT_AFTER_QUOTED:
          if (c === SEMICOLON) state = EXT_NAME_FIRST;
          else if (c === CR) state = SIZE_LF;
          else return this.#fail('invalid chunk extension value', i);
          break;
        case SIZE_LF:
          if (c !== LF) return this.#fail('bare CR in chunk size line', i);
          this.#lineBytes = 0;
          if (this.#size === 0) {
            state = TRAILER_FIRST;
          } else {
            state = DATA;
          }
          this.#digits = 0;
          break;
        case DATA_CR:
          if (c !== CR) return this.#fail('chunk data not followed by CRLF', i);
          state = DATA_LF;
          break;
        case DATA_LF:
          if (c !== LF) return this.#fail('chunk data not followed by CRLF', i);
          state = SIZE_FIRST;
          break;
        case TRAILER_FIRST:
          if (c === CR) {
            state = END_LF;
          } else if (TOKEN[c] === 1) {
            if (++this.#trailerLines > this.#maxTrailerLines) return this.#fail('too many trailer fields', i);
            this.#forbidden = ALL_FORBIDDEN;
            this.#nameLength = 0;
            this.#matchName(c);
            if (c >= 0x41 && c <= 0x5a) chunk[i] = c + 0x20;
            state = TRAILER_NAME;
          } else {
            // SP/HTAB here is obs-fold or whitespace before a name.
            return this.#fail('invalid trailer field', i);
          }
          break;
        case TRAILER_NAME:
          if (TOKEN[c] === 1) {
            this.#matchName(c);
            if (c >= 0x41 && c <= 0x5a) chunk[i] = c + 0x20;
          } else if (c === COLON) {
            if (this.#forbiddenName()) return this.#fail('forbidden trailer field', i);
            state = TRAILER_VALUE;
          } else {
            return this.#fail('invalid trailer field name', i);
          }
          break;
        case TRAILER_VALUE:
          if (c === CR) state = TRAILER_LF;
          else if (FIELD_VALUE[c] !== 1) return this.#fail('invalid trailer field value', i);
          break;
        case TRAILER_LF:
          if (c !== LF) return this.#fail('bare CR in trailer section', i);
          state = TRAILER_FIRST;
          break;
        case END_LF:
          if (c !== LF) return this.#fail('bare CR ending chunked body', i);
          state = DONE;
          break;
        default:
          break;
      }
      i++;
      // Size lines (with their extensions) and the trailer section are
      // bounded like a head: they are not data, nothing else limits them.
      const inLine = (state > SIZE_FIRST && state < DATA) || (state >= TRAILER_FIRST && state < DONE);
      if (inLine && ++this.#lineBytes > this.#maxLine) {
        return this.#fail(state >= TRAILER_FIRST ? 'trailer section too large' : 'chunk size line too long', i - 1);
      }
    }
    this.#state = state;
    this.#consumed += i;
    return { used: i };
  }

  #matchName(c: number): void {
    const lower = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
    const at = this.#nameLength++;
    let mask = this.#forbidden;
    for (let k = 0; mask !== 0 && k < FORBIDDEN_TRAILERS.length; k++) {
      if ((mask & (1 << k)) !== 0 && FORBIDDEN_TRAILERS[k]![at] !== lower) mask &= ~(1 << k);
    }
    this.#forbidden = mask;
  }

  #forbiddenName(): boolean {
    for (let k = 0; k < FORBIDDEN_TRAILERS.length; k++) {
      if ((this.#forbidden & (1 << k)) !== 0 && FORBIDDEN_TRAILERS[k]!.length === this.#nameLength) return true;
    }
    return false;
  }

  #fail(reason: string, i: number): { readonly error: HeadError } {
    this.#error = { status: 400, reason, offset: this.#consumed + i };
    return { error: this.#error };
  }
}
