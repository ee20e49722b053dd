/**
 * Variables of `set-var` / `var()` (configuration manual 2.8, 7.3.1
 * "set-var"): five scopes — `proc` (the whole process), `sess` (the client
 * connection), `txn` (one request and its response), `req` and `res` (one
 * direction). A Variables object lives as long as its narrowest scope; a
 * new transaction on the same connection starts with fresh txn/req/res.
 */
import type { Sample } from './sample/sample.js';
import type { VarScope } from '../config/model/rules.js';

/** Process-wide variables, shared by every connection. */
const PROC = new Map<string, Sample>();

export class Variables {
  readonly #sess = new Map<string, Sample>();
  #txn = new Map<string, Sample>();
  #req = new Map<string, Sample>();
  #res = new Map<string, Sample>();

  #scope(scope: VarScope): Map<string, Sample> | undefined {
    switch (scope) {
      case 'proc':
        return PROC;
      case 'sess':
        return this.#sess;
      case 'txn':
        return this.#txn;
      case 'req':
        return this.#req;
      case 'res':
        return this.#res;
      case 'check':
        return undefined;
    }
  }

  get(scope: VarScope, name: string): Sample | undefined {
    return this.#scope(scope)?.get(name);
  }

  set(scope: VarScope, name: string, value: Sample): void {
    this.#scope(scope)?.set(name, value);
  }

  unset(scope: VarScope, name: string): void {
    this.#scope(scope)?.delete(name);
  }

  /** The response starts: request-scoped variables are gone (HAProxy clears them before any response rule). */
  startResponse(): void {
    if (this.#req.size > 0) this.#req = new Map();
  }

  /** A new request on the same connection: transaction variables start empty. */
  newTransaction(): void {
    if (this.#txn.size > 0) this.#txn = new Map();
    if (this.#req.size > 0) this.#req = new Map();
    if (this.#res.size > 0) this.#res = new Map();
  }
}

/** `txn.name` → scope and name, or undefined when the scope is not one of the five. */
export function parseVarName(full: string): { scope: VarScope; name: string } | undefined {
  const dot = full.indexOf('.');
  if (dot < 0) return undefined;
  const scope = full.slice(0, dot);
  if (scope !== 'proc' && scope !== 'sess' && scope !== 'txn' && scope !== 'req' && scope !== 'res') return undefined;
  return { scope, name: full.slice(dot + 1) };
}
