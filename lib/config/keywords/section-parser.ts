/**
 * The interface of the small named sections (userlist, resolvers,
 * http-errors): one parser object per section, fed its statements in order.
 */
import type { Diagnostics, Place, SectionRef } from '../diagnostics.js';
import type { Parsed } from '../parser.js';
import { KeywordContext } from './context.js';
import { didYouMean } from '../suggest.js';

export interface SectionParser {
  statement(words: readonly string[], place: Place): void;
  end(): void;
}

export interface SectionInit {
  readonly name: string;
  /** Words after the name on the section line. */
  readonly args: readonly string[];
  readonly place: Place;
  readonly section: SectionRef;
  readonly diags: Diagnostics;
  readonly vars: (name: string) => string | undefined;
  readonly out: Parsed;
}

export type SectionFactory = (init: SectionInit) => SectionParser;

/** A keyword of a small section: its handler receives a plain KeywordContext. */
export interface SectionKeyword {
  readonly name: string;
  parse(ctx: KeywordContext, args: readonly string[]): void;
}

/** Dispatches each statement to the keyword table; unknown keywords get a did-you-mean hint. */
export function dispatch(init: SectionInit, keywords: readonly SectionKeyword[], words: readonly string[], place: Place): void {
  const head = words[0] as string;
  const kw = keywords.find((k) => k.name === head);
  if (!kw) {
    init.diags.report('TSLB_ERR_CFG_UNKNOWN_KEYWORD', {
      message: `unknown keyword '${head}' in '${init.section.kind}' section`,
      place,
      section: init.section,
      keyword: head,
      hint: didYouMean(head, keywords.map((k) => k.name)),
    });
    return;
  }
  const ctx = new KeywordContext({ place, section: init.section, keyword: head, modifier: 'none', vars: init.vars, diags: init.diags });
  kw.parse(ctx, words.slice(1));
}

/** Reports words after a section name that the section does not take. */
export function noSectionArgs(init: SectionInit): void {
  if (init.args.length > 0) {
    init.diags.report('TSLB_ERR_CFG_ARGS', {
      message: `unexpected argument '${init.args[0]}' after '${init.section.kind} ${init.name}'`,
      place: init.place,
      section: init.section,
    });
  }
}
