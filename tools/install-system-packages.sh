#!/usr/bin/env bash
# Debian packages the tests need: Chromium for the browser tests and `make pdf`, poppler to check the PDFs, EPUBCheck
# to check `make epub`'s books. Idempotent: installs only what is missing.
set -euo pipefail
packages=(chromium epubcheck fonts-dejavu-core poppler-utils)
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
