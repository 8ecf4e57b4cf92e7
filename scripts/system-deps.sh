#!/usr/bin/env bash
# Installs the Debian packages the project needs when they are missing and we may (root):
# WeasyPrint's Pango stack, fonts for PDFs (Latin and Thai), and Chromium for browser tests.
set -euo pipefail
want_browser=${1:-}
missing=()
ldconfig -p | grep -q libpango-1.0 || missing+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -qi 'thai\|tlwg\|loma' || missing+=(fonts-tlwg-loma-otf)
if [ "$want_browser" = "--browser" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
fi
command -v openssl >/dev/null || missing+=(openssl)
# PyICU (transliteration in screening) builds from source against ICU: headers, pkg-config, a C++ compiler.
pkg-config --exists icu-uc 2>/dev/null || missing+=(libicu-dev pkg-config)
command -v g++ >/dev/null || missing+=(g++)
command -v msgfmt >/dev/null || missing+=(gettext)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "Missing system packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 0
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
