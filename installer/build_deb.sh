#!/usr/bin/env bash
# Build dist/persona-desktop_<version>_amd64.deb from the frozen app in dist/persona-desktop/.
#
#     pyinstaller --noconfirm installer/persona.spec    # first (see installer/README.md)
#     bash installer/build_deb.sh                       # DEB_COMPRESS=xz for a release (smaller,
#                                                       # minutes); zstd by default (seconds)
#
# Layout: the app in /opt/persona-desktop, `persona-desktop` and `persona` launchers in /usr/bin,
# a desktop entry, icons at the hicolor sizes, and a MIME type for vault backups (.pvbackup).
# Depends lists the system libraries Qt's xcb platform plugin loads, so `apt-get install ./file.deb`
# pulls them on a minimal system. Vaults live in the user's home (~/.local/share/PersonaDesktop):
# removing or purging the package never touches them.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VERSION=$("$PYTHON" -c "import persona_desktop; print(persona_desktop.__version__)")
ARCH=$(dpkg --print-architecture)
APP=dist/persona-desktop
OUT=dist/persona-desktop_${VERSION}_${ARCH}.deb
ROOT=build/deb/persona-desktop_${VERSION}_${ARCH}
COMPRESS=${DEB_COMPRESS:-zstd}

[ -x "$APP/persona-desktop" ] && [ -x "$APP/persona" ] || {
  echo "build_deb: $APP/persona-desktop and $APP/persona are missing: run pyinstaller first" >&2
  exit 1
}
[ -f build/icons/persona-256.png ] || "$PYTHON" installer/make_icons.py build/icons

rm -rf "$ROOT"
mkdir -p "$ROOT/DEBIAN" "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/usr/share/applications" \
         "$ROOT/usr/share/mime/packages" "$ROOT/usr/share/doc/persona-desktop"
cp -a "$APP" "$ROOT/opt/persona-desktop"

# Launchers, not symlinks: the frozen app finds its libraries next to the real executable.
for name in persona-desktop persona; do
  printf '#!/bin/sh\nexec /opt/persona-desktop/%s "$@"\n' "$name" > "$ROOT/usr/bin/$name"
  chmod 0755 "$ROOT/usr/bin/$name"
done

for size in 16 24 32 48 64 128 256 512; do
  dir="$ROOT/usr/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  cp build/icons/persona-$size.png "$dir/persona-desktop.png"
done
mkdir -p "$ROOT/usr/share/icons/hicolor/scalable/apps"
cp persona_desktop/gui/icons/logo.svg "$ROOT/usr/share/icons/hicolor/scalable/apps/persona-desktop.svg"

install -m 0644 installer/linux/persona-desktop.desktop "$ROOT/usr/share/applications/"
install -m 0644 installer/linux/persona-desktop-mime.xml \
  "$ROOT/usr/share/mime/packages/persona-desktop.xml"
printf 'Persona Desktop %s\nLicense and third-party notices: see /opt/persona-desktop.\n' \
  "$VERSION" > "$ROOT/usr/share/doc/persona-desktop/README"

# Qt's xcb plugin and the EGL/GL stack it opens (ldd of libqxcb.so), fontconfig, D-Bus, GLib.
# libglib2.0-0 is libglib2.0-0t64 from Debian 13 / Ubuntu 24.04 on.
DEPENDS="libc6 (>= 2.31), libglib2.0-0t64 | libglib2.0-0, libfontconfig1, libfreetype6, libdbus-1-3,
 libx11-6, libx11-xcb1, libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1,
 libxcb-randr0, libxcb-render-util0, libxcb-render0, libxcb-shape0, libxcb-shm0, libxcb-sync1,
 libxcb-xfixes0, libxcb-xkb1, libxkbcommon0, libxkbcommon-x11-0, libegl1, libgl1, libopengl0"
SIZE=$(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)
cat > "$ROOT/DEBIAN/control" <<EOF
Package: persona-desktop
Version: $VERSION
Architecture: $ARCH
Maintainer: Persona Desktop <maintainers@persona-desktop.invalid>
Installed-Size: $SIZE
Depends: $(echo "$DEPENDS" | tr -d '\n' | tr -s ' ')
Section: misc
Priority: optional
Homepage: https://persona-desktop.invalid/
Description: understand your customers, privately, on this computer
 Persona Desktop imports customer and order files into an encrypted local
 vault, replaces identifiers with keyed pseudonyms, and builds profiles,
 segments, predictions and persona cards without any network access.
 .
 Vaults live in each user's home folder and are kept when the package is
 removed or purged.
EOF

mkdir -p dist
dpkg-deb --root-owner-group -Z"$COMPRESS" --build "$ROOT" "$OUT" >/dev/null
echo "built $OUT ($(du -h "$OUT" | cut -f1), installed size $((SIZE / 1024)) MB)"
