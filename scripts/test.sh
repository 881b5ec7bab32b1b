#!/usr/bin/env bash
# The one test command: installs what the tests need (on a fresh machine, as root), then runs the whole build.
set -euo pipefail
cd "$(dirname "$0")/.."

NEEDED_PACKAGES=(clang llvm libbpf-dev libxdp-dev libxdp1 xdp-tools iproute2 libc6-dev gcc make)

install_missing_packages()
{
    local missing=()
    local pkg
    for pkg in "${NEEDED_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "warning: missing packages ${missing[*]} and not root: tests that need them will be skipped" >&2
        return 0
    fi
    echo "installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_missing_packages

# shellcheck source=java-common
source scripts/java-common

mvn -B -Dstyle.color=never verify "$@"
