#!/usr/bin/env bash
# Installs what a Native AOT publish needs on Debian (the native linker driver clang and zlib's
# headers), unless they are there already. The package tests publish a receiver with PublishAot.
set -euo pipefail

missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
dpkg-query -W -f='${Status}' zlib1g-dev 2>/dev/null | grep -q "install ok installed" || missing+=(zlib1g-dev)
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "native-aot-prerequisites: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi

echo "native-aot-prerequisites: installing Debian's ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
