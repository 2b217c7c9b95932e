//! Runs the C test programs of `tests/c/` (built for wasm32-wasi with
//! clang and wasi-libc; `tests/c/build.sh` rebuilds them) through the
//! embedding API: `Engine`, `Module`, `Store`, `Linker`, and brisk-wasi
//! linked with `add_to_linker`, each with the arguments, environment,
//! stdin and preopened directories it expects.
//!
//! Every program checks its own results and exits 1 with a message on
//! stderr at the first mismatch; here each run must exit 0 and print
//! exactly the expected stdout lines. A program prints a `note:` line
//! where a runtime may lack something (an unsupported `posix_fallocate`,
//! a missing CPU-time clock), so an exact comparison catches those too.
//! After a run the host side is checked as well: what the guest left in
//! its directories, and that nothing appeared outside them.

mod host;

use std::io::Write;
use std::path::{Path, PathBuf};

use brisk_runtime::{Engine, Linker, Module, Store};
use brisk_wasi::{DirPerms, WasiCtx, WasiCtxBuilder};
use host::{Captured, TempDir, listing};

/// What a program is given.
#[derive(Default)]
struct Setup {
    /// Arguments after `argv[0]` (which is the program's file name).
    args: Vec<String>,
    env: Vec<(String, String)>,
    stdin: Vec<u8>,
    /// Host directory, guest name, permissions.
    dirs: Vec<(PathBuf, String, DirPerms)>,
    /// Preopened listening sockets (fds after the directories).
    listeners: Vec<std::net::TcpListener>,
}

/// How a run ended.
struct Outcome {
    code: i32,
    stdout: String,
    stderr: String,
}

fn program_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/c/{name}.wasm"))
}

/// Runs `tests/c/<name>.wasm`: `_start`, with `proc_exit(n)` giving
/// code n and a normal return code 0. A trap or link error fails the test.
fn run(name: &str, setup: Setup) -> Outcome {
    let engine = Engine::default();
    let module = Module::from_file(&engine, program_path(name))
        .unwrap_or_else(|e| panic!("{name}.wasm: {e}"));
    let stdout = Captured::default();
    let stderr = Captured::default();
    let mut builder = WasiCtxBuilder::new();
    builder
        .arg(format!("{name}.wasm"))
        .args(setup.args)
        .stdin(std::io::Cursor::new(setup.stdin))
        .stdout(stdout.clone())
        .stderr(stderr.clone());
    for (k, v) in setup.env {
        builder.env(k, v);
    }
    for (host, guest, perms) in setup.dirs {
        builder.preopened_dir(host, guest, perms);
    }
    for listener in setup.listeners {
        builder.tcp_listener(listener);
    }
    let ctx = builder.build().expect("WasiCtxBuilder::build");

    let mut store = Store::new(&engine, ctx);
    let mut linker = Linker::new(&engine);
    brisk_wasi::add_to_linker(&mut linker, |ctx: &mut WasiCtx| ctx).expect("add_to_linker");
    let instance = linker
        .instantiate(&mut store, &module)
        .unwrap_or_else(|e| panic!("{name}.wasm: instantiate: {e}"));
    let start = instance
        .get_typed_func::<(), ()>(&mut store, "_start")
        .unwrap_or_else(|e| panic!("{name}.wasm: _start: {e}"));
    let code = match start.call(&mut store, ()) {
        Ok(()) => 0,
        Err(e) => e.exit_code().unwrap_or_else(|| {
            panic!(
                "{name}.wasm trapped: {e}\nstdout:\n{}\nstderr:\n{}",
                stdout.text(),
                stderr.text()
            )
        }),
    };
    drop(store);
    Outcome {
        code,
        stdout: stdout.text(),
        stderr: stderr.text(),
    }
}

/// Exit code 0 and exactly `lines` on stdout.
fn expect_ok(name: &str, out: &Outcome, lines: &[&str]) {
    let want: String = lines.iter().map(|l| format!("{l}\n")).collect();
    assert!(
        out.code == 0 && out.stdout == want,
        "{name}.wasm: exit code {} (expected 0)\n--- stdout:\n{}--- expected stdout:\n{want}--- stderr:\n{}",
        out.code,
        out.stdout,
        out.stderr
    );
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn files() {
    let tmp = TempDir::new("files");
    std::fs::create_dir(tmp.path().join("sandbox")).unwrap();
    let out = run(
        "files",
        Setup {
            args: strings(&["/sandbox"]),
            dirs: vec![(
                tmp.path().join("sandbox"),
                "/sandbox".into(),
                DirPerms::ReadWrite,
            )],
            ..Setup::default()
        },
    );
    expect_ok(
        "files",
        &out,
        &[
            "ok create-write-read",
            "ok pread-pwrite",
            "ok seek",
            "ok readv-writev",
            "ok truncate-allocate-sync",
            "ok stat-times",
            "ok append-trunc",
            "ok rename-link-unlink",
            "ok symlink-readlink",
            "files: all ok",
        ],
    );
    // The program removes what it made; nothing was made beside the preopen.
    assert_eq!(listing(&tmp.path().join("sandbox")), Vec::<String>::new());
    assert_eq!(listing(tmp.path()), strings(&["sandbox"]));
}

#[test]
fn dirs() {
    let tmp = TempDir::new("dirs");
    let out = run(
        "dirs",
        Setup {
            args: strings(&["/sandbox"]),
            dirs: vec![(
                tmp.path().to_path_buf(),
                "/sandbox".into(),
                DirPerms::ReadWrite,
            )],
            ..Setup::default()
        },
    );
    expect_ok(
        "dirs",
        &out,
        &[
            "ok mkdir",
            "ok readdir-300",
            "ok telldir-seekdir",
            "ok list-preopen",
            "ok errors",
            "ok rmdir",
            "dirs: all ok",
        ],
    );
    assert_eq!(listing(tmp.path()), Vec::<String>::new());
}

#[test]
fn fdops() {
    let tmp = TempDir::new("fdops");
    let out = run(
        "fdops",
        Setup {
            args: strings(&["/sandbox"]),
            dirs: vec![(
                tmp.path().to_path_buf(),
                "/sandbox".into(),
                DirPerms::ReadWrite,
            )],
            ..Setup::default()
        },
    );
    expect_ok(
        "fdops",
        &out,
        &[
            "ok fdstat",
            "ok prestat",
            "ok renumber",
            "ok readdir-cookies",
            "ok poll",
            "ok advise-raise-yield",
            "ok bad-pointers",
            "fdops: all ok",
        ],
    );
    let mut want: Vec<String> = (0..10).map(|i| format!("file-{i}")).collect();
    want.extend(strings(&["a", "b"]));
    want.sort();
    assert_eq!(listing(tmp.path()), want);
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("a")).unwrap(),
        "0123456789"
    );
}

#[test]
fn sockets() {
    use std::io::Read;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    // The client: two connections in turn, each sending a ping and
    // reading the reply until the guest shuts its side down.
    let client = std::thread::spawn(move || {
        (0..2)
            .map(|i| {
                let mut s = std::net::TcpStream::connect(addr).unwrap();
                s.set_read_timeout(Some(std::time::Duration::from_secs(60)))
                    .unwrap();
                s.write_all(format!("ping {i}\n").as_bytes()).unwrap();
                let mut reply = String::new();
                s.read_to_string(&mut reply).unwrap();
                reply
            })
            .collect::<Vec<String>>()
    });
    let out = run(
        "sockets",
        Setup {
            args: strings(&["2"]),
            listeners: vec![listener],
            ..Setup::default()
        },
    );
    expect_ok(
        "sockets",
        &out,
        &[
            "ok not-a-socket",
            "ok connection 0",
            "ok connection 1",
            "sockets: all ok",
        ],
    );
    assert_eq!(client.join().unwrap(), ["pong 0\n", "pong 1\n"]);
}

#[test]
fn clocks() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let out = run(
        "clocks",
        Setup {
            env: vec![("NOW".into(), now.to_string())],
            ..Setup::default()
        },
    );
    expect_ok(
        "clocks",
        &out,
        &[
            "ok realtime",
            "ok monotonic",
            "ok sleep",
            "ok getres",
            "ok cpu-time",
            "ok bad-clock",
            "clocks: all ok",
        ],
    );
}

#[test]
fn random() {
    let out = run("random", Setup::default());
    expect_ok(
        "random",
        &out,
        &[
            "ok getentropy",
            "ok random_get",
            "ok random_get-64k",
            "random: all ok",
        ],
    );
}

#[test]
fn env() {
    let vars = [
        ("GREETING", "hello world"),
        ("EMPTY", ""),
        ("UNICODE", "ünï €"),
        ("EQUALS", "a=b=c"),
    ];
    let out = run(
        "env",
        Setup {
            env: vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Setup::default()
        },
    );
    expect_ok(
        "env",
        &out,
        &[
            "env[0]=GREETING=hello world",
            "env[1]=EMPTY=",
            "env[2]=UNICODE=ünï €",
            "env[3]=EQUALS=a=b=c",
            "env: all ok",
        ],
    );
}

#[test]
fn env_nothing_by_default() {
    // No .env(): the guest sees an empty environment, so env.wasm stops
    // at its first check.
    let out = run("env", Setup::default());
    assert_eq!(out.code, 1, "stdout:\n{}", out.stdout);
    assert!(
        out.stderr.contains("GREETING is not set"),
        "stderr: {}",
        out.stderr
    );
}

#[test]
fn args() {
    let out = run(
        "args",
        Setup {
            args: strings(&["4", "two words", "", "ünï €", "--flag=x"]),
            ..Setup::default()
        },
    );
    expect_ok(
        "args",
        &out,
        &[
            "argv[0]=args.wasm",
            "argv[1]=4",
            "argv[2]=two words",
            "argv[3]=",
            "argv[4]=ünï €",
            "argv[5]=--flag=x",
            "args: all ok",
        ],
    );
}

/// FNV-1a 64, as stdin.wasm computes it.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn run_stdin(input: Vec<u8>) {
    let want = format!(
        "bytes={} lines={} fnv1a={:016x}",
        input.len(),
        input.iter().filter(|&&b| b == b'\n').count(),
        fnv1a(&input)
    );
    let out = run(
        "stdin",
        Setup {
            stdin: input,
            ..Setup::default()
        },
    );
    expect_ok("stdin", &out, &[&want, "stdin: all ok"]);
    assert!(
        out.stderr.starts_with("stdin: read "),
        "stderr: {}",
        out.stderr
    );
}

#[test]
fn stdin() {
    // 200 KB of varied bytes (a xorshift stream, every byte value, with
    // newlines among them): many fd_read calls of 777 bytes.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let input: Vec<u8> = (0..200_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    run_stdin(input);
}

#[test]
fn stdin_empty() {
    run_stdin(Vec::new());
}

/// errno.wasm's world: `w/` (read-write, with `sub/`, `abs.lnk` -> an
/// absolute host path outside it and `up.lnk` -> `../..`), `ro/`
/// (read-only, with `existing.txt`) and `secret.txt` beside them.
#[test]
fn errno() {
    let tmp = TempDir::new("errno");
    let secret = tmp.path().join("secret.txt");
    std::fs::write(&secret, "secret\n").unwrap();
    std::fs::create_dir_all(tmp.path().join("w/sub")).unwrap();
    std::fs::create_dir(tmp.path().join("ro")).unwrap();
    std::fs::write(tmp.path().join("ro/existing.txt"), "read only\n").unwrap();
    std::os::unix::fs::symlink(&secret, tmp.path().join("w/abs.lnk")).unwrap();
    std::os::unix::fs::symlink("../..", tmp.path().join("w/up.lnk")).unwrap();
    let out = run(
        "errno",
        Setup {
            args: strings(&["/sandbox", "/ro"]),
            dirs: vec![
                (tmp.path().join("w"), "/sandbox".into(), DirPerms::ReadWrite),
                (tmp.path().join("ro"), "/ro".into(), DirPerms::ReadOnly),
            ],
            ..Setup::default()
        },
    );
    expect_ok(
        "errno",
        &out,
        &[
            "ok enoent",
            "ok dotdot",
            "ok absolute",
            "ok symlink-escape",
            "ok nul-long",
            "ok read-only",
            "ok ebadf",
            "errno: all ok",
        ],
    );
    // Nothing escaped: the host tree is as it was.
    assert_eq!(listing(tmp.path()), strings(&["ro", "secret.txt", "w"]));
    assert_eq!(
        listing(&tmp.path().join("w")),
        strings(&["abs.lnk", "sub", "up.lnk"])
    );
    assert_eq!(listing(&tmp.path().join("w/sub")), Vec::<String>::new());
    assert_eq!(listing(&tmp.path().join("ro")), strings(&["existing.txt"]));
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), "secret\n");
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("ro/existing.txt")).unwrap(),
        "read only\n"
    );
}

#[test]
fn no_preopen_no_files() {
    // files.wasm given a path but no preopen: libc finds no directory to
    // resolve it in (ENOTCAPABLE) and the program stops at its first open.
    let out = run(
        "files",
        Setup {
            args: strings(&["/sandbox"]),
            ..Setup::default()
        },
    );
    assert_eq!(
        out.code, 1,
        "stdout:\n{}stderr:\n{}",
        out.stdout, out.stderr
    );
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("errno 76"), "stderr: {}", out.stderr);
}

#[test]
fn exit_code_and_flushed_output() {
    for n in [0, 7, 255] {
        let out = run(
            "exit",
            Setup {
                args: vec![n.to_string()],
                ..Setup::default()
            },
        );
        assert_eq!(out.code, n, "exit {n}: stderr: {}", out.stderr);
        assert_eq!(out.stdout, format!("exiting with {n}"));
    }
}
