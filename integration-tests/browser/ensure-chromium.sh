#!/usr/bin/env bash
# The browser tests drive Debian's chromium through chromium-driver. Installs both when they are
# missing and this user may (root, or sudo without a password); otherwise says what to install,
# and the tests then fail naming the same.
set -uo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then
  as_root=()
elif sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "refvlm: the browser tests need Debian's chromium and chromium-driver: sudo apt-get install chromium chromium-driver" >&2
  exit 1
fi
echo "refvlm: installing chromium and chromium-driver for the browser tests" >&2
"${as_root[@]}" apt-get update -qq \
  && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
