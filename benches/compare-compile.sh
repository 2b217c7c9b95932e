#!/usr/bin/env bash
# Compile time of a whole module, brisk's compiled tier against wasmtime,
# as a markdown table with the ratio brisk/wasmtime (below 1: brisk is
# faster). By default the module is CPython 3.12's python.wasm (26 MB,
# 11,448 functions), fetched first with fetch-python-wasm.sh when missing.
#
#   benches/compare-compile.sh [--no-build] [--reps N] [FILE.wasm...]
#
# What is timed, wall clock, best of N (default 3), the two engines
# alternated each repetition:
# - brisk: the `compile-time` bin (src/bin/compile-time.rs, built
#   --release first unless --no-build): decode + validate
#   (`OwnedModule::new`) plus `brisk_aot::compile` with the default options,
#   functions compiled in parallel on one thread per core.
# - wasmtime: `Module(engine, bytes)` from PyPI `wasmtime` (pinned in
#   wasmtime_bench.py, installed into benches/.venv by wasmtime-env.sh):
#   decode, validate and compile, with wasmtime's default parallel
#   compilation on all cores and no compilation cache.
# Neither side instantiates. Both use every core (2 on the development
# machine): run it when nothing else is building. A module brisk cannot
# compile is an ERROR cell and an `error:` line, and the script exits 1.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"

build=1
reps=3
files=()
while (($#)); do
    case "$1" in
        --no-build) build=0 ;;
        --reps) reps="$2"; shift ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
        *) files+=("$1") ;;
    esac
    shift
done
if ((${#files[@]} == 0)); then
    files=(benches/data/python.wasm)
    [[ -s benches/data/python.wasm ]] || bash benches/fetch-python-wasm.sh
fi

if ((build)); then
    cargo build -q --release -p brisk-benches --bin compile-time
fi
brisk="$target/release/compile-time"

source benches/wasmtime-env.sh
python="$(wasmtime_python)"

"$python" - "$reps" "$brisk" "$root/benches" "${files[@]}" <<'PY'
import json, os, subprocess, sys

reps, brisk, benches, files = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
sys.path.insert(0, benches)
import wasmtime_bench as wb

def brisk_once(path):
    """The compile-time bin's fields for one repetition, or raise with its error."""
    if not os.path.isfile(brisk):
        raise RuntimeError(f"no {brisk} (build it: cargo build --release -p brisk-benches)")
    p = subprocess.run([brisk, "--reps", "1", path], capture_output=True, text=True)
    if p.returncode != 0:
        first = ((p.stderr or p.stdout).strip().splitlines() or ["(no output)"])[0]
        raise RuntimeError(first.removeprefix("error: "))
    return dict(field.split("=", 1) for field in p.stdout.split())

errors = []
rows = []
for path in files:
    best = {"brisk": None, "validate": None, "wasmtime": float("inf")}
    functions = "?"
    for _ in range(reps):
        if best["brisk"] != "ERROR":
            try:
                fields = brisk_once(path)
                functions = fields["functions"]
                total, validate = float(fields["total_ms"]), float(fields["validate_ms"])
                if best["brisk"] is None or total < best["brisk"]:
                    best["brisk"], best["validate"] = total, validate
            except (RuntimeError, KeyError, ValueError) as e:
                best["brisk"] = "ERROR"
                errors.append(f"brisk {path}: {e}")
        best["wasmtime"] = min(best["wasmtime"], wb.compile_module(path, 1)["compile_ms"])
        print(f"{os.path.basename(path)}: repetition done", file=sys.stderr)
    rows.append((path, os.path.getsize(path), functions, best))

def ms(value):
    if not isinstance(value, float):
        return "n/a" if value is None else value
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"

print(f"\ncompile time, wall clock, best of {reps}, milliseconds; {os.cpu_count()} cores; "
      f"wasmtime {wb.WASMTIME_VERSION} (PyPI); ratio below 1: brisk is faster\n")
print("| module | bytes | functions | brisk validate | brisk total | wasmtime | brisk/wasmtime |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for path, size, functions, best in rows:
    b, w = best["brisk"], best["wasmtime"]
    ratio = f"{b / w:.2f}x" if isinstance(b, float) else "n/a"
    print(f"| {os.path.basename(path)} | {size} | {functions} | {ms(best['validate'])} "
          f"| {ms(b)} | {ms(w)} | {ratio} |")
print("\nbrisk total = decode + validate (its own column) + brisk_aot::compile; "
      "wasmtime = Module(engine, bytes)")
for error in errors:
    print(f"error: {error}")
sys.exit(1 if errors else 0)
PY
