#!/usr/bin/env bash
# Installs the wasmtime CLI that benches/compare-startup.sh runs against,
# from crates.io with `cargo install --locked` (there is no other network
# on the development machine, so no prebuilt release binary). It is a
# benchmark-only peer, not part of CI: the build takes 20-40 minutes on
# 2 cores.
#
#   benches/startup/install-wasmtime-cli.sh          # installs if needed, prints the binary's path
#   benches/startup/install-wasmtime-cli.sh --check  # prints the path if installed, else exit 1
#
# Pinned: WASMTIME_CLI_VERSION below, the newest wasmtime-cli whose
# rust-version (MSRV) our toolchain (Rust 1.95) satisfies: 48.0.8 declares
# rust-version 1.95.0; 49.0.0 needs 1.96 and 50.0.x 1.97.
#
# Idempotent: when $WASMTIME_ROOT/bin/wasmtime (default /work/tools/wasmtime,
# or benches/.tools/wasmtime when /work is absent) already reports the
# pinned version, it does nothing. WASMTIME_JOBS (default 2) goes to -j; the
# build runs under `nice -n 15`, the machine being shared. Its target
# directory is $WASMTIME_ROOT/build, so an interrupted build resumes; it is
# removed (1.5 GB) once the binary is installed.
# Messages go to stderr; the last line on stdout is the binary's path.
set -euo pipefail

WASMTIME_CLI_VERSION="48.0.8"

if [[ -z "${WASMTIME_ROOT:-}" ]]; then
    if [[ -d /work ]]; then
        WASMTIME_ROOT=/work/tools/wasmtime
    else
        WASMTIME_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools/wasmtime"
    fi
fi
bin="$WASMTIME_ROOT/bin/wasmtime"

installed() {
    [[ -x "$bin" ]] && [[ "$("$bin" --version 2>/dev/null)" == "wasmtime $WASMTIME_CLI_VERSION"* ]]
}

if installed; then
    echo "$bin"
    exit 0
fi
if [[ "${1:-}" == "--check" ]]; then
    echo "error: no wasmtime $WASMTIME_CLI_VERSION at $bin; run $0 (20-40 minutes)" >&2
    exit 1
fi

echo "note: installing wasmtime-cli $WASMTIME_CLI_VERSION into $WASMTIME_ROOT (20-40 minutes on 2 cores)" >&2
mkdir -p "$WASMTIME_ROOT"
CARGO_TARGET_DIR="$WASMTIME_ROOT/build" nice -n 15 \
    cargo install wasmtime-cli --version "$WASMTIME_CLI_VERSION" --locked \
    --root "$WASMTIME_ROOT" -j "${WASMTIME_JOBS:-2}" >&2

if ! installed; then
    echo "error: $bin does not report wasmtime $WASMTIME_CLI_VERSION after the install" >&2
    exit 1
fi
rm -rf "$WASMTIME_ROOT/build"
echo "$bin"
