#!/usr/bin/env bash
# System packages docgen's PDF export and its tests need (Debian/Ubuntu, as root or with sudo):
# LibreOffice (headless), CJK fonts, poppler (pdftoppm), and the Fandol faces (a simplified-Chinese
# FangSong/Kai/Song) taken out of texlive-lang-chinese without installing TeX.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
need=()
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v fc-match >/dev/null || need+=(fontconfig)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
dpkg -s fonts-liberation2 >/dev/null 2>&1 || need+=(fonts-liberation2)
# CJK Extension B (rare name characters such as 𠀀): no other free face here covers it
dpkg -s fonts-hanazono >/dev/null 2>&1 || need+=(fonts-hanazono)
command -v chromium >/dev/null || need+=(chromium)  # tests/portal/test_browser.py (Playwright drives it)
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
echo "system dependencies ready: $(soffice --version 2>/dev/null | head -1)"
