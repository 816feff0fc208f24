#!/usr/bin/env bash
# Debian packages the tests use when they can be had: a CJK font (to draw OCR test
# images) and LibreOffice without a GUI (to read legacy .doc/.xls/WPS files).
# Without them the tests that need them skip; nothing else depends on them.
set -u
packages="fonts-wqy-microhei libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui"
if dpkg -s $packages >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq --no-install-recommends $packages >/dev/null 2>&1 \
        || echo "system-packages: could not install $packages; OCR-image and legacy-format tests will skip" >&2
else
    echo "system-packages: not root or no apt-get; install $packages to run every test" >&2
fi
exit 0
