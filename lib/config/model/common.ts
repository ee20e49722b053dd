/**
 * Shapes shared by every part of the configuration model.
 *
 * The model is plain data (JSON-serialisable, so worker processes can share
 * it), validated by the ajv schema in ../schema/ and deep-frozen once loaded.
 * Durations are integers in milliseconds; sizes are integers in bytes.
 */

/** Where a statement came from, for diagnostics at run time too. */
export interface Place {
  readonly file: string;
  readonly line: number;
}

export type Mode = 'http' | 'tcp';

/** A log-format string kept as written; compiled by the logging/rules code. */
export type LogFormat = string;

/** A sample expression kept as written (`req.hdr(host),lower`); compiled by routing/. */
export type SampleExpr = string;

/** One term of a condition: a named ACL or an anonymous `{ ... }` ACL, possibly negated. */
export type ConditionTerm =
  | { readonly kind: 'acl'; readonly name: string; readonly negate: boolean }
  | { readonly kind: 'anonymous'; readonly acl: AclCriterion; readonly negate: boolean };

/**
 * `if|unless <terms>`: OR of AND-groups (AND binds tighter, `or` / `||`
 * separate groups). `unless` negates the whole result.
 */
export interface Condition {
  readonly polarity: 'if' | 'unless';
  readonly anyOf: readonly (readonly ConditionTerm[])[];
}

/** Match methods of `-m` (configuration manual 7.1). */
export type MatchMethod = 'found' | 'bool' | 'int' | 'ip' | 'bin' | 'len' | 'str' | 'sub' | 'reg' | 'beg' | 'end' | 'dir' | 'dom';

/** The part of an `acl` line after its name: `<fetch>[,<conv>...] [flags] [operator] <value>...`. */
export interface AclCriterion {
  /** The fetch with its converters, as written: `hdr(host),lower`, or a derived name such as `path_beg`. */
  readonly fetch: SampleExpr;
  readonly ignoreCase: boolean;
  /** `-m <method>`, when given. */
  readonly match?: MatchMethod | undefined;
  /** `-f <file>` pattern files, in order. */
  readonly files: readonly string[];
  /** `-M`: the -f files are maps (only the keys are used). */
  readonly mapFiles: boolean;
  /** `-n`: no DNS resolution of patterns. */
  readonly noDns: boolean;
  /** `-u <id>`. */
  readonly uniqueId?: number | undefined;
  /** Patterns as written; integer operators (`gt 3`) stay in the list for the matcher. */
  readonly values: readonly string[];
}
