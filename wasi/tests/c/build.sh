#!/usr/bin/env bash
# Rebuilds the WASI test programs (the .wasm files are committed; CI does
# not run this). Needs Debian's clang lld wasi-libc libclang-rt-dev-wasm32.
# One command per program, run from this directory:
#   clang --target=wasm32-wasi -O2 -s -Wall -Wextra -Werror -o files.wasm files.c
#   clang --target=wasm32-wasi -O2 -s -Wall -Wextra -Werror -o dirs.wasm dirs.c
#   clang --target=wasm32-wasi -O2 -s -Wall -Wextra -Werror -o clocks.wasm clocks.c
#   clang --target=wasm32-wasi -O2 -s -Wall -Wextra -Werror -o random.wasm random.c
#   clang --target=wasm32-wasi -O2 -s -Wall -Wextra -Werror -o env.wasm env.c
#   clang --target=wasm32-wasi -O2 -s -Wall -Wextra -Werror -o args.wasm args.c
#   clang --target=wasm32-wasi -O2 -s -Wall -Wextra -Werror -o stdin.wasm stdin.c
#   clang --target=wasm32-wasi -O2 -s -Wall -Wextra -Werror -o errno.wasm errno.c
#   clang --target=wasm32-wasi -O2 -s -Wall -Wextra -Werror -o exit.wasm exit.c
#   clang --target=wasm32-wasi -O2 -s -Wall -Wextra -Werror -o fdops.wasm fdops.c
#   clang --target=wasm32-wasi -O2 -s -Wall -Wextra -Werror -o sockets.wasm sockets.c
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
sed -n 's/^#   \(clang .*\)$/\1/p' "${BASH_SOURCE[0]}" | while read -r cmd; do
    echo "$cmd"
    eval "$cmd"
done
