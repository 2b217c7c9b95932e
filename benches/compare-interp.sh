#!/usr/bin/env bash
# Times the interpreter kernels (benches/kernels/*.wat) on brisk, wasmi and
# wasm3 and prints a table: median milliseconds per engine, the ratios
# brisk/wasmi and brisk/wasm3 (below 1: brisk is faster) and their geometric
# means. Every run's result is checked against the checksum the kernel file
# declares; a wrong one is shown as WRONG and makes the script exit 1.
#
#   benches/compare-interp.sh [--no-build] [--reps N] [KERNEL...]
#
# Peers:  cargo install wasmi_cli   (the `wasmi` binary, 2.0 at the time of writing)
#         pip install pywasm3       (wasm3 0.5; it has no SIMD, so `simd` is n/a there)
# brisk:  `brisk run --interp --invoke run FILE ARG` from target/release/brisk,
#         built first unless --no-build. A column whose engine is missing, or
#         a brisk binary without that command, prints n/a, never a number.
#
# What is timed: for brisk and wasmi the whole process (start, decode,
# validate, translate, run, print); for wasm3, inside one Python process,
# parse + load + the call, with a fresh runtime per repetition (so no
# interpreter start-up, about 1 ms for the Rust binaries, which is under 2%
# of the default sizes). Set BRISK=/path/to/brisk or WASMI=/path/to/wasmi
# to use other binaries.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"

build=1
reps=5
kernels=()
while (($#)); do
    case "$1" in
        --no-build) build=0 ;;
        --reps) reps="$2"; shift ;;
        -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
        *) kernels+=("$1") ;;
    esac
    shift
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The kernels as .wasm, and the table NAME ARG EXPECT SMALL, from the kernel files.
cargo run -q --release -p brisk-benches --bin kernels -- "$work" >"$work/table"

brisk="${BRISK:-$target/release/brisk}"
if ((build)) && [[ -z "${BRISK:-}" ]]; then
    if ! cargo build -q --release -p brisk-cli; then
        echo "note: building brisk-cli failed; the brisk column is n/a" >&2
        brisk=""
    fi
fi

python3 - "$work" "$reps" "$brisk" "${WASMI:-wasmi}" "${kernels[@]}" <<'PY'
import math, os, shutil, statistics, subprocess, sys, time

work, reps, brisk, wasmi = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
only = set(sys.argv[5:])
table = []
for line in open(os.path.join(work, "table")):
    name, arg, expect = line.split()[:3]
    if not only or name in only:
        table.append((name, int(arg), int(expect)))
if only - {name for name, _, _ in table}:
    sys.exit(f"unknown kernel(s): {' '.join(sorted(only - {n for n, _, _ in table}))}")

def same(value, expect):
    """The checksum, allowing an engine to print an i32/i64 unsigned."""
    return value == expect or (expect < 0 and value - expect in (1 << 32, 1 << 64))

class Unsupported(Exception):
    pass

def cli_runner(argv_for):
    def run(path, arg):
        start = time.perf_counter()
        p = subprocess.run(argv_for(path, arg), capture_output=True, text=True, timeout=300)
        elapsed = time.perf_counter() - start
        if p.returncode != 0:
            raise RuntimeError((p.stderr or p.stdout).strip().splitlines()[0:1])
        return elapsed, int(p.stdout.split()[0])
    return run

def wasm3_runner():
    try:
        import wasm3
    except ImportError:
        return None, "pip install pywasm3"
    def run(path, arg):
        data = open(path, "rb").read()
        env = wasm3.Environment()
        start = time.perf_counter()
        rt = env.new_runtime(1 << 20)
        try:
            rt.load(env.parse_module(data))
            func = rt.find_function("run")  # compiles the function
        except RuntimeError as e:  # wasm3 rejects what it does not implement (SIMD)
            raise Unsupported(str(e))
        result = func(arg)
        return time.perf_counter() - start, result
    return run, None

def brisk_runner():
    if not brisk or not os.path.isfile(brisk):
        return None, "no brisk binary"
    run = cli_runner(lambda path, arg: [brisk, "run", "--interp", "--invoke", "run", path, str(arg)])
    # Only a binary that has the command and gets a small case right counts.
    probe = os.path.join(work, "fib.wasm")
    try:
        _, value = run(probe, 20)
    except Exception:
        return None, "`brisk run --interp --invoke` not available"
    if value != 6765:
        return None, f"`brisk run` printed {value} for fib(20)"
    return run, None

engines = {}
notes = []
engines["brisk"], note = brisk_runner()
if note: notes.append(f"brisk: {note}")
if shutil.which(wasmi):
    engines["wasmi"] = cli_runner(lambda path, arg: [wasmi, "--invoke", "run", path, str(arg)])
else:
    engines["wasmi"] = None
    notes.append("wasmi: not found (cargo install wasmi_cli)")
engines["wasm3"], note = wasm3_runner()
if note: notes.append(f"wasm3: {note}")

failed = False
results = {}  # (engine, kernel) -> median seconds, or a string to print instead
for name, arg, expect in table:
    path = os.path.join(work, f"{name}.wasm")
    for engine, run in engines.items():
        if run is None:
            results[engine, name] = "n/a"
            continue
        times = []
        try:
            for _ in range(reps):
                elapsed, value = run(path, arg)
                if not same(value, expect):
                    results[engine, name] = "WRONG"
                    notes.append(f"{engine} {name}({arg}) returned {value}, expected {expect}")
                    failed = True
                    break
                times.append(elapsed)
            else:
                results[engine, name] = statistics.median(times)
        except Unsupported as e:
            results[engine, name] = "unsupp."
            notes.append(f"{engine} {name}: cannot load it ({e})")
        except Exception as e:
            results[engine, name] = "ERROR"
            notes.append(f"{engine} {name}({arg}): {e}")
            failed = True
    print(f"{name}: done", file=sys.stderr)

def cell(value):
    return f"{value * 1e3:10.1f}" if isinstance(value, float) else f"{value:>10}"

def ratio(a, b):
    return a / b if isinstance(a, float) and isinstance(b, float) else None

print(f"\nmedian of {reps} runs, milliseconds; ratio below 1: brisk is faster")
print(f"{'kernel':<12}{'arg':>10}{'brisk':>10}{'wasmi':>10}{'wasm3':>10}"
      f"{'brisk/wasmi':>13}{'brisk/wasm3':>13}{'wasm3/wasmi':>13}")
columns = {"brisk/wasmi": [], "brisk/wasm3": [], "wasm3/wasmi": []}
for name, arg, _ in table:
    b, w, m = (results[e, name] for e in ("brisk", "wasmi", "wasm3"))
    row = f"{name:<12}{arg:>10}{cell(b)}{cell(w)}{cell(m)}"
    for key, r in zip(columns, (ratio(b, w), ratio(b, m), ratio(m, w))):
        if r is None:
            row += f"{'n/a':>13}"
        else:
            columns[key].append(r)
            row += f"{r:>12.2f}x"
    print(row)
row = f"{'geomean':<12}{'':>40}"
for key, rs in columns.items():
    row += f"{math.exp(sum(map(math.log, rs)) / len(rs)):>12.2f}x" if rs else f"{'n/a':>13}"
print(row + "   (over the kernels with both numbers)")
for note in notes:
    print(f"note: {note}")
sys.exit(1 if failed else 0)
PY
