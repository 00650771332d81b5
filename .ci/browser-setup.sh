#!/usr/bin/env bash
# Browser tests (issue 4): Chromium, Japanese fonts and axe-core.
# .ci/run calls this before the tests; it fails loudly when anything is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=0
[ -x /usr/bin/chromium ] || need_apt=1
# Japanese glyphs in screenshots need the Noto CJK fonts.
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need_apt=1
# pdftotext checks the printed certificate (training journey).
command -v pdftotext >/dev/null 2>&1 || need_apt=1
if [ "$need_apt" = 1 ]; then
  echo "browser-setup: installing chromium, fonts-noto-cjk and poppler-utils"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y chromium fonts-noto-cjk poppler-utils
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "FAIL: /usr/bin/chromium is missing after apt-get install" >&2
  exit 1
fi
/usr/bin/chromium --version

if ! command -v npm >/dev/null 2>&1; then
  echo "browser-setup: installing npm (for axe-core)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends nodejs npm
fi
npm ci --no-audit --no-fund
if [ ! -s node_modules/axe-core/axe.min.js ]; then
  echo "FAIL: node_modules/axe-core/axe.min.js is missing after npm ci" >&2
  exit 1
fi
echo "browser-setup: axe-core $(node -p 'require("./node_modules/axe-core/package.json").version' 2>/dev/null || echo '?') ready"
