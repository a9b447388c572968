#!/usr/bin/env bash
# Runs every test. Installs what the tests need when it is missing: Chromium (Debian package, for card
# rendering) and the npm packages in tests/js (official Adaptive Cards packages, the Agents Playground).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is needed for the card rendering tests: sudo apt-get install chromium" >&2
    exit 1
  fi
fi

npm ci --prefix tests/js --no-audit --no-fund
dotnet test ComplianceBot.sln "$@"
