/**
 * The catalogue of every diagnostic code tslb emits.
 *
 * Codes are stable: a code is never renamed or reused for another meaning once
 * released (retire it instead). `TSLB_ERR_*` codes are fatal (HAProxy's ALERT),
 * `TSLB_WRN_*` codes are warnings that never fail `tslb -c` (HAProxy's WARNING),
 * `TSLB_NOTE_*` codes are informational. Each entry says what went wrong and
 * how to fix it; `docs/errors.md` is checked against this table by a test.
 */

export type Severity = 'alert' | 'warning' | 'notice';

export interface CodeInfo {
  readonly severity: Severity;
  /** What the code means, in one sentence. */
  readonly summary: string;
  /** How to fix it. */
  readonly fix: string;
}

export const codes = {
  // --- reading files -------------------------------------------------------
  TSLB_ERR_CFG_FILE: {
    severity: 'alert',
    summary: 'A configuration file or directory given with -f cannot be read.',
    fix: 'Check the path and its permissions.',
  },
  TSLB_ERR_CFG_NO_FILE: {
    severity: 'alert',
    summary: 'No configuration file was given.',
    fix: 'Pass at least one -f <file|dir>.',
  },
  // --- lexer (HAProxy section 2.2 and 2.3) -----------------------------------
  TSLB_ERR_CFG_QUOTE: {
    severity: 'alert',
    summary: 'A line has an unmatched single or double quote.',
    fix: "Close the quote, or escape the character with '\\'.",
  },
  TSLB_ERR_CFG_BRACE: {
    severity: 'alert',
    summary: "An environment variable reference '${' has no closing brace.",
    fix: "Close it with '}'.",
  },
  TSLB_ERR_CFG_VARNAME: {
    severity: 'alert',
    summary: "A '$' inside double quotes is not followed by a valid variable name.",
    fix: "Write '\\$' for a literal dollar, or use a name made of letters, digits and '_'.",
  },
  TSLB_ERR_CFG_HEX: {
    severity: 'alert',
    summary: "An '\\x' escape is not followed by two hexadecimal digits.",
    fix: "Write '\\xNN' with two hex digits, or '\\\\x' for a literal backslash.",
  },
  TSLB_ERR_CFG_EXPAND: {
    severity: 'alert',
    summary: "A '${VAR[' word expansion is not written '${VAR[*]}'.",
    fix: "Use '${VAR[*]}' to split a variable into several words.",
  },
  TSLB_ERR_CFG_TOO_MANY_WORDS: {
    severity: 'alert',
    summary: 'A line has more than 64 words, the limit HAProxy applies.',
    fix: 'Split the statement over several lines (for example several acl lines with the same name).',
  },
  TSLB_ERR_CFG_BAD_CHAR: {
    severity: 'alert',
    summary: 'A line contains a NUL byte.',
    fix: 'Remove the binary content from the file.',
  },
  TSLB_WRN_CFG_EMPTY_WORD: {
    severity: 'warning',
    summary: 'An empty word (for example an unset variable in quotes) ends the statement; the words after it are ignored, as HAProxy does.',
    fix: 'Set the variable, give it a default with "${VAR-default}", or remove the empty quotes.',
  },
  // --- conditional blocks (HAProxy section 2.4) ------------------------------
  TSLB_ERR_CFG_DIRECTIVE: {
    severity: 'alert',
    summary: "A line starts with '.' but is not a known directive (.if, .elif, .else, .endif, .diag, .notice, .warning, .alert).",
    fix: 'Check the spelling of the directive.',
  },
  TSLB_ERR_CFG_COND: {
    severity: 'alert',
    summary: 'The condition of an .if or .elif cannot be evaluated.',
    fix: 'Use the predicates defined(), feature(), streq(), strneq(), version_atleast(), version_before(), with !, &&, || and parentheses.',
  },
  TSLB_ERR_CFG_COND_NESTING: {
    severity: 'alert',
    summary: 'An .elif, .else or .endif has no matching .if, an .else is repeated, or an .if is not closed at the end of the file.',
    fix: 'Balance every .if with an .endif in the same file.',
  },
  TSLB_ERR_CFG_ALERT: {
    severity: 'alert',
    summary: 'An .alert directive was reached: the configuration itself declares a fatal condition.',
    fix: 'Read the message; change the environment or the condition that led to it.',
  },
  TSLB_WRN_CFG_WARNING: {
    severity: 'warning',
    summary: 'A .warning directive was reached.',
    fix: 'Read the message.',
  },
  TSLB_NOTE_CFG_NOTICE: {
    severity: 'notice',
    summary: 'A .notice directive (or a .diag directive under -d) was reached.',
    fix: 'Nothing to fix.',
  },
  // --- sections and keywords ----------------------------------------------
  TSLB_ERR_CFG_OUT_OF_SECTION: {
    severity: 'alert',
    summary: 'A keyword appears before any section, or a file does not start with a section.',
    fix: 'Start every file with a section keyword such as global, defaults, frontend, backend or listen.',
  },
  TSLB_ERR_CFG_UNKNOWN_KEYWORD: {
    severity: 'alert',
    summary: 'A keyword is not known to HAProxy 2.6 in this section.',
    fix: 'Check the spelling; the hint names the closest known keyword.',
  },
  TSLB_ERR_CFG_UNSUPPORTED: {
    severity: 'alert',
    summary: 'A keyword, option, argument or section that HAProxy 2.6 knows is not supported by tslb.',
    fix: 'Remove it or replace it with a supported equivalent; README.md lists what tslb supports.',
  },
  TSLB_ERR_CFG_REMOVED: {
    severity: 'alert',
    summary: 'A keyword removed from HAProxy before 2.6 is used; HAProxy 2.6 refuses it too.',
    fix: 'Use the replacement named in the message.',
  },
  TSLB_WRN_CFG_IGNORED: {
    severity: 'warning',
    summary: 'A keyword that only tunes HAProxy internals is accepted and has no effect in tslb.',
    fix: 'Nothing is required; remove the keyword to silence the warning. README.md lists these keywords.',
  },
  TSLB_WRN_CFG_CAPABILITY: {
    severity: 'warning',
    summary: 'A keyword is ignored because the proxy lacks the frontend or backend side it applies to, as HAProxy does.',
    fix: 'Move the keyword to a frontend, backend or listen section where it applies.',
  },
  TSLB_WRN_CFG_DEPRECATED: {
    severity: 'warning',
    summary: 'A deprecated form is used; it still works as in HAProxy 2.6.',
    fix: 'Use the replacement named in the message.',
  },
  TSLB_ERR_CFG_NOT_ALLOWED: {
    severity: 'alert',
    summary: 'A keyword is not allowed in this kind of section.',
    fix: 'Move the keyword to a section that accepts it (see the keyword matrix in the HAProxy manual, section 4.1).',
  },
  TSLB_WRN_CFG_NOT_ALLOWED: {
    severity: 'warning',
    summary: "An option is ignored because it is not allowed where it appears (such as 'id' on a default-server line); HAProxy reports it without failing.",
    fix: 'Move the option to where it applies (for example onto each server line), or remove it.',
  },
  TSLB_ERR_CFG_ANON_DEFAULTS_RULE: {
    severity: 'alert',
    summary: 'acl, http-request, http-response, http-after-response, tcp-request and tcp-response are refused in an anonymous defaults section.',
    fix: 'Give the defaults section a name, and reference it with "from <name>" where needed.',
  },
  TSLB_ERR_CFG_MODIFIER: {
    severity: 'alert',
    summary: "The 'no' or 'default' prefix is used on a keyword that does not accept it.",
    fix: "Only 'option ...', 'log' and a few global flags accept 'no' and 'default'.",
  },
  TSLB_ERR_CFG_ARGS: {
    severity: 'alert',
    summary: 'A keyword has missing, extra or invalid arguments.',
    fix: 'Follow the syntax shown in the message.',
  },
  TSLB_ERR_CFG_TIME: {
    severity: 'alert',
    summary: 'A time value is not an integer followed by an optional unit (us, ms, s, m, h, d), or is out of range.',
    fix: "Write e.g. '5000', '5000ms' or '5s' (the default unit is ms).",
  },
  TSLB_ERR_CFG_SIZE: {
    severity: 'alert',
    summary: 'A size value is not an integer followed by an optional k, m or g suffix.',
    fix: "Write e.g. '16384' or '16k'.",
  },
  TSLB_ERR_CFG_NUMBER: {
    severity: 'alert',
    summary: 'A number is not an integer, or lies outside the range the keyword accepts.',
    fix: 'Use an integer within the range given in the message.',
  },
  TSLB_WRN_CFG_NUMBER: {
    severity: 'warning',
    summary: "A number has trailing garbage or no digits; HAProxy reads its leading digits ('3x' is 3, 'abc' is 0), and so does tslb.",
    fix: 'Write a plain integer.',
  },
  TSLB_ERR_CFG_ADDRESS: {
    severity: 'alert',
    summary: 'An address (bind, server, log target, socket) cannot be parsed.',
    fix: "Use ip:port, [ipv6]:port, :port, *:port, a port range, 'unix@/path' or an absolute path.",
  },
  TSLB_WRN_CFG_UNRESOLVED: {
    severity: 'warning',
    summary: "A server's host name does not resolve at start-up and its init-addr allows 'none': the server starts in maintenance, as in HAProxy.",
    fix: 'Fix the name or the resolver; the server leaves maintenance once it is enabled with a resolvable address.',
  },
  TSLB_ERR_CFG_NAME: {
    severity: 'alert',
    summary: 'A section is missing its name, or the name uses characters other than letters, digits, -, _, . and :.',
    fix: 'Name the section with letters, digits, -, _, . and : only.',
  },
  TSLB_ERR_CFG_DUPLICATE: {
    severity: 'alert',
    summary: 'Two proxies with overlapping capabilities, two servers of a backend, two userlists or two named defaults share a name.',
    fix: 'Give each one a distinct name.',
  },
  TSLB_WRN_CFG_DUPLICATE: {
    severity: 'warning',
    summary: 'A user or userlist is declared twice; the later one is ignored, as HAProxy does.',
    fix: 'Remove the duplicate declaration.',
  },
  TSLB_ERR_CFG_CONDITION: {
    severity: 'alert',
    summary: 'An if/unless condition is malformed (empty, unbalanced braces, missing operand).',
    fix: 'Write "if <acl> [<acl>...] [or <acl>...]" with { } around anonymous ACLs, separated by spaces.',
  },
  TSLB_WRN_CFG_NO_EFFECT: {
    severity: 'warning',
    summary: 'Part of a statement can have no effect as written (an ACL without patterns or reading data that does not exist where it is used, an argument that is ignored or cut), as HAProxy warns.',
    fix: 'Read the message: add a pattern or -m found, move the rule to where its data exists, or remove the ignored argument.',
  },
  TSLB_WRN_CFG_RULE_ORDER: {
    severity: 'warning',
    summary: 'A rule is written after rules that run later (for example http-request after use_backend), or after an unconditional final rule of the same set, so the written order is misleading or the rule is never reached, as HAProxy warns.',
    fix: 'Write rules in the order they run: tcp-request connection, session, content, monitor fail, http-request, redirect, use_backend, use-server; and put an unconditional final rule last.',
  },
  // --- cross-references --------------------------------------------------
  TSLB_ERR_CFG_UNKNOWN_DEFAULTS: {
    severity: 'alert',
    summary: "A section inherits with 'from' from a defaults section that does not exist (or is declared later).",
    fix: 'Declare the named defaults section before the sections that use it.',
  },
  TSLB_ERR_CFG_UNKNOWN_BACKEND: {
    severity: 'alert',
    summary: 'A use_backend or default_backend names a backend that does not exist.',
    fix: 'Declare the backend, or correct the name.',
  },
  TSLB_ERR_CFG_UNKNOWN_SERVER: {
    severity: 'alert',
    summary: "A use-server rule or a 'track' names a proxy or server that does not exist.",
    fix: 'Correct the name, or declare the server.',
  },
  TSLB_ERR_CFG_UNKNOWN_ACL: {
    severity: 'alert',
    summary: 'A condition uses an ACL name that is neither declared in the proxy nor predefined.',
    fix: 'Declare it with "acl <name> ..." in the same proxy, or correct the name.',
  },
  TSLB_ERR_CFG_UNKNOWN_REFERENCE: {
    severity: 'alert',
    summary: 'A userlist, resolvers section, http-errors section or stick-table named by a keyword does not exist.',
    fix: 'Declare the referenced section, or correct the name.',
  },
  TSLB_WRN_CFG_HTTP_IN_TCP: {
    severity: 'warning',
    summary: 'HTTP-only rules or options in a proxy in TCP mode are ignored, as HAProxy does.',
    fix: "Add 'mode http' to the proxy, or remove the HTTP rules.",
  },
  TSLB_WRN_CFG_NO_BIND: {
    severity: 'warning',
    summary: "A frontend or listen section has no 'bind' line, so it accepts nothing, as HAProxy warns.",
    fix: "Add a 'bind' line, or declare the section as a backend if that was intended.",
  },
  TSLB_WRN_CFG_MISSING_TIMEOUTS: {
    severity: 'warning',
    summary: "A proxy lacks 'timeout client', 'timeout connect' or 'timeout server'.",
    fix: 'Set all three timeouts to non-zero values, usually in the defaults section.',
  },
  TSLB_WRN_CFG_NO_LOG_TARGET: {
    severity: 'warning',
    summary: "A frontend sets a log format (option httplog, option tcplog, log-format) but has no log target, so nothing is logged, as HAProxy warns.",
    fix: "Add 'log global' (with a 'log' line in global) or a 'log <target> <facility>' line.",
  },
  TSLB_WRN_CFG_COOKIE: {
    severity: 'warning',
    summary: 'Cookie persistence is configured but cannot work as written (a server without a cookie value, or a backend not in HTTP mode).',
    fix: "Give every server a 'cookie <value>', and use 'mode http'.",
  },
  TSLB_WRN_CFG_DEFAULTS_MIXED: {
    severity: 'warning',
    summary: 'A defaults section is used both explicitly (from) and implicitly (as the last one), which HAProxy warns about.',
    fix: 'Always reference defaults explicitly, or add a last common defaults section for implicit uses.',
  },
  TSLB_ERR_CFG_NO_LISTENER: {
    severity: 'alert',
    summary: 'The configuration is valid but has no listener, so tslb would not start (exit code 2, as HAProxy).',
    fix: "Add a frontend or listen section with a 'bind' line.",
  },
  TSLB_ERR_CFG_SCHEMA: {
    severity: 'alert',
    summary: 'The model built from the file failed schema validation (an internal consistency check).',
    fix: 'Report this as a tslb bug, with the configuration that triggers it.',
  },
  // --- command line --------------------------------------------------------
  TSLB_ERR_CLI_USAGE: {
    severity: 'alert',
    summary: 'The command line has an unknown option or a missing argument.',
    fix: 'Run tslb -h for usage.',
  },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof codes;

export function codeInfo(code: Code): CodeInfo {
  return codes[code];
}
