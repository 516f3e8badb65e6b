#!/usr/bin/env bash
# Installs the Debian packages ward needs to build and test, when run as root;
# otherwise prints the apt-get line to run. Quiet when everything is present.
set -euo pipefail

# What uses what:
#   build:            build-essential cmake pkg-config libssl-dev (libcrypto headers)
#   unit tests:       libcmocka-dev
#   format check:     clang-format
#   test-valgrind:    valgrind (memcheck: unit tests, a client/server run)
#   fuzz smoke:       clang libclang-rt-14-dev (libFuzzer runtime)
#   tests/interop:    openssl (s_server/s_client, PKI), gnutls-bin (gnutls-cli), curl,
#                     python3 (ssl module), tshark (key log decryption), iproute2 (ss),
#                     binutils (nm), ca-certificates (the system trust store)
packages=(build-essential cmake pkg-config libssl-dev openssl libcmocka-dev
          gnutls-bin curl python3 tshark clang clang-format libclang-rt-14-dev
          valgrind iproute2 binutils ca-certificates)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "ward needs these Debian packages; run as root:" >&2
    echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer no without a prompt.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
