/**
 * TLS material checked at load time, because `haproxy -c` loads it too
 * (configuration manual 5.1 "crt", "crt-list", "ca-file", "ciphers",
 * "ciphersuites"; 5.2 "ca-file"): a configuration whose certificate is
 * missing, unreadable or not a certificate with its key is not valid.
 *
 * Each check returns undefined when the material is usable, or a message
 * (HAProxy's wording) the caller reports with its own place and subject.
 * Paths are taken as written: relative ones are relative to the working
 * directory, as HAProxy's are when no crt-base / ca-base is set.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const KEY_BLOCK = /-----BEGIN (?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY-----/;
const CRL_BLOCK = /-----BEGIN X509 CRL-----/;

/** Files next to certificates that a `crt <dir>` does not load as certificates. */
const EXTRA_FILE_SUFFIXES = ['.issuer', '.ocsp', '.sctl', '.key'];

/** The ssl-min-ver / ssl-max-ver names, oldest first. */
export const TLS_VERSIONS = ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

function errnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'No such file or directory';
  if (code === 'EACCES') return 'Permission denied';
  if (code === 'ENOTDIR') return 'Not a directory';
  return (err as Error).message;
}

function stat(path: string): Stats | string {
  try {
    return statSync(path);
  } catch (err) {
    return errnoText(err);
  }
}

function read(path: string): string | { error: string } {
  try {
    return readFileSync(path, 'latin1');
  } catch (err) {
    return { error: errnoText(err) };
  }
}

/** One PEM file: a certificate, and its private key in the file or in `<file>.key`. */
function checkCertificateFile(path: string): string | undefined {
  const text = read(path);
  if (typeof text !== 'string') return `unable to load SSL certificate from file '${path}' : ${text.error}`;
  const block = CERT_BLOCK.exec(text)?.[0];
  let cert: X509Certificate;
  try {
    if (block === undefined) throw new Error('no certificate');
    cert = new X509Certificate(block);
  } catch {
    return `unable to load certificate from file '${path}'`;
  }
  let keyText = KEY_BLOCK.exec(text)?.[0];
  let keyPath = path;
  if (keyText === undefined) {
    keyPath = `${path}.key`;
    const extra = read(keyPath);
    keyText = typeof extra === 'string' ? KEY_BLOCK.exec(extra)?.[0] : undefined;
    if (keyText === undefined) return `No Private Key found in '${keyPath}'`;
  }
  try {
    const key = createPrivateKey(keyText);
    if (!cert.checkPrivateKey(key)) return `inconsistencies between private key and certificate loaded from PEM file '${path}'`;
  } catch {
    return `unable to load private key from file '${keyPath}'`;
  }
  return undefined;
}

/**
 * `crt <file|dir>`: a PEM file, or a directory whose regular files are all
 * loaded (in name order) except the extra files that accompany certificates.
 * Returns the number of certificates found, or a message.
 */
export function checkCertificate(path: string): { count: number } | { error: string } {
  const st = stat(path);
  if (typeof st === 'string') return { error: `unable to stat SSL certificate from file '${path}' : ${st}` };
  if (!st.isDirectory()) {
    const error = checkCertificateFile(path);
    return error === undefined ? { count: 1 } : { error };
  }
  let names: string[];
  try {
    names = readdirSync(path).sort();
  } catch (err) {
    return { error: `unable to scan directory '${path}' : ${errnoText(err)}` };
  }
  let count = 0;
  for (const name of names) {
    if (EXTRA_FILE_SUFFIXES.some((s) => name.endsWith(s))) continue;
    const file = join(path, name);
    const fst = stat(file);
    if (typeof fst === 'string' || !fst.isFile()) continue;
    const error = checkCertificateFile(file);
    if (error !== undefined) return { error };
    count++;
  }
  return { count };
}

/**
 * `crt-list <file>`: one certificate per line (first word; SSL options in
 * brackets and SNI filters may follow), '#' comments. Every certificate is
 * checked. Returns the number of certificates, or a message.
 */
export function checkCrtList(path: string): { count: number } | { error: string } {
  const text = read(path);
  if (typeof text !== 'string') return { error: `'crt-list' : cannot open file '${path}' : ${text.error}` };
  let count = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const file = line.split(/\s+/)[0] as string;
    const result = checkCertificate(file);
    if ('error' in result) return { error: `'crt-list' : ${result.error}` };
    count += result.count;
  }
  return { count };
}

/** `ca-file <file>`: at least one certificate or CRL (a directory is accepted as a CA path). */
export function checkCaFile(path: string): string | undefined {
  const st = stat(path);
  if (typeof st === 'string') return `Couldn't open the ca-file '${path}' (${st})`;
  if (st.isDirectory()) return undefined;
  const text = read(path);
  if (typeof text !== 'string') return `Couldn't open the ca-file '${path}' (${text.error})`;
  const block = CERT_BLOCK.exec(text)?.[0];
  if (block === undefined) {
    return CRL_BLOCK.test(text) ? undefined : `Couldn't open the ca-file '${path}' (no certificate or crl found)`;
  }
  try {
    new X509Certificate(block);
  } catch {
    return `Couldn't open the ca-file '${path}' (invalid certificate)`;
  }
  return undefined;
}

/** `ciphers <list>`: an OpenSSL cipher list (TLSv1.2 and older) that selects at least one cipher. */
export function checkCipherList(list: string): string | undefined {
  try {
    createSecureContext({ ciphers: list });
    return undefined;
  } catch {
    return `unable to set SSL cipher list to '${list}'`;
  }
}

/** `ciphersuites <list>`: TLSv1.3 suite names (TLS_...), at least one of them known. */
export function checkCipherSuites(list: string): string | undefined {
  const suites = list.split(':').filter((s) => s.startsWith('TLS_'));
  try {
    if (suites.length === 0) throw new Error('none');
    createSecureContext({ ciphers: suites.join(':') });
    return undefined;
  } catch {
    return `unable to set TLS 1.3 cipher suites to '${list}'`;
  }
}

/** An ALPN list `h2,http/1.1`: protocol names of 1..255 bytes (empty items are skipped, as HAProxy does). */
export function parseAlpn(text: string): string[] | string {
  const names = text.split(',').filter((n) => n !== '');
  if (names.length === 0) return 'missing the comma-delimited ALPN protocol suite';
  const long = names.find((n) => Buffer.byteLength(n) > 255);
  return long === undefined ? names : `ALPN protocol name too long : '${long}'`;
}
