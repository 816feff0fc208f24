#!/usr/bin/env bash
# Debian packages the tests use when they can be had: a CJK font (to draw OCR test
# images), LibreOffice without a GUI (to read legacy .doc/.xls/WPS files), and PostgreSQL
# (the ledger tests start a throwaway server of their own: tests/ledger_servers.py), and
# Chromium (a test renders the HTML report in it headless; the review desk's browser tests
# drive it with Playwright for Python — Playwright's own browser download is not used).
# Without them the tests that need them skip; nothing else depends on them. Each group is
# installed on its own, so one that fails to install does not take the others with it.
set -u
groups=(
    "fonts-wqy-microhei libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui"
    "postgresql"
    "chromium"
)
updated=no
for packages in "${groups[@]}"; do
    if dpkg -s $packages >/dev/null 2>&1; then
        continue
    fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        export DEBIAN_FRONTEND=noninteractive
        if [ $updated = no ]; then
            apt-get update -qq >/dev/null 2>&1
            updated=yes
        fi
        apt-get install -y -qq --no-install-recommends $packages >/dev/null 2>&1 \
            || echo "system-packages: could not install $packages; the tests that need them will skip" >&2
    else
        echo "system-packages: not root or no apt-get; install $packages to run every test" >&2
    fi
done
exit 0
