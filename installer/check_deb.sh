#!/usr/bin/env bash
# Build the frozen app and the .deb, install it as a user would, check it from the installed
# location, uninstall it, and check that the user's vault survived. Run by .ci/run after the tests;
# needs root or sudo (apt-get), and the venv the README's commands create (.venv).
#
#     bash installer/check_deb.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
PY=${PYTHON:-.venv/bin/python}
step() { echo "check_deb: $* ($(( $(date +%s) - t0 )) s)"; }
t0=$(date +%s)

"$PY" -m pip install -q '.[build]'
"$PY" installer/make_icons.py build/icons >/dev/null
rm -rf dist/persona-desktop build/persona
"$PY" -m PyInstaller --noconfirm --log-level WARN installer/persona.spec
step "frozen app built: $(du -sh dist/persona-desktop | cut -f1)"
PYTHON="$PY" DEB_COMPRESS=${DEB_COMPRESS:-zstd} bash installer/build_deb.sh
deb=$(ls dist/persona-desktop_*.deb | tail -1)
dpkg-deb --info "$deb" >/dev/null
desktop-file-validate installer/linux/persona-desktop.desktop
step "package built and valid: $deb"

$SUDO apt-get install -y -qq "./$deb" >/dev/null
step "installed"
home=$(mktemp -d)
export PERSONA_HOME="$home"
# from the installed location, not the checkout: a clean folder, the launchers on PATH
(cd "$home" && QT_QPA_PLATFORM=offscreen /usr/bin/persona-desktop --selftest)
(cd "$home" && /usr/bin/persona --help >/dev/null)
(cd "$home" && /usr/bin/persona demo --json >/dev/null)
vault="$home/data/demo-vault"
[ -f "$vault/vault.db" ] || { echo "check_deb: the installed app made no demo vault" >&2; exit 1; }
before=$(sha256sum "$vault/vault.db" "$vault/identity.db" "$vault/vault.key")
step "selftest, --help and a demo vault from the installed app"

# An ordinary user, running from the read-only /opt with their own home: nothing is written
# beside the program (root runs this script, so a throw-away unprivileged account is used).
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null 2>&1; then
  user_home=$(mktemp -d)
  chown nobody "$user_home"
  (cd "$user_home" && runuser -u nobody -- env HOME="$user_home" XDG_DATA_HOME= XDG_CONFIG_HOME= \
     PERSONA_HOME= QT_QPA_PLATFORM=offscreen /usr/bin/persona-desktop --selftest >/dev/null)
  [ -z "$(find /opt/persona-desktop -type f -newer "$deb" -print -quit)" ] || {
    echo "check_deb: the app wrote into /opt/persona-desktop" >&2; exit 1; }
  rm -rf "$user_home"
  step "selftest as an unprivileged user from the read-only install"
fi

# Installing again over it (as an upgrade does) keeps the user's vault as it was.
$SUDO apt-get install -y -qq --reinstall "./$deb" >/dev/null
[ "$before" = "$(sha256sum "$vault/vault.db" "$vault/identity.db" "$vault/vault.key")" ] || {
  echo "check_deb: reinstalling changed the vault" >&2; exit 1; }
step "reinstalled over itself; the vault is unchanged"

$SUDO apt-get purge -y -qq persona-desktop >/dev/null
[ ! -e /opt/persona-desktop ] && [ ! -e /usr/bin/persona-desktop ] || {
  echo "check_deb: files left after purge" >&2; exit 1; }
after=$(sha256sum "$vault/vault.db" "$vault/identity.db" "$vault/vault.key")
[ "$before" = "$after" ] || { echo "check_deb: the vault changed during uninstall" >&2; exit 1; }
rm -rf "$home"
step "uninstalled cleanly; the vault survived"
