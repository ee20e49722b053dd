/**
 * Diagnostics: every problem found while loading a configuration, with its
 * place. Loading never stops at the first problem; it collects them all and
 * the caller decides (HAProxy's accumulated ERR_* flags, reported at once).
 */
import { codes, type Code, type Severity } from '../errors.js';

export interface Place {
  readonly file: string;
  readonly line: number;
}

export interface SectionRef {
  /** 'global', 'defaults', 'frontend', 'backend', 'listen', 'userlist', ... */
  readonly kind: string;
  readonly name?: string | undefined;
}

export interface Diagnostic {
  readonly code: Code;
  readonly severity: Severity;
  readonly message: string;
  readonly file?: string | undefined;
  readonly line?: number | undefined;
  readonly section?: SectionRef | undefined;
  readonly keyword?: string | undefined;
  /** A suggestion, e.g. the closest known keyword. */
  readonly hint?: string | undefined;
}

export interface DiagnosticInput {
  readonly message: string;
  readonly place?: Place | undefined;
  readonly section?: SectionRef | undefined;
  readonly keyword?: string | undefined;
  readonly hint?: string | undefined;
}

/** Collects diagnostics in the order they are found. */
export class Diagnostics {
  readonly #list: Diagnostic[] = [];

  report(code: Code, input: DiagnosticInput): void {
    this.#list.push({
      code,
      severity: codes[code].severity,
      message: input.message,
      file: input.place?.file,
      line: input.place?.line,
      section: input.section,
      keyword: input.keyword,
      hint: input.hint,
    });
  }

  get list(): readonly Diagnostic[] {
    return this.#list;
  }

  get alerts(): readonly Diagnostic[] {
    return this.#list.filter((d) => d.severity === 'alert');
  }

  get warnings(): readonly Diagnostic[] {
    return this.#list.filter((d) => d.severity === 'warning');
  }

  hasAlerts(): boolean {
    return this.#list.some((d) => d.severity === 'alert');
  }
}

const LABEL: Record<Severity, string> = {
  alert: '[ALERT]   ',
  warning: '[WARNING] ',
  notice: '[NOTICE]  ',
};

function describeSection(s: SectionRef): string {
  return s.name === undefined || s.name === '' ? `${s.kind} section` : `${s.kind} '${s.name}'`;
}

/**
 * One line per diagnostic, shaped like HAProxy's own messages so that people
 * and scripts used to `haproxy -c` read them the same way:
 *
 *   [ALERT]    config : parsing [lb.cfg:12] : backend 'app' : unknown keyword 'balnce'; did you mean 'balance' ? (TSLB_ERR_CFG_UNKNOWN_KEYWORD)
 */
export function formatDiagnostic(d: Diagnostic): string {
  let out = `${LABEL[d.severity]} config : `;
  if (d.file !== undefined) out += d.line !== undefined ? `parsing [${d.file}:${d.line}] : ` : `parsing [${d.file}] : `;
  if (d.section !== undefined) out += `${describeSection(d.section)} : `;
  out += d.message;
  if (d.hint !== undefined) out += `; ${d.hint}`;
  out += ` (${d.code})`;
  return out;
}
