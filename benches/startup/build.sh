#!/usr/bin/env bash
# Rebuilds hello.wasm (committed; CI does not run this). Needs Debian's
# clang lld wasi-libc libclang-rt-dev-wasm32. The command, run from this
# directory:
#   clang --target=wasm32-wasi -O2 -s -Wall -Wextra -Werror -o hello.wasm hello.c
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
sed -n 's/^#   \(clang .*\)$/\1/p' "${BASH_SOURCE[0]}" | while read -r cmd; do
    echo "$cmd"
    eval "$cmd"
done
