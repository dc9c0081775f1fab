#!/usr/bin/env bash
# System packages docgen's PDF export and its tests need (Debian/Ubuntu, as root or with sudo):
# LibreOffice with its UI (the real-editor tests, tests/editors, type into Writer and Calc under Xvfb
# through python3-uno; the -nogui packages have no UI files and are replaced), CJK fonts, poppler
# (pdftoppm), and the Fandol faces (a simplified-Chinese FangSong/Kai/Song) taken out of
# texlive-lang-chinese without installing TeX.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# installed, not merely known to dpkg: a removed package keeps "deinstall ok config-files" and
# `dpkg -s` still succeeds for it; `command -v soffice` is also true with the -nogui packages
installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
need=()
# LibreOffice with its UI: installing these replaces libreoffice-{writer,calc}-nogui
for pkg in libreoffice-writer libreoffice-calc libreoffice-gtk3 python3-uno xvfb xdotool; do
  installed "$pkg" || need+=("$pkg")
done
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v fc-match >/dev/null || need+=(fontconfig)
installed fonts-noto-cjk || need+=(fonts-noto-cjk)
installed fonts-liberation2 || need+=(fonts-liberation2)
# CJK Extension B (rare name characters such as 𠀀): no other free face here covers it
installed fonts-hanazono || need+=(fonts-hanazono)
installed chromium || need+=(chromium)  # tests/portal/test_browser.py (Playwright drives it)
installed firefox-esr || need+=(firefox-esr)  # tests/portal/test_firefox.py (Marionette drives it)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi
FANDOL=/usr/local/share/fonts/fandol
if [ ! -f "$FANDOL/FandolFang-Regular.otf" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download texlive-lang-chinese >/dev/null 2>&1) \
    || { $SUDO apt-get update -q && (cd "$tmp" && apt-get download texlive-lang-chinese >/dev/null); }
  dpkg-deb --fsys-tarfile "$tmp"/texlive-lang-chinese_*.deb \
    | tar -x -C "$tmp" --wildcards './usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/*.otf'
  $SUDO mkdir -p "$FANDOL"
  $SUDO cp "$tmp"/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/*.otf "$FANDOL"/
  rm -rf "$tmp"
  $SUDO fc-cache -f >/dev/null
fi
for pkg in libreoffice-writer-nogui libreoffice-calc-nogui; do
  if installed "$pkg"; then echo "$pkg is still installed: the LibreOffice UI packages did not replace it" >&2; exit 1; fi
done
/usr/bin/python3 -c "import uno" || { echo "python3-uno installed but /usr/bin/python3 cannot import uno" >&2; exit 1; }
echo "system dependencies ready: $(soffice --version 2>/dev/null | head -1)"
