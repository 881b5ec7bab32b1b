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

# The scheduler-trace test (bench-e2e --trace-sched) needs tracefs: systemd mounts it on most hosts, a bare VM may not.
if [ "$(id -u)" -eq 0 ] && [ -d /sys/kernel/tracing ] && ! mountpoint -q /sys/kernel/tracing; then
    mount -t tracefs nodev /sys/kernel/tracing && echo "mounted tracefs at /sys/kernel/tracing" >&2 || true
fi

# shellcheck source=java-common
source scripts/java-common

mvn -B -Dstyle.color=never verify "$@"

# CI proof that -Dmdp3.schema=<CME's templates_FixBinary.xml> builds the same Java as our mdp3.xml subset: generate the
# codecs from CME's published v13 file into target-cme/ (the normal build keeps target/), check that every class
# generated from codecs/src/main/resources/sbe/mdp3.xml comes out byte-identical, compile the modules that use the
# codecs and run the codecs tests against it. Skipped, with a line saying so, when the file is not beside the clone.
verify_official_cme_schema()
{
    local schema="${XDPFEED_SHARED_DIR:-../shared}/reference/cme-mdp3-templates_FixBinary-v13.xml"
    if [ ! -f "$schema" ]; then
        echo "official CME schema v13: skipped ($schema not found beside the clone)"
        return 0
    fi
    schema="$(cd "$(dirname "$schema")" && pwd)/$(basename "$schema")"

    local modules="codecs"
    local module
    for module in native feed-handler; do
        if [ -f "$module/pom.xml" ]; then
            modules="$modules,$module"
        fi
    done

    mvn -B -q -Dstyle.color=never -Dxdpfeed.build.dir=target-cme -Dmdp3.schema="$schema" -pl "$modules" -am \
        -Dtest='io.xdpfeed.codecs.**' -Dsurefire.failIfNoSpecifiedTests=false test

    local ours="codecs/target/generated-sources/sbe/io/xdpfeed/codecs/mdp3"
    local theirs="codecs/target-cme/generated-sources/sbe/io/xdpfeed/codecs/mdp3"
    local file
    local count=0
    if [ ! -d "$ours" ]; then
        echo "official CME schema v13: FAILED: $ours missing (the main build did not generate the codecs)" >&2
        return 1
    fi
    for file in "$ours"/*.java; do
        if [ "$(basename "$file")" = "package-info.java" ]; then
            continue
        fi
        if ! cmp -s "$file" "$theirs/$(basename "$file")"; then
            echo "official CME schema v13: FAILED: $(basename "$file") differs from the one generated from $schema" >&2
            echo "  diff $file $theirs/$(basename "$file")" >&2
            return 1
        fi
        count=$((count + 1))
    done
    echo "official CME schema v13: OK ($count generated classes identical; $modules compiled and codecs tests passed against it)"
}

verify_official_cme_schema

# The scripts as a user runs them, from another directory with relative paths (they change to the repository root
# themselves): the handler reads a relative --config (its misspelled key is named, with the nearest known one) and
# replay reads a relative capture and writes a relative --books there.
check_scripts_from_another_directory()
{
    local root
    root="$(pwd)"
    local capture="${XDPFEED_SHARED_DIR:-../shared}/data/cme-mdp3/Cme.Mdp3.Sbe.v9.1.Example.pcap"
    if [ ! -f "$capture" ]; then
        echo "scripts from another directory: skipped ($capture not found beside the clone)"
        return 0
    fi
    local dir
    dir="$(mktemp -d)"
    cp "$capture" "$dir/capture.pcap"
    mkdir "$dir/no-driver"
    printf 'xdpfeed.transprt=udp\nxdpfeed.aeron.dir=%s/no-driver\n' "$dir" > "$dir/handler.properties"
    local out status=0
    out="$(cd "$dir" && "$root/scripts/feed-handler" --config handler.properties 2>&1)" || status=$?
    if [ "$status" -ne 1 ] || ! grep -q "unknown key xdpfeed.transprt.*xdpfeed.transport" <<< "$out"; then
        echo "scripts from another directory: FAILED: scripts/feed-handler --config handler.properties (relative)" \
            "exited $status: $out" >&2
        rm -rf "$dir"
        return 1
    fi
    status=0
    out="$(cd "$dir" && "$root/scripts/replay" capture.pcap --books books.json --summary-json 2>&1)" || status=$?
    if [ "$status" -ne 0 ] || [ ! -s "$dir/books.json" ]; then
        echo "scripts from another directory: FAILED: scripts/replay capture.pcap --books books.json (relative)" \
            "exited $status: $out" >&2
        rm -rf "$dir"
        return 1
    fi
    rm -rf "$dir"
    echo "scripts from another directory: OK (feed-handler read a relative --config, replay a relative capture and --books)"
}

check_scripts_from_another_directory

# Fuzzing in the build (docs/fuzzing.md): the build above ran every fuzz target on its seeds and kept crash inputs
# (regression mode); here each target is also fuzzed for a few seconds (XDPFEED_FUZZ_SECONDS, default 5; 0 skips).
# Only a finding fails: its input is left in the target's Inputs directory, where every later build replays it.
fuzz_briefly()
{
    local seconds="${XDPFEED_FUZZ_SECONDS:-5}"
    if [ "$seconds" = "0" ]; then
        echo "fuzzing: skipped (XDPFEED_FUZZ_SECONDS=0)"
        return 0
    fi
    scripts/fuzz --seconds "$seconds" --no-build
}

fuzz_briefly

# One closing line over every module's Surefire reports, so that whoever reads only the end of the log sees the count.
summarize_tests()
{
    python3 - <<'PY' 2>/dev/null || true
import glob, xml.etree.ElementTree as ET
tests = failures = skipped = 0
for path in glob.glob('*/target/surefire-reports/TEST-*.xml'):
    root = ET.parse(path).getroot()
    tests += int(root.get('tests', 0))
    failures += int(root.get('failures', 0)) + int(root.get('errors', 0))
    skipped += int(root.get('skipped', 0))
print(f"Tests: {tests - failures - skipped} passed, {failures} failed, {skipped} skipped")
PY
}

summarize_tests
