#!/usr/bin/env bash
# Debian packages: Latin Modern Math (fonts-lmodern), which every build needs (bookbuild/fonts.py); for the tests,
# Chromium for the browser tests and `make pdf`, poppler to check the PDFs, EPUBCheck to check `make epub`'s books.
# With package names, only those (`make setup` asks for the build's); without, all. Idempotent: installs only what is
# missing.
set -euo pipefail
packages=("$@")
[ $# -gt 0 ] || packages=(chromium epubcheck fonts-dejavu-core fonts-lmodern poppler-utils)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
