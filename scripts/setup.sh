#!/usr/bin/env bash
# Installs what SwiftChop needs on a fresh Debian/Ubuntu machine with the Swift
# toolchain: GNU MPFR and GMP (headers and pkg-config file). Safe to re-run.
set -euo pipefail
if pkg-config --exists mpfr 2>/dev/null && [ -f /usr/include/mpfr.h ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libmpfr-dev libgmp-dev pkg-config >/dev/null
pkg-config --modversion mpfr >/dev/null
