#!/usr/bin/env bash
# Install what the browser test (tests/test_web_browser.py) drives: Debian's Chromium,
# and fonts with Arabic glyphs so that the screenshot shows the article, not boxes.
#
# Playwright (the Python package, from the `test` extra) talks to /usr/bin/chromium;
# `playwright install` is never run: it downloads a browser build of its own.
# Idempotent: does nothing when both are already there.  Output goes to stderr.
set -euo pipefail

log() { echo "ci_browser: $*" >&2; }

if [[ -x /usr/bin/chromium ]] && fc-list 2>/dev/null | grep -qi "Noto Sans Arabic"; then
    log "chromium and Arabic fonts already installed"
    exit 0
fi
log "installing Debian's chromium and fonts-noto-core"
export DEBIAN_FRONTEND=noninteractive
apt-get update >&2
apt-get install -y --no-install-recommends chromium fonts-noto-core >&2
/usr/bin/chromium --version >&2
