#!/usr/bin/env bash
# Whole-process start-up of a WASI "hello, world" (benches/startup/hello.c)
# on brisk and on the wasmtime CLI, timed with hyperfine, and printed as a
# markdown table: mean ± σ, median and min of the wall-clock time and the
# mean CPU time (user + system, all threads) in milliseconds per command,
# and the ratio brisk/wasmtime of the means and of the medians (below 1:
# brisk is faster) against the wasmtime command that does the same work.
#
#   benches/compare-startup.sh [--no-build] [--runs N] [--warmup N] [--rounds N] [--json FILE]
#
# The commands, each a whole process (hyperfine -N: no shell in between):
#   brisk run hello.so                               precompiled artifact
#   wasmtime run --allow-precompiled hello.cwasm     precompiled artifact
#   brisk run hello.wasm                             compiles in memory
#   wasmtime run -C cache=n hello.wasm               compiles in memory, no cache
#   brisk run --interp hello.wasm                    interpreter, for context
# hello.so is `brisk compile hello.wasm -o hello.so`, hello.cwasm is
# `wasmtime compile hello.wasm -o hello.cwasm`, both made fresh in a
# temporary directory. Every command is first run once and must print
# exactly "hello, world" and exit 0; one that does not is ERROR (with an
# `error:` line) and is not timed, and the script exits 1. A brisk without
# `brisk compile` gives n/a for hello.so (a note says so), never a number.
#
# brisk: target/release/brisk (built first unless --no-build), or
# BRISK=/path/to/brisk. wasmtime: WASMTIME=/path/to/wasmtime, or the pinned
# wasmtime-cli that benches/startup/install-wasmtime-cli.sh installs (run it
# once; it builds from crates.io for 20-40 minutes). hyperfine: Debian
# `apt-get install hyperfine` (or `cargo install hyperfine`). Defaults:
# 200 runs per command, in 4 rounds (one hyperfine over every command per
# round, 20 warm-up runs each, so a burst of load on the shared machine is
# spread over all commands); --json FILE keeps every run's time.
set -euo pipefail

invoked="$PWD"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"

build=1
runs=200
warmup=20
rounds=4
json=""
while (($#)); do
    case "$1" in
        --no-build) build=0 ;;
        --runs) runs="$2"; shift ;;
        --warmup) warmup="$2"; shift ;;
        --rounds) rounds="$2"; shift ;;
        --json) json="$2"; shift ;;
        -h|--help) sed -n '2,31p' "$0"; exit 0 ;;
        *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

for n in "$runs" "$warmup" "$rounds"; do
    if ! [[ "$n" =~ ^[0-9]+$ ]]; then
        echo "error: --runs, --warmup and --rounds take a number, not '$n'" >&2
        exit 2
    fi
done
if ((runs < 2 || rounds < 1 || rounds > runs)); then
    echo "error: need --runs >= 2 and 1 <= --rounds <= --runs" >&2
    exit 2
fi

if ! command -v hyperfine >/dev/null; then
    echo "error: no hyperfine (Debian: apt-get install hyperfine; or cargo install hyperfine)" >&2
    exit 2
fi

brisk="${BRISK:-$target/release/brisk}"
if ((build)) && [[ -z "${BRISK:-}" ]]; then
    cargo build -q --release -p brisk-cli
fi
if [[ ! -x "$brisk" ]]; then
    echo "error: no brisk binary at $brisk" >&2
    exit 2
fi

wasmtime="${WASMTIME:-}"
if [[ -z "$wasmtime" ]]; then
    wasmtime="$(benches/startup/install-wasmtime-cli.sh --check)" || exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp benches/startup/hello.wasm "$work/hello.wasm"
cd "$work"

errors=()
notes=()

# The artifacts. A brisk without `brisk compile` has no .so row to time.
have_so=0
if "$brisk" compile --help >/dev/null 2>&1; then
    if out="$("$brisk" compile hello.wasm -o hello.so 2>&1)"; then
        have_so=1
    else
        errors+=("brisk run hello.so: brisk compile hello.wasm -o hello.so failed: ${out%%$'\n'*}")
    fi
else
    notes+=("this brisk has no \`brisk compile\`: the hello.so row is n/a")
fi
if ! out="$("$wasmtime" compile hello.wasm -o hello.cwasm 2>&1)"; then
    errors+=("wasmtime run --allow-precompiled hello.cwasm: wasmtime compile hello.wasm -o hello.cwasm failed: ${out%%$'\n'*}")
fi

# label|argv (argv words split on spaces: no word has one) per row; rows
# pair up as brisk, then the wasmtime command doing the same work.
rows=(
    "brisk run hello.so|$brisk run hello.so"
    "wasmtime run --allow-precompiled hello.cwasm|$wasmtime run --allow-precompiled hello.cwasm"
    "brisk run hello.wasm|$brisk run hello.wasm"
    "wasmtime run -C cache=n hello.wasm|$wasmtime run -C cache=n hello.wasm"
    "brisk run --interp hello.wasm|$brisk run --interp hello.wasm"
)

# Check each command once; time the ones that print "hello, world" and exit 0.
timed=()
for row in "${rows[@]}"; do
    label="${row%%|*}"
    argv="${row#*|}"
    if [[ "$label" == *hello.so ]] && ((!have_so)); then continue; fi
    if [[ "$label" == *hello.cwasm ]] && [[ ! -f hello.cwasm ]]; then continue; fi
    status=0
    # shellcheck disable=SC2086 # argv is split on purpose
    out="$($argv 2>"$work/stderr")" || status=$?
    if ((status != 0)) || [[ "$out" != "hello, world" ]]; then
        first="$(head -n1 "$work/stderr")"
        errors+=("$label: exit status $status, stdout ${out@Q}${first:+, stderr: $first}")
        continue
    fi
    timed+=("$row")
done

if ((${#timed[@]})); then
    args=()
    for row in "${timed[@]}"; do
        args+=(--command-name "${row%%|*}" "${row#*|}")
    done
    # hyperfine runs one command's runs back to back; in rounds, a burst
    # of load on the shared machine is spread over every command.
    per_round=$(((runs + rounds - 1) / rounds))
    for ((r = 1; r <= rounds; r++)); do
        echo "round $r of $rounds: $per_round runs per command" >&2
        hyperfine -N --style basic --warmup "$warmup" --runs "$per_round" \
            --export-json "$work/round$r.json" "${args[@]}" >&2
    done
fi
# One result per command over every round: all run times, CPU time
# weighted by runs.
python3 - "$work" "$rounds" <<'PY'
import json, statistics, sys

work, rounds = sys.argv[1], int(sys.argv[2])
merged = {}
for r in range(1, rounds + 1):
    try:
        results = json.load(open(f"{work}/round{r}.json"))["results"]
    except FileNotFoundError:
        continue
    for res in results:
        m = merged.setdefault(res["command"], {"command": res["command"], "times": [], "cpu": 0.0})
        m["times"] += res["times"]
        m["cpu"] += (res["user"] + res["system"]) * len(res["times"])
out = []
for m in merged.values():
    t = m["times"]
    out.append({"command": m["command"], "runs": len(t), "mean": statistics.fmean(t),
                "stddev": statistics.stdev(t) if len(t) > 1 else 0.0,
                "median": statistics.median(t), "min": min(t), "max": max(t),
                "cpu": m["cpu"] / len(t), "times": t})
json.dump({"results": out}, open(f"{work}/results.json", "w"))
PY
if [[ -n "$json" ]]; then
    [[ "$json" == /* ]] || json="$invoked/$json"
    cp "$work/results.json" "$json"
fi

printf '%s\n' "${errors[@]+"${errors[@]}"}" >"$work/errors"
printf '%s\n' "${notes[@]+"${notes[@]}"}" >"$work/notes"
{
    echo "brisk: $brisk (repository at $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'))"
    echo "wasmtime: $wasmtime ($("$wasmtime" --version 2>/dev/null || echo 'no --version'))"
    echo "hyperfine: $(hyperfine --version), $runs runs per command in $rounds rounds, $warmup warm-up runs each"
    echo "cpu: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n1), $(nproc) cores"
    echo "sizes: hello.wasm $(stat -c %s hello.wasm) B, hello.so $(stat -c %s hello.so 2>/dev/null || echo n/a) B, hello.cwasm $(stat -c %s hello.cwasm 2>/dev/null || echo n/a) B"
} >"$work/header"

python3 - "$work" "${rows[@]}" <<'PY'
import json, sys

work, rows = sys.argv[1], [r.split("|", 1)[0] for r in sys.argv[2:]]
results = {r["command"]: r for r in json.load(open(f"{work}/results.json"))["results"]}
errors = [l for l in open(f"{work}/errors").read().splitlines() if l]
notes = [l for l in open(f"{work}/notes").read().splitlines() if l]
failed = {e.split(":", 1)[0] for e in errors}

def cell(label):
    if label in results:
        r = results[label]
        return (f"{r['mean'] * 1e3:.2f} ± {r['stddev'] * 1e3:.2f}",
                f"{r['median'] * 1e3:.2f}", f"{r['min'] * 1e3:.2f}",
                f"{r['cpu'] * 1e3:.2f}")
    return ("ERROR" if label in failed else "n/a"), "", "", ""

# Each brisk row is compared with the wasmtime row doing the same work.
peer = {
    "brisk run hello.so": "wasmtime run --allow-precompiled hello.cwasm",
    "brisk run hello.wasm": "wasmtime run -C cache=n hello.wasm",
    "brisk run --interp hello.wasm": "wasmtime run --allow-precompiled hello.cwasm",
}
print(open(f"{work}/header").read().rstrip())
print()
print("| command | mean ± σ (ms) | median (ms) | min (ms) | user+sys (ms) | brisk/wasmtime, means (medians) |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for label in rows:
    mean, median, low, cpu = cell(label)
    ratio = ""
    if label in peer and label in results and peer[label] in results:
        b, w = results[label], results[peer[label]]
        ratio = f"{b['mean'] / w['mean']:.2f} ({b['median'] / w['median']:.2f})"
        ratio += " vs precompiled" if "interp" in label else ""
    print(f"| `{label}` | {mean} | {median} | {low} | {cpu} | {ratio} |")
for n in notes:
    print(f"note: {n}")
for e in errors:
    print(f"error: {e}")
sys.exit(1 if errors else 0)
PY
