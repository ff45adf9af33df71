#!/bin/sh
# Install the Debian packages the app and its tests need, only where they are missing.
# WeasyPrint needs Pango; certificates need Noto fonts; tests read PDFs with poppler and qpdf
# and drive Debian's Chromium for the browser test.
set -e
packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-noto-cjk poppler-utils qpdf chromium chromium-driver"
missing=""
for package in $packages; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Please install these packages with your system's package manager:$missing" >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Installing system packages:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
