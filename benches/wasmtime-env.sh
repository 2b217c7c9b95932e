# Sourced by compare-compiled.sh and compare-compile.sh: defines
# `wasmtime_python`, which prints the path of a Python that imports the
# pinned PyPI `wasmtime` (WASMTIME_VERSION in wasmtime_bench.py, the one
# place the pin lives). It uses benches/.venv (gitignored), creating it with
# `python3 -m venv` and `pip install wasmtime==VERSION` from the package
# registry when missing or at another version. Messages go to stderr.

wasmtime_python() {
    local here venv version
    here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
    venv="$here/.venv"
    version="$(sed -n 's/^WASMTIME_VERSION = "\(.*\)"$/\1/p' "$here/wasmtime_bench.py")"
    if [[ -z "$version" ]]; then
        echo "error: no WASMTIME_VERSION in $here/wasmtime_bench.py" >&2
        return 1
    fi
    if [[ "$("$venv/bin/python" -c 'from importlib.metadata import version; print(version("wasmtime"))' 2>/dev/null)" != "$version" ]]; then
        echo "note: installing wasmtime==$version into $venv" >&2
        if ! { [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv" >&2; }; then
            echo "error: python3 -m venv failed (Debian: apt-get install python3-venv)" >&2
            return 1
        fi
        if ! "$venv/bin/python" -m pip install --quiet "wasmtime==$version" >&2; then
            echo "error: pip install wasmtime==$version failed" >&2
            return 1
        fi
    fi
    echo "$venv/bin/python"
}
