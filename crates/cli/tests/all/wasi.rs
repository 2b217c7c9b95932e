//! `brisk run` with WASI: stdout, arguments and environment reach the
//! guest, `proc_exit(n)` is the exit status, and without `--dir` no host
//! file can be opened.

use super::{brisk, scratch};

/// Writes its arguments' buffer, then its environment's buffer, to
/// stdout (each string NUL-terminated, as `args_get` lays them out).
const ECHO: &str = r#"(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $env_sizes (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $env (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 16) (local.get $ptr))
    (i32.store (i32.const 20) (local.get $len))
    (drop (call $write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24))))
  (func (export "_start")
    (drop (call $args_sizes (i32.const 0) (i32.const 4)))
    (drop (call $args (i32.const 1024) (i32.const 4096)))
    (call $print (i32.const 4096) (i32.load (i32.const 4)))
    (call $print (i32.const 32) (i32.const 1))
    (drop (call $env_sizes (i32.const 0) (i32.const 4)))
    (drop (call $env (i32.const 2048) (i32.const 8192)))
    (call $print (i32.const 8192) (i32.load (i32.const 4))))
  (data (i32.const 32) "|"))"#;

#[test]
fn hello_world_prints_to_stdout() {
    let dir = scratch("wasi_hello");
    std::fs::write(
        dir.join("hello.wat"),
        r#"(module
          (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (data (i32.const 8) "hello, world\n")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 8))
            (i32.store (i32.const 4) (i32.const 13))
            (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 32)))))"#,
    )
    .unwrap();
    let run = brisk(&dir, &["run", "hello.wat"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (Some(0), "hello, world\n"),
        "{run:?}"
    );
}

#[test]
fn args_after_the_file_and_env_reach_the_guest() {
    let dir = scratch("wasi_args_env");
    std::fs::write(dir.join("echo.wat"), ECHO).unwrap();
    let run = brisk(
        &dir,
        &[
            "run",
            "--env",
            "A=1",
            "--env",
            "B=x=y",
            "echo.wat",
            "one",
            "two words",
            "--three",
        ],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(
        run.stdout.replace('\0', "\\0"),
        "echo.wat\\0one\\0two words\\0--three\\0|A=1\\0B=x=y\\0"
    );
    // Nothing of the host's environment unless asked for.
    let run = brisk(&dir, &["run", "echo.wat"]);
    assert_eq!(run.stdout.replace('\0', "\\0"), "echo.wat\\0|");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_brisk"))
        .args(["run", "--inherit-env", "echo.wat"])
        .current_dir(&dir)
        .env("BRISK_TEST_INHERITED", "yes")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(out.contains("\0BRISK_TEST_INHERITED=yes\0"), "{out:?}");
}

#[test]
fn proc_exit_is_the_exit_status_after_output() {
    let dir = scratch("wasi_exit");
    std::fs::write(
        dir.join("exit.wat"),
        r#"(module
          (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 1)
          (data (i32.const 8) "bye")
          (func (export "_start")
            (i32.store (i32.const 0) (i32.const 8))
            (i32.store (i32.const 4) (i32.const 3))
            (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 32)))
            (call $exit (i32.const 42))
            unreachable))"#,
    )
    .unwrap();
    let run = brisk(&dir, &["run", "exit.wat"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (Some(42), "bye", "")
    );
}

/// `path_open(fd, follow, path, O_RDONLY-ish) -> errno`, for each fd 0..8
/// and for a relative and an absolute path: exits with the first errno
/// that is 0 (an open that worked), else with 1.
const OPEN_ANY: &str = r#"(module
  (import "wasi_snapshot_preview1" "path_open" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "secret.txt")
  (data (i32.const 200) "/etc/passwd")
  (data (i32.const 300) "../secret.txt")
  (func $try (param $fd i32) (param $p i32) (param $len i32)
    (if (i32.eqz (call $open (local.get $fd) (i32.const 1) (local.get $p) (local.get $len)
                   (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 0)))
      (then (call $exit (i32.const 0)))))
  (func (export "_start") (local $fd i32)
    (loop $l
      (call $try (local.get $fd) (i32.const 100) (i32.const 10))
      (call $try (local.get $fd) (i32.const 200) (i32.const 11))
      (call $try (local.get $fd) (i32.const 300) (i32.const 13))
      (local.set $fd (i32.add (local.get $fd) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $fd) (i32.const 8))))
    (call $exit (i32.const 1))))"#;

#[test]
fn without_dir_no_host_file_opens() {
    let dir = scratch("wasi_no_dir");
    std::fs::write(dir.join("secret.txt"), "x").unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::fs::write(dir.join("open.wat"), OPEN_ANY).unwrap();
    let run = brisk(&dir, &["run", "open.wat"]);
    assert_eq!(run.code, Some(1), "some open worked without --dir: {run:?}");
    // With the folder granted, the same program opens secret.txt...
    let run = brisk(&dir, &["run", "--dir", ".", "open.wat"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    // ...and from a subfolder, neither `..` nor absolute paths get out.
    let run = brisk(&dir, &["run", "--dir", "sub::/", "open.wat"]);
    assert_eq!(run.code, Some(1), "{run:?}");
}

#[test]
fn bad_wasi_options_are_usage_errors() {
    let dir = scratch("wasi_usage");
    std::fs::write(dir.join("echo.wat"), ECHO).unwrap();
    for args in [
        &["run", "--env", "NOEQUALS", "echo.wat"][..],
        &["run", "--dir", "::x", "echo.wat"],
    ] {
        let run = brisk(&dir, args);
        assert_eq!(run.code, Some(2), "{args:?}: {run:?}");
    }
    let run = brisk(&dir, &["run", "--dir", "missing-folder", "echo.wat"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("missing-folder"), "{run:?}");
}

#[test]
fn tcp_listen_preopens_a_socket_the_guest_accepts_on() {
    let dir = scratch("wasi_tcp");
    std::fs::write(
        dir.join("serve.wat"),
        r#"(module
          (import "wasi_snapshot_preview1" "sock_accept" (func $accept (param i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "sock_send" (func $send (param i32 i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
          (memory (export "memory") 1)
          (data (i32.const 100) "hello over tcp")
          (func (export "_start") (local $e i32)
            (local.set $e (call $accept (i32.const 3) (i32.const 0) (i32.const 0)))
            (i32.store (i32.const 8) (i32.const 100))
            (i32.store (i32.const 12) (i32.const 14))
            (local.set $e (i32.add (local.get $e)
              (call $send (i32.load (i32.const 0)) (i32.const 8) (i32.const 1) (i32.const 0) (i32.const 16))))
            (call $exit (local.get $e))))"#,
    )
    .unwrap();
    // A port that was free a moment ago.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_brisk"))
        .args(["run", "--tcp-listen", &addr, "serve.wat"])
        .current_dir(&dir)
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let mut conn = loop {
        match std::net::TcpStream::connect(&addr) {
            Ok(c) => break c,
            Err(e) if start.elapsed() < std::time::Duration::from_secs(20) => {
                let _ = e;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => {
                child.kill().unwrap();
                panic!("brisk never listened on {addr}: {e}");
            }
        }
    };
    let mut got = String::new();
    std::io::Read::read_to_string(&mut conn, &mut got).unwrap();
    assert_eq!(got, "hello over tcp");
    assert_eq!(child.wait().unwrap().code(), Some(0));
}
