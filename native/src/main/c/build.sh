#!/usr/bin/env bash
# Builds the C tools of bench-ingress and the integration tests: build.sh <output-dir>
#   xdpfeed-sender         paced multicast sender (sendmmsg, or an AF_XDP TX ring with --xdp-tx)
#   xdpfeed-cxdp-receiver  reference AF_XDP receiver on libxdp (transport=c-xdp)
# Rebuilds a tool only when its source is newer. Fails naming the Debian package when gcc or a header is missing.
set -euo pipefail

source_dir="$(cd "$(dirname "$0")" && pwd)"
output_dir="$1"

if ! command -v gcc >/dev/null 2>&1; then
    echo "error: gcc not found, needed to build the C sender and receiver: apt-get install gcc libc6-dev" >&2
    exit 1
fi
if [ ! -f /usr/include/xdp/xsk.h ]; then
    echo "error: libxdp headers not found (/usr/include/xdp/xsk.h): apt-get install libxdp-dev libbpf-dev" >&2
    exit 1
fi

mkdir -p "$output_dir"
build()
{
    local tool="$1" source="$2"
    shift 2
    if [ ! -x "$output_dir/$tool" ] || [ "$source_dir/$source" -nt "$output_dir/$tool" ] ||
        [ "$source_dir/udp_frame.h" -nt "$output_dir/$tool" ] ||
        [ "$source_dir/sequence_count.h" -nt "$output_dir/$tool" ]; then
        gcc -O2 -g -Wall -Wextra -Werror -o "$output_dir/$tool" "$source_dir/$source" "$@"
    fi
}
build xdpfeed-sender mcast_sender.c -lxdp -lbpf
build xdpfeed-cxdp-receiver xdp_receiver.c -lxdp -lbpf
