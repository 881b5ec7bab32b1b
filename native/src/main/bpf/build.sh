#!/usr/bin/env bash
# Compiles the XDP program for the Maven build: build.sh <source.c> <output.o> [extra clang flags...]
# (xdp_mcast_arb.o: -mcpu=v3 -DXDPFEED_ARBITRATION, the arbitrating build; see docs/arbitration.md)
# Fails with the Debian package to install when clang or the libbpf headers are missing.
set -euo pipefail

source_file="$1"
output_file="$2"
shift 2

if ! command -v clang >/dev/null 2>&1; then
    echo "error: clang not found, needed to compile the XDP program: apt-get install clang llvm" >&2
    exit 1
fi
if [ ! -f /usr/include/bpf/bpf_helpers.h ]; then
    echo "error: libbpf headers not found (/usr/include/bpf/bpf_helpers.h): apt-get install libbpf-dev" >&2
    exit 1
fi
multiarch_include="/usr/include/$(uname -m)-linux-gnu"
if [ ! -f "$multiarch_include/asm/types.h" ] && [ ! -f /usr/include/asm/types.h ]; then
    echo "error: kernel headers not found (asm/types.h): apt-get install linux-libc-dev" >&2
    exit 1
fi

mkdir -p "$(dirname "$output_file")"
clang -O2 -g -Wall -Werror -target bpf -I"$multiarch_include" "$@" -c "$source_file" -o "$output_file"
