#!/usr/bin/env bash
# Runs the validate benchmark and prints, per input, brisk's and
# wasmparser's mean time and the ratio brisk/wasmparser (below 1: brisk is
# faster). Extra arguments go to criterion, e.g. a filter:
#   benches/compare-validate.sh validate-python
# Fetch the real-world inputs first with benches/fetch-python-wasm.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cargo bench -p brisk-benches --bench validate -- "$@"

target="${CARGO_TARGET_DIR:-$root/target}"
python3 - "$target/criterion" <<'PY'
import json, pathlib, sys
root = pathlib.Path(sys.argv[1])

def mean_ns(group, func):
    path = root / group / func / "new" / "estimates.json"
    try:
        return json.loads(path.read_text())["mean"]["point_estimate"]
    except FileNotFoundError:
        return None

def ms(ns):
    return f"{ns / 1e6:10.3f} ms"

rows = []
for group in sorted(p.name for p in root.glob("validate-*") if p.is_dir()):
    brisk, theirs = mean_ns(group, "brisk"), mean_ns(group, "wasmparser")
    if brisk is None or theirs is None:
        continue
    rows.append((group.removeprefix("validate-"), brisk, theirs))

if not rows:
    sys.exit(f"no validate-* results under {root}")
print(f"\n{'input':<18}{'brisk':>14}{'wasmparser':>14}{'brisk/wasmparser':>19}")
for name, brisk, theirs in rows:
    print(f"{name:<18}{ms(brisk):>14}{ms(theirs):>14}{brisk / theirs:>18.2f}x")
PY
