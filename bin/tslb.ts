#!/usr/bin/env node
/**
 * tslb command line, shaped like haproxy's:
 *
 *   tslb -f <file|dir> [-f ...] [-c] [-d] [-q] [-p <pidfile>] [-v|-vv]
 *
 * `-c` checks the configuration and exits like `haproxy -c`: 0 and
 * "Configuration file is valid", 1 and "Fatal errors found in
 * configuration.", or 2 when the file is valid but nothing would listen.
 */
import { run } from '../lib/cli.js';

process.exitCode = await run(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
});
