#!/usr/bin/env bash
# Before the tests (npm's pretest, and .ci/run): the Debian programs the tests drive as real peers —
# Chromium for the viewer's browser tests (through playwright-core, no browser download), OpenSSH's sftp
# client and sshd for the ECP SFTP channel, PostgreSQL for the cluster's storage, tcpdump for captures of
# the OMD-C wire. Installs what is missing where this user may (root, or sudo without a password);
# otherwise stops at once with the one command that fixes it.
set -euo pipefail
# program to look for | Debian package that brings it
wanted=(
  "/usr/bin/chromium|chromium"
  "/usr/bin/sftp|openssh-client"
  "/usr/sbin/sshd|openssh-server"
  "/usr/sbin/tcpdump /usr/bin/tcpdump|tcpdump"
  "/usr/lib/postgresql/*/bin/postgres|postgresql"
)
missing=()
for w in "${wanted[@]}"; do
  found=""
  for p in ${w%%|*}; do [ -x "$p" ] && found=1; done
  [ -n "$found" ] || missing+=("${w##*|}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo"; else SUDO="none"; fi
  if [ "$SUDO" != "none" ]; then
    echo "npm test: installing Debian's ${missing[*]} for the tests (apt-get)…" >&2
    $SUDO apt-get update -qq
    # No services started by the packages' scripts: the tests start their own throwaway instances.
    DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
    exit 0
  fi
fi
echo "npm test: the tests need Debian's ${missing[*]}; install with: sudo apt-get install -y ${missing[*]}" >&2
exit 1
