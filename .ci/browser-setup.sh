#!/usr/bin/env bash
# Browser tests (issues 4 and 11): Chromium, Japanese fonts, axe-core, and
# the Nu Html Checker (npm vnu-jar) run with Debian's Java.
# .ci/run calls this before the tests; it fails loudly when anything is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=0
[ -x /usr/bin/chromium ] || need_apt=1
# Japanese glyphs in screenshots need the Noto CJK fonts.
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need_apt=1
# pdftotext checks the printed certificate (training journey).
command -v pdftotext >/dev/null 2>&1 || need_apt=1
# java runs the Nu Html Checker (vnu.jar from npm) over every page visited.
command -v java >/dev/null 2>&1 || need_apt=1
if [ "$need_apt" = 1 ]; then
  echo "browser-setup: installing chromium, fonts-noto-cjk, poppler-utils and default-jre-headless"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y chromium fonts-noto-cjk poppler-utils default-jre-headless
fi
if ! command -v java >/dev/null 2>&1; then
  echo "FAIL: java is missing after apt-get install default-jre-headless" >&2
  exit 1
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
# --ignore-scripts: vnu-jar's postinstall would try to download a Java of
# its own; the jar runs with Debian's.
npm ci --no-audit --no-fund --ignore-scripts
if [ ! -s node_modules/axe-core/axe.min.js ]; then
  echo "FAIL: node_modules/axe-core/axe.min.js is missing after npm ci" >&2
  exit 1
fi
echo "browser-setup: axe-core $(node -p 'require("./node_modules/axe-core/package.json").version' 2>/dev/null || echo '?') ready"
if [ ! -s node_modules/vnu-jar/build/dist/vnu.jar ]; then
  echo "FAIL: node_modules/vnu-jar/build/dist/vnu.jar is missing after npm ci" >&2
  exit 1
fi
echo "browser-setup: Nu Html Checker $(java -jar node_modules/vnu-jar/build/dist/vnu.jar --version 2>/dev/null || echo '?') ready"
