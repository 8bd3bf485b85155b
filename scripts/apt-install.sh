# Shared by the ensure-*.sh scripts (sourced, not run): install one Debian package with apt, as
# root or through sudo that needs no password. The sourcing script defines `cannot REASON`,
# which says what will be skipped and exits successfully.

apt_install() {
  local package=$1 run=()
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      run=(sudo -n)
    else
      cannot "it needs root, or sudo without a password"
    fi
  fi
  "${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 ||
    cannot "the package lists could not be fetched"
  "${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null 2>&1 ||
    cannot "apt-get install $package failed"
}
