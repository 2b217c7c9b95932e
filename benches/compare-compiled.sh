#!/usr/bin/env bash
# Times the benchmark kernels (benches/kernels/*.wat) on brisk's compiled
# tier, on wasmtime and as native C, and prints a markdown table: best call
# time in milliseconds per engine, the ratios brisk/wasmtime, brisk/native
# and wasmtime/native (below 1: the first is faster), and their geometric
# means. Every result is checked against the checksum the kernel declares;
# a wrong one shows as WRONG, a failing run as ERROR (each with an `error:`
# line under the table), and the script exits 1.
#
#   benches/compare-compiled.sh [--no-build] [--reps N] [KERNEL...]
#   BRISK_FLAGS=--interp benches/compare-compiled.sh   # brisk column on the interpreter
#
# What is timed: the call of `run(arg)` only, in all three, best of N
# (default 5; the three engines' repetitions interleaved, so a burst of
# load on the shared machine hits them alike), each on fresh memory (a new
# instance or process), so all
# three pay the first touches of the memory the kernel grows and its
# release (brisk at process exit, wasmtime in Store.close(), native in
# free(); about 2 ms for sieve's 16 MB):
# - brisk: `brisk run $BRISK_FLAGS --invoke run FILE ARG` (target/release/
#   brisk, built first unless --no-build; BRISK=/path/to/brisk for another)
#   as whole processes, at the kernel's `arg` and at its `small` size, the
#   two alternated; call time = best(arg) - best(small). Start-up, decode,
#   validation, compilation and instantiation are the same in both and
#   cancel; the small run's own call is under 1% of the full one's for
#   every kernel (their headers' sizes).
# - wasmtime: PyPI `wasmtime` (pinned in wasmtime_bench.py; installed into
#   benches/.venv by wasmtime-env.sh), in one Python process: per repetition
#   compile, instantiate in a fresh store, then the timed call + close.
# - native: benches/kernels/native/NAME.c, built with `gcc -O2
#   -ffp-contract=off`; one process per repetition, which times its call
#   itself (harness.h).
#
# BRISK_FLAGS (default empty) go to `brisk run` before --invoke. Without
# --interp in them the brisk column must be the compiled tier: a brisk
# whose `brisk run` does not compile (its --help speaks of no compiled
# tier, or calls the interpreter the only tier) would silently time the
# interpreter, so its column is ERROR instead.
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
        -h|--help) sed -n '2,38p' "$0"; exit 0 ;;
        -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
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
        echo "note: building brisk-cli failed; the brisk column is ERROR" >&2
        brisk=""
    fi
fi

# The native kernels; one that does not build is ERROR in its column.
mkdir "$work/native"
for src in benches/kernels/native/*.c; do
    name="$(basename "$src" .c)"
    if ! gcc -O2 -ffp-contract=off -Wall -o "$work/native/$name" "$src"; then
        echo "note: gcc failed on $src" >&2
    fi
done

source benches/wasmtime-env.sh
python="$(wasmtime_python)"

"$python" - "$work" "$reps" "$brisk" "${BRISK_FLAGS:-}" "$root/benches" "${kernels[@]}" <<'PY'
import math, os, shlex, subprocess, sys, time

work, reps, brisk, brisk_flags, benches = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
only = set(sys.argv[6:])
sys.path.insert(0, benches)
import wasmtime_bench as wb

table = []
for line in open(os.path.join(work, "table")):
    name, arg, expect, small = line.split()
    if not only or name in only:
        table.append((name, int(arg), int(expect), int(small)))
if only - {row[0] for row in table}:
    sys.exit(f"unknown kernel(s): {' '.join(sorted(only - {row[0] for row in table}))}")

class Failed(Exception):
    """A run that exited non-zero or printed no number: ERROR."""

class Wrong(Exception):
    """A run that printed the wrong checksum: WRONG."""

def check(value, arg, expect):
    if not wb.same(value, expect):
        raise Wrong(f"run({arg}) returned {value}, expected {expect}")

def process(argv):
    """(seconds, first stdout line split) of one whole process."""
    start = time.perf_counter()
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        raise Failed("timed out after 600 s")
    elapsed = time.perf_counter() - start
    if p.returncode != 0:
        first = ((p.stderr or p.stdout).strip().splitlines() or ["(no output)"])[0]
        raise Failed(f"exit status {p.returncode}: {first}")
    return elapsed, p.stdout.split()

def number(words, what):
    try:
        return int(words[0])
    except (IndexError, ValueError):
        raise Failed(f"{what} printed {' '.join(words[:3])!r}, not a number")

flags = shlex.split(brisk_flags)
interp = "--interp" in flags
brisk_label = f"`brisk run {' '.join(flags + ['--invoke', 'run'])} FILE ARG`"

def brisk_setup():
    """None, or why the brisk column cannot be measured."""
    if not brisk or not os.path.isfile(brisk):
        return f"no brisk binary ({brisk or 'the build failed'})"
    if not interp:
        # `brisk run` compiles by default once its help says so: before
        # that its --interp was "Run in the interpreter (today the only
        # tier)" and nothing in it spoke of compiling.
        text = subprocess.run([brisk, "run", "--help"], capture_output=True, text=True).stdout
        if "compil" not in text.lower() or "only tier" in text:
            return ("this brisk's `brisk run` does not compile (its --help speaks of no "
                    "compiled tier), so it would time the interpreter; "
                    "BRISK_FLAGS=--interp times the interpreter on purpose")
    return None

# One sample per engine and repetition; the repetitions of the three
# engines are interleaved, so a burst of load on the shared machine hits
# them alike.

def brisk_sample(name, arg, expect, small):
    """(seconds at arg, seconds at small) of one pair of brisk processes."""
    path = os.path.join(work, f"{name}.wasm")
    argv = lambda n: [brisk, "run", *flags, "--invoke", "run", path, str(n)]
    full, words = process(argv(arg))
    check(number(words, "brisk"), arg, expect)
    base, words = process(argv(small))
    number(words, f"brisk at run({small})")
    return full, base

def native_sample(name, arg, expect, small):
    """Milliseconds of one call, timed by the native program itself."""
    exe = os.path.join(work, "native", name)
    if not os.path.isfile(exe):
        raise Failed(f"no native build (benches/kernels/native/{name}.c missing or gcc failed)")
    _, words = process([exe, str(arg), "1"])
    check(number(words, "native"), arg, expect)
    if len(words) < 3 or words[1] != "best_ns":
        raise Failed(f"native printed {' '.join(words)!r}, no best_ns")
    return int(words[2]) / 1e6

engine = wb.wasmtime().Engine()

def wasmtime_sample(name, arg, expect, small):
    """Milliseconds of one call on a fresh instance (and its store's close)."""
    wasm = open(os.path.join(work, f"{name}.wasm"), "rb").read()
    try:
        return wb.run_kernel(engine, wasm, arg, expect, 1)["call_ms"]
    except wb.BenchError as e:
        raise Wrong(str(e))
    except Exception as e:  # wasmtime's own errors and traps
        raise Failed(str(e).strip().splitlines()[0])

def brisk_call_ms(best, arg, small):
    """The call time from the best processes at arg and at small."""
    full, base = best
    if full <= base:
        raise Failed(f"run({arg}) took no longer than run({small}): too short to time by difference")
    return (full - base) * 1e3

errors = []
samplers = {"brisk": brisk_sample, "wasmtime": wasmtime_sample, "native": native_sample}
why_not = brisk_setup()
if why_not:
    errors.append(f"brisk: {why_not}")
results = {}
for name, arg, expect, small in table:
    best = {"brisk": "ERROR"} if why_not else {}
    for _ in range(reps):
        for engine_name, sample in samplers.items():
            if isinstance(best.get(engine_name), str):
                continue  # failed already: one error line is enough
            try:
                value = sample(name, arg, expect, small)
            except Wrong as e:
                best[engine_name] = "WRONG"
                errors.append(f"{engine_name} {name}: {e}")
                continue
            except Failed as e:
                best[engine_name] = "ERROR"
                errors.append(f"{engine_name} {name}({arg}): {e}")
                continue
            old = best.get(engine_name)
            if old is None:
                best[engine_name] = value
            elif isinstance(value, tuple):
                best[engine_name] = tuple(map(min, old, value))
            else:
                best[engine_name] = min(old, value)
    if isinstance(best.get("brisk"), tuple):
        try:
            best["brisk"] = brisk_call_ms(best["brisk"], arg, small)
        except Failed as e:
            best["brisk"] = "ERROR"
            errors.append(f"brisk {name}({arg}): {e}")
    for engine_name in samplers:
        results[engine_name, name] = best[engine_name]
    print(f"{name}: done", file=sys.stderr)

def ratio(a, b):
    return a / b if isinstance(a, float) and isinstance(b, float) else None

def cell(value):
    return f"{value:.2f}" if isinstance(value, float) else value

pairs = [("brisk", "wasmtime"), ("brisk", "native"), ("wasmtime", "native")]
tier = "interpreter" if interp else "compiled"
print(f"\nbrisk ({tier}): {brisk_label}; wasmtime {wb.WASMTIME_VERSION} (PyPI); "
      f"native: gcc -O2 -ffp-contract=off")
print(f"call time only, best of {reps}, milliseconds; ratio below 1: the first is faster\n")
print("| kernel | arg | brisk | wasmtime | native | " + " | ".join(f"{a}/{b}" for a, b in pairs) + " |")
print("| --- | ---: | ---: | ---: | ---: | " + " | ".join("---:" for _ in pairs) + " |")
logs = {pair: [] for pair in pairs}
for name, arg, _, _ in table:
    row = [name, str(arg)] + [cell(results[e, name]) for e in samplers]
    for a, b in pairs:
        r = ratio(results[a, name], results[b, name])
        if r is None:
            row.append("n/a")
        else:
            logs[a, b].append(math.log(r))
            row.append(f"{r:.2f}x")
    print("| " + " | ".join(row) + " |")
def mean(logs):
    if not logs:
        return "n/a"
    text = f"{math.exp(sum(logs) / len(logs)):.2f}x"
    return text if len(logs) == len(table) else f"{text} ({len(logs)} of {len(table)})"
print("| geomean | | | | | " + " | ".join(mean(l) for l in logs.values()) + " |")
print("\n(geometric means over the kernels with both numbers)")
for error in errors:
    print(f"error: {error}")
sys.exit(1 if errors else 0)
PY
