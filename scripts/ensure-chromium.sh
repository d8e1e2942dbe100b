#!/usr/bin/env bash
# Installs Debian's `chromium` package when /usr/bin/chromium is missing (used by the HTML report
# test, test/cli/report-chromium.test.ts). Needs root (CI containers) — otherwise prints how to.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "chromium missing and not root: run 'apt-get update && apt-get install -y chromium' as root" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null || apt-get install -y -qq --no-install-recommends chromium >/dev/null
/usr/bin/chromium --version
