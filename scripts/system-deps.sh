#!/bin/sh
# Install the Debian packages a target needs, only where they are missing:
#   run   (the app): WeasyPrint needs Pango; certificates need Noto fonts;
#   test  (the suite): also poppler and qpdf to read PDFs, Debian's Chromium for browser tests;
#   bench (make bench): also wrk, the load generator of bench/pages.py.
set -e
packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-noto-cjk"
case "${1:-test}" in
  run) ;;
  test) packages="$packages poppler-utils qpdf chromium chromium-driver" ;;
  bench) packages="$packages poppler-utils qpdf wrk" ;;
  *) echo "usage: $0 run|test|bench" >&2; exit 2 ;;
esac
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
