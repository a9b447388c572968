#!/usr/bin/env bash
# Runs every test. Installs what the tests need when it is missing: Debian packages (below) and the npm packages in
# tests/js (official Adaptive Cards packages, the Agents Playground).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: Chromium for card rendering, PostgreSQL and Redis servers for the job storage tests (the tests
# start their own throwaway servers from these binaries), openpyxl to open the XLSX exports as a spreadsheet reader.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
/usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1 || missing+=(python3-openpyxl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "The tests need these Debian packages: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

npm ci --prefix tests/js --no-audit --no-fund
dotnet test ComplianceBot.sln "$@"
