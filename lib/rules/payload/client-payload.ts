/**
 * The bytes a client sent that `tcp-request content` rules inspect in TCP
 * mode (configuration manual 4.2 "tcp-request inspect-delay", 7.3.5): what
 * arrived so far, whether more may come (until `inspect-delay` expires or
 * the client ends), and whether a fetch answered from bytes that may still
 * grow — HAProxy's SMP_F_MAY_CHANGE: a condition that does not hold then
 * makes the rules wait for more.
 */
export class ClientPayload {
  data: Buffer = Buffer.alloc(0);
  /** No more bytes will be waited for: fetches answer with what is there. */
  final = false;
  /** A fetch answered (or could not) from bytes that may still grow: HAProxy's SMP_F_MAY_CHANGE. */
  mayChange = false;

  add(chunk: Buffer): void {
    this.data = this.data.length === 0 ? chunk : Buffer.concat([this.data, chunk]);
  }

  /** Records that a fetch needs more bytes; answers no sample either way. */
  tooShort(): undefined {
    if (!this.final) this.mayChange = true;
    return undefined;
  }
}
