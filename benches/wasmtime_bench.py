#!/usr/bin/env python3
"""wasmtime's side of brisk's compiled-tier comparisons, through the PyPI
`wasmtime` package (pinned: WASMTIME_VERSION below; compare-compiled.sh and
compare-compile.sh install it into benches/.venv with pip, see
wasmtime-env.sh).

  wasmtime_bench.py kernels [--reps N] [--wasm-dir DIR] [--json] [KERNEL...]
      Runs each kernel of benches/kernels/*.wat: `run(arg)` with the arg of
      its `;; bench: arg=N expect=V small=M` header, the result checked
      against `expect` (a wrong one: exit 1). Per repetition: compile the
      module (timed: `Module(engine, bytes)`), instantiate it in a fresh
      store (not timed), call `run` once and close the store (timed: the
      call, including the first touches of the memory it grows, and the
      release of that memory, which brisk's process exit and the native
      kernel's free() also pay). Reports the best compile time and the best
      call time of N separately, in milliseconds. The
      kernels are assembled from their .wat with wasmtime's own wat support,
      or, with --wasm-dir, read from DIR/NAME.wasm (the bytes the `kernels`
      bin writes, so every engine loads the same module).
  wasmtime_bench.py compile [--reps N] [--json] FILE.wasm
      Times `Module(engine, bytes)` (decode, validate, compile every
      function with Cranelift, in parallel on all cores: wasmtime's default)
      for one module, best of N, with no compilation cache.

Engine: wasmtime's defaults (Cranelift, opt level `speed`, signal-based
traps, SIMD on, no fuel, no epoch interruption), as brisk runs without
--fuel or --timeout.
"""

import argparse
import json
import os
import pathlib
import re
import sys
import time

WASMTIME_VERSION = "50.0.1"

KERNELS_DIR = pathlib.Path(__file__).resolve().parent / "kernels"
HEADER = re.compile(r"^\s*;; bench:(.*)$", re.MULTILINE)


class BenchError(Exception):
    """A kernel that cannot be read, loaded, or returns the wrong checksum."""


def wasmtime():
    """The wasmtime module, after checking it is the pinned version."""
    try:
        import wasmtime as wt
    except ImportError:
        raise BenchError(f"no wasmtime module: pip install wasmtime=={WASMTIME_VERSION}")
    from importlib.metadata import version

    found = version("wasmtime")
    if found != WASMTIME_VERSION:
        print(f"note: wasmtime {found} installed, the scripts pin {WASMTIME_VERSION}",
              file=sys.stderr)
    return wt


def parse_header(text, path):
    """(arg, expect, small) from a kernel's `;; bench:` line."""
    m = HEADER.search(text)
    if not m:
        raise BenchError(f"{path}: no `;; bench: arg=N expect=V [small=M]` line")
    fields = {}
    for field in m.group(1).split():
        key, _, value = field.partition("=")
        if key not in ("arg", "expect", "small") or not value:
            raise BenchError(f"{path}: bad field `{field}` in the bench header")
        fields[key] = int(value)
    if "arg" not in fields or "expect" not in fields:
        raise BenchError(f"{path}: the bench header needs arg= and expect=")
    return fields["arg"], fields["expect"], fields.get("small", fields["arg"])


def kernels(only=()):
    """[(name, wat_path, arg, expect, small)] for benches/kernels/*.wat, sorted."""
    table = []
    for path in sorted(KERNELS_DIR.glob("*.wat")):
        if only and path.stem not in only:
            continue
        arg, expect, small = parse_header(path.read_text(), path)
        table.append((path.stem, path, arg, expect, small))
    missing = set(only) - {row[0] for row in table}
    if missing:
        raise BenchError(f"unknown kernel(s): {' '.join(sorted(missing))}")
    return table


def same(value, expect):
    """The checksum, allowing an i32/i64 printed unsigned."""
    return value == expect or (expect < 0 and value - expect in (1 << 32, 1 << 64))


def run_kernel(engine, wasm, arg, expect, reps):
    """{"compile_ms", "call_ms", "value"}: the best of `reps` compile times
    and of `reps` first calls on a fresh instance (each with the release of
    its store). Raises BenchError on a wrong result."""
    wt = wasmtime()
    best_compile = best_call = float("inf")
    for _ in range(reps):
        start = time.perf_counter_ns()
        module = wt.Module(engine, wasm)
        best_compile = min(best_compile, time.perf_counter_ns() - start)
        store = wt.Store(engine)
        instance = wt.Instance(store, module, [])
        run = instance.exports(store)["run"]
        start = time.perf_counter_ns()
        value = run(store, arg)
        store.close()  # frees the instance's memory, as a native kernel frees its own
        best_call = min(best_call, time.perf_counter_ns() - start)
        if not same(value, expect):
            raise BenchError(f"run({arg}) returned {value}, expected {expect}")
    return {"compile_ms": best_compile / 1e6, "call_ms": best_call / 1e6, "value": value}


def compile_module(path, reps):
    """{"compile_ms", "bytes"}: best of `reps` `Module(engine, bytes)`."""
    wt = wasmtime()
    wasm = pathlib.Path(path).read_bytes()
    config = wt.Config()
    # No compilation cache: wasmtime-py's Config has it off unless enabled
    # (and refuses an explicit `cache = False`).
    config.parallel_compilation = True
    engine = wt.Engine(config)
    best = float("inf")
    for _ in range(reps):
        start = time.perf_counter_ns()
        wt.Module(engine, wasm)
        best = min(best, time.perf_counter_ns() - start)
    return {"compile_ms": best / 1e6, "bytes": len(wasm), "cores": os.cpu_count()}


def cmd_kernels(args):
    wt = wasmtime()
    engine = wt.Engine()
    failed = False
    rows = []
    for name, path, arg, expect, _small in kernels(args.kernels):
        try:
            if args.wasm_dir:
                wasm = (pathlib.Path(args.wasm_dir) / f"{name}.wasm").read_bytes()
            else:
                wasm = wt.wat2wasm(path.read_text())
            row = run_kernel(engine, wasm, arg, expect, args.reps)
        except (BenchError, OSError, wt.WasmtimeError, wt.Trap) as e:
            row = {"error": str(e).strip().splitlines()[0]}
            failed = True
        row.update(kernel=name, arg=arg)
        rows.append(row)
        if args.json:
            print(json.dumps(row), flush=True)
    if not args.json:
        print(f"wasmtime {WASMTIME_VERSION}, best of {args.reps}, milliseconds")
        print(f"{'kernel':<12}{'arg':>10}{'compile':>10}{'call':>10}")
        for row in rows:
            if "error" in row:
                print(f"{row['kernel']:<12}{row['arg']:>10}  ERROR: {row['error']}")
            else:
                print(f"{row['kernel']:<12}{row['arg']:>10}"
                      f"{row['compile_ms']:>10.2f}{row['call_ms']:>10.2f}")
    return 1 if failed else 0


def cmd_compile(args):
    row = compile_module(args.file, args.reps)
    if args.json:
        print(json.dumps(row))
    else:
        print(f"wasmtime {WASMTIME_VERSION}: {args.file} ({row['bytes']} bytes) "
              f"compiles in {row['compile_ms']:.1f} ms (best of {args.reps}, "
              f"{row['cores']} cores)")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    k = sub.add_parser("kernels", help="time the benchmark kernels")
    k.add_argument("--reps", type=int, default=5)
    k.add_argument("--wasm-dir", help="load DIR/NAME.wasm instead of assembling the .wat")
    k.add_argument("--json", action="store_true", help="one JSON object per kernel")
    k.add_argument("kernels", nargs="*")
    c = sub.add_parser("compile", help="time compiling one module")
    c.add_argument("--reps", type=int, default=3)
    c.add_argument("--json", action="store_true")
    c.add_argument("file")
    args = parser.parse_args()
    if args.reps < 1:
        parser.error("--reps must be at least 1")
    try:
        return cmd_kernels(args) if args.command == "kernels" else cmd_compile(args)
    except BenchError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
