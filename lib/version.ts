/**
 * Version facts: tslb's own version, and the HAProxy version whose behaviour
 * it reproduces. Configuration conditions (`.if version_atleast(2.4)`) are
 * evaluated against the HAProxy version, so that files written for HAProxy
 * 2.6 take the same branches under tslb.
 */
export const TSLB_VERSION = '0.1.0';

/** The HAProxy release tslb is compatible with. */
export const HAPROXY_VERSION = '2.6.12';

/**
 * Features reported as present to `.if feature(<name>)`, as in the `+NAME`
 * entries of `haproxy -vv`: only those whose behaviour tslb provides.
 */
export const FEATURES: ReadonlySet<string> = new Set([
  'OPENSSL', // TLS termination through node:tls
  'PROMEX', // the Prometheus exporter service
  'GETADDRINFO', // host names resolved through the system resolver
  'CRYPT_H', // crypt(3) password hashes in userlists
  'LIBCRYPT',
  'PCRE2', // regular expressions (JavaScript RegExp)
  'THREAD', // nbthread maps to worker processes
]);

/** Numeric release stages, ordered: 2.4-dev1 < 2.4-pre1 < 2.4-rc1 < 2.4 < 2.4.1. */
const STAGE: Record<string, number> = { dev: 1, pre: 2, rc: 3 };
const RELEASE = 4;

/**
 * Parses an HAProxy version string ('2.6', '2.4-dev19', '2.6.12-1+deb12u4')
 * into comparable numbers, or undefined when it does not look like one.
 * Missing components count as zero.
 */
export function parseVersion(text: string): number[] | undefined {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-(dev|pre|rc)(\d+))?(?:[-+].*)?$/.exec(text.trim());
  if (!m) return undefined;
  const stage = m[5] !== undefined ? (STAGE[m[5]] ?? RELEASE) : RELEASE;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0), stage, Number(m[6] ?? 0)];
}

/** Negative, zero or positive like a sort comparator. */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
