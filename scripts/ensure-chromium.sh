#!/usr/bin/env bash
# Make sure a Chromium browser is on this machine: the tests of the reviewer's page
# (tests/browser/) open it in a real browser, driven headless by Playwright for Python with the
# system's browser (Playwright's own browser download is never used). Installs Debian's
# `chromium` where it can (apt as root, or sudo that needs no password). Where it cannot, it says
# so and succeeds: those tests are then skipped with the reason, and the rest of `make test` runs.
set -uo pipefail
# shellcheck source=scripts/apt-install.sh
source "$(dirname "$0")/apt-install.sh"

have_chromium() {
  command -v chromium >/dev/null || command -v chromium-browser >/dev/null
}

cannot() {
  echo "Chromium is not installed and cannot be installed here ($1):" >&2
  echo "the browser tests of the reviewer's page will be skipped." >&2
  exit 0
}

have_chromium && exit 0

if command -v apt-get >/dev/null; then
  echo "Installing Chromium for the browser tests of the reviewer's page..."
  apt_install chromium
else
  cannot "no package manager that this script knows (apt)"
fi

have_chromium || cannot "it was installed, but the chromium command is not to be found"
