#!/usr/bin/env bash
# Before the tests (npm's pretest, and .ci/run): the viewer's browser tests drive Debian's Chromium through
# playwright-core (no browser download). Installs it where this user may (root, or sudo without a password);
# otherwise stops at once with the one command that fixes it.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo"; else SUDO="none"; fi
  if [ "$SUDO" != "none" ]; then
    echo "npm test: installing Debian's chromium for the browser tests (apt-get)…" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
    [ -x /usr/bin/chromium ] && exit 0
  fi
fi
echo "npm test: the browser tests need Debian's Chromium at /usr/bin/chromium; install it with: sudo apt-get install -y chromium" >&2
exit 1
