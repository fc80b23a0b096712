#!/bin/sh
# Installs the Debian packages given as arguments when any is missing.
# Needs root (CI runs as root); otherwise says what is missing and lets the tests skip.
missing=""
for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "note: missing Debian packages:$missing (run as root to install; tests needing them will skip)" >&2
    exit 0
fi
echo "installing Debian packages:$missing"
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null \
    || echo "note: could not install:$missing (tests needing them will skip)" >&2
exit 0
