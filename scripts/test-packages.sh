#!/usr/bin/env bash
# Installs the Debian packages the tests run for real, when missing:
# haproxy (the differential tests), redis-server, mariadb-server and
# postgresql, whose binaries the health-check tests start as private
# instances on free ports, and chromium, which the dashboard's browser tests
# drive (playwright-core, headless), and prometheus, whose promtool parses
# the /metrics output. Used by `npm test` (pretest) and by .ci/run, so
# that `npm ci && npm test` does all set-up on a fresh machine.
# Needs root or password-less sudo to install; without them it says what to
# install and fails.
set -uo pipefail

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing=()
for pkg in haproxy redis-server mariadb-server postgresql chromium prometheus; do
  installed "$pkg" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "test-packages: the tests need Debian's ${missing[*]} (no apt-get on this machine)" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if sudo -n true 2>/dev/null; then SUDO="sudo"; else
    echo "test-packages: the tests need Debian's ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}'" >&2
    exit 1
  fi
fi
echo "test-packages: installing Debian's ${missing[*]}" >&2
started=$SECONDS
# The tests run their own servers: keep the packages' services from starting (policy-rc.d "forbidden").
guard=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod 755 /usr/sbin/policy-rc.d && guard=1
fi
$SUDO apt-get update -qq >/dev/null 2>&1 || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1
status=$?
if [ -n "$guard" ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
if [ $status -ne 0 ]; then
  echo "test-packages: could not install ${missing[*]}" >&2
  exit 1
fi
echo "test-packages: installed in $((SECONDS - started)) s" >&2
