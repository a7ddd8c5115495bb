#!/usr/bin/env bash
# Build dist/persona-desktop-<version>.dmg from dist/Persona Desktop.app (made on macOS by
# `pyinstaller --noconfirm installer/persona.spec`). Run from anywhere:
#
#   bash installer/macos/build_dmg.sh
#
# The disk image holds the app and a link to /Applications, so a user installs by dragging one
# onto the other. The app keeps its vaults in ~/Library/Application Support/PersonaDesktop and
# its settings in ~/Library/Preferences/PersonaDesktop, never inside the .app: replacing the app
# with a newer one, or moving it to the Trash, leaves them alone.
#
# Environment (all optional):
#   APP                  the .app to package (default: dist/Persona Desktop.app)
#   DIST                 output folder (default: dist)
#   VERSION              default: persona_desktop.__version__ (read with $PYTHON, default python3)
#   MACOS_SIGN_IDENTITY  a "Developer ID Application: NAME (TEAMID)" identity in the keychain:
#                        sign the app (hardened runtime, installer/macos/entitlements.plist) and
#                        the disk image. Unset: the app keeps PyInstaller's ad-hoc signature and
#                        Gatekeeper will ask users to allow it (right-click > Open) the first time.
#   NOTARY_PROFILE       a notarytool keychain profile (xcrun notarytool store-credentials NAME
#                        --key AuthKey_XXXX.p8 --key-id XXXX --issuer UUID), or instead
#   NOTARY_KEY, NOTARY_KEY_ID, NOTARY_ISSUER
#                        an App Store Connect API key (.p8 path, key id, issuer id):
#                        notarise the app and the disk image and staple both tickets.
#                        Needs MACOS_SIGN_IDENTITY.
# Neither a Developer ID certificate nor an App Store Connect key is available to the project
# yet, so the signing and notarising steps have not run anywhere; without those variables the
# script makes an unsigned disk image, as CI does.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

APP_NAME="Persona Desktop"
APP="${APP:-dist/${APP_NAME}.app}"
DIST="${DIST:-dist}"
PYTHON="${PYTHON:-python3}"
ENTITLEMENTS="$here/entitlements.plist"
VERSION="${VERSION:-$("$PYTHON" -c 'import persona_desktop; print(persona_desktop.__version__)')}"
DMG="$DIST/persona-desktop-${VERSION}.dmg"

log() { printf 'build_dmg: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

[ -d "$APP" ] || die "no app bundle at '$APP': run pyinstaller --noconfirm installer/persona.spec"
command -v hdiutil >/dev/null 2>&1 || die "hdiutil not found: the .dmg is built on macOS"

do_notarise=""
if [ -n "${NOTARY_PROFILE:-}" ]; then
  notary_auth=(--keychain-profile "$NOTARY_PROFILE")
  do_notarise=1
elif [ -n "${NOTARY_KEY:-}${NOTARY_KEY_ID:-}${NOTARY_ISSUER:-}" ]; then
  if [ -z "${NOTARY_KEY:-}" ] || [ -z "${NOTARY_KEY_ID:-}" ] || [ -z "${NOTARY_ISSUER:-}" ]; then
    die "NOTARY_KEY, NOTARY_KEY_ID and NOTARY_ISSUER go together"
  fi
  notary_auth=(--key "$NOTARY_KEY" --key-id "$NOTARY_KEY_ID" --issuer "$NOTARY_ISSUER")
  do_notarise=1
fi
if [ -n "$do_notarise" ] && [ -z "${MACOS_SIGN_IDENTITY:-}" ]; then
  die "notarising needs a signed app: set MACOS_SIGN_IDENTITY too"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/persona-dmg.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# ---------------------------------------------------------------------------------------------
# Signing (only with MACOS_SIGN_IDENTITY). Inside out: every Mach-O file (deepest first), then the
# nested .framework bundles, then the executables in Contents/MacOS and the bundle itself with the
# entitlements. Every binary gets the hardened runtime and a secure timestamp, both of which
# notarisation requires, and our Team ID, so library validation accepts them all
# (see entitlements.plist for why no exception is granted). `codesign --deep` is not used to sign:
# Apple advises against it, and it does not apply entitlements to nested code.
#
# Alternative: the spec can let PyInstaller sign while it collects (EXE(codesign_identity=...,
# entitlements_file=...)); the step below would then only re-sign the bundle.

sign() {  # sign PATH [extra codesign options]
  local target=$1
  shift
  codesign --force --timestamp --options runtime --sign "$MACOS_SIGN_IDENTITY" "$@" "$target"
}

by_depth() {  # paths on stdin, deepest first
  awk -F/ '{ print NF "\t" $0 }' | sort -rn | cut -f2-
}

sign_app() {
  local app=$1 f
  log "signing $app as '$MACOS_SIGN_IDENTITY'"
  while IFS= read -r f; do
    case "$f" in "$app/Contents/MacOS/"*) continue ;; esac
    if file -b "$f" | grep -q 'Mach-O'; then
      sign "$f"
    fi
  done < <(find "$app/Contents" -type f | by_depth)
  while IFS= read -r f; do
    sign "$f"
  done < <(find "$app/Contents" -type d -name '*.framework' | by_depth)
  while IFS= read -r f; do
    if file -b "$f" | grep -q 'Mach-O'; then
      sign "$f" --entitlements "$ENTITLEMENTS"
    fi
  done < <(find "$app/Contents/MacOS" -type f)
  sign "$app" --entitlements "$ENTITLEMENTS"
  codesign --verify --deep --strict --verbose=2 "$app"
  codesign --display --entitlements - "$app" >&2
}

notarise() {  # notarise FILE: submit, wait, fail with Apple's log unless Accepted
  local file=$1 result status id
  log "notarising $file (this waits for Apple's answer, usually a few minutes)"
  result="$work/notary-$(basename "$file").json"
  xcrun notarytool submit "$file" "${notary_auth[@]}" --wait --output-format json >"$result" \
    || true
  status="$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("status",""))' \
    "$result" 2>/dev/null || true)"
  id="$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("id",""))' \
    "$result" 2>/dev/null || true)"
  if [ "$status" != "Accepted" ]; then
    cat "$result" >&2 || true
    if [ -n "$id" ]; then
      xcrun notarytool log "$id" "${notary_auth[@]}" >&2 || true
    fi
    die "notarisation of $file: status '${status:-unknown}'"
  fi
}

# ---------------------------------------------------------------------------------------------
# Stage: a copy of the app (ditto keeps symlinks, permissions and extended attributes) and the
# /Applications link.

stage="$work/stage"
mkdir -p "$stage"
staged_app="$stage/${APP_NAME}.app"
if command -v ditto >/dev/null 2>&1; then
  ditto "$APP" "$staged_app"
else
  cp -R "$APP" "$staged_app"
fi
ln -s /Applications "$stage/Applications"

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  sign_app "$staged_app"
  if [ -n "$do_notarise" ]; then
    # The app gets its own ticket, stapled into it, so that a copy dragged out of the disk image
    # passes Gatekeeper even offline (the first start must not depend on reaching Apple).
    zip="$work/${APP_NAME}.zip"
    ditto -c -k --keepParent "$staged_app" "$zip"
    notarise "$zip"
    xcrun stapler staple "$staged_app"
    xcrun stapler validate "$staged_app"
  fi
else
  log "MACOS_SIGN_IDENTITY not set: the app keeps PyInstaller's ad-hoc signature, not notarised"
fi

# ---------------------------------------------------------------------------------------------
# The disk image. hdiutil sometimes fails with "Resource busy" on CI machines: try again.

mkdir -p "$DIST"
rm -f "$DMG"
tries=0
until hdiutil create -volname "${APP_NAME} ${VERSION}" -srcfolder "$stage" -fs HFS+ \
    -ov -format UDZO "$DMG"; do
  tries=$((tries + 1))
  [ "$tries" -lt 3 ] || die "hdiutil create failed 3 times"
  log "hdiutil create failed, trying again in 5 s"
  sleep 5
done
hdiutil verify "$DMG"

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$DMG"
  codesign --verify --verbose=2 "$DMG"
  if [ -n "$do_notarise" ]; then
    notarise "$DMG"
    xcrun stapler staple "$DMG"
    xcrun stapler validate "$DMG"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
  fi
fi

size=$(wc -c <"$DMG" | tr -d ' ')
log "wrote $DMG ($size bytes)"
