#!/usr/bin/env bash
# Make sure PostgreSQL's server programs are on this machine: the team-mode tests start their
# own throw-away server with them (tests/conftest.py). Installs Debian's package when missing.
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing PostgreSQL for the team-mode tests..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
  echo "Installing PostgreSQL for the team-mode tests (sudo)..."
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
else
  echo "PostgreSQL is not installed and cannot be installed here: the team-mode tests will be skipped." >&2
fi
