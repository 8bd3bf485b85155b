#!/usr/bin/env bash
# Make sure PostgreSQL's server programs are on this machine: the team-mode tests start their
# own throw-away server with them (tests/conftest.py). Installs them where it can (apt as root
# or with sudo that needs no password, Homebrew). Where it cannot (no root, no package
# registry), it says so and succeeds: those tests are then skipped with the reason, and the
# rest of `make test` runs.
set -uo pipefail
# shellcheck source=scripts/apt-install.sh
source "$(dirname "$0")/apt-install.sh"

have_postgres() {
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null
}

cannot() {
  echo "PostgreSQL is not installed and cannot be installed here ($1):" >&2
  echo "the team-mode tests will be skipped." >&2
  exit 0
}

have_postgres && exit 0

if command -v apt-get >/dev/null; then
  echo "Installing PostgreSQL for the team-mode tests..."
  apt_install postgresql
elif command -v brew >/dev/null; then
  echo "Installing PostgreSQL for the team-mode tests (Homebrew)..."
  brew install -q postgresql >/dev/null 2>&1 || cannot "brew install postgresql failed"
else
  cannot "no package manager that this script knows (apt, Homebrew)"
fi

have_postgres || cannot "it was installed, but initdb is not to be found"
