//! Every kernel in `benches/kernels/` assembles, validates with brisk, and
//! declares the checksum that a plain Rust model of its algorithm computes
//! for its default size. The models are written from the algorithm in each
//! kernel's header comment, not from its code, so a kernel that computes
//! something else (a wrong branch target, a wrong lane, a swapped operand)
//! disagrees with its model. The compare script then checks every engine
//! against the same declared checksum. The native C twins that
//! `compare-compiled.sh` times are built and held to the same checksums and
//! models, and the `compile-time` bin of `compare-compile.sh` is run once.

use brisk_benches::kernels::{Kernel, kernels};

fn fib(n: i64) -> i64 {
    if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
}

fn collatz(n: i64) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for s in 1..=n as u64 {
        let (mut x, mut steps) = (s, 0u64);
        while x != 1 {
            x = if x % 2 == 0 {
                x / 2
            } else {
                x.wrapping_mul(3).wrapping_add(1)
            };
            steps += 1;
        }
        h = (h ^ steps).wrapping_mul(0x100_0000_01b3);
    }
    h as i64
}

fn mandelbrot(n: i64) -> i64 {
    let n = n as i32;
    let (sx, sy) = (3.0 / f64::from(n), 2.0 / f64::from(n));
    let mut total = 0i64;
    for py in 0..n {
        let ci = f64::from(py) * sy - 1.0;
        for px in 0..n {
            let cr = f64::from(px) * sx - 2.0;
            let (mut zr, mut zi) = (0.0f64, 0.0f64);
            for _ in 0..200 {
                let (zr2, zi2) = (zr * zr, zi * zi);
                if zr2 + zi2 > 4.0 {
                    break;
                }
                zi = (zr + zr) * zi + ci;
                zr = zr2 - zi2 + cr;
                total += 1;
            }
        }
    }
    total
}

fn sieve(n: i64) -> i64 {
    let n = n as usize;
    let mut composite = vec![false; n];
    let mut i = 2;
    while i * i < n {
        if !composite[i] {
            for j in (i * i..n).step_by(i) {
                composite[j] = true;
            }
        }
        i += 1;
    }
    (2..n).filter(|&i| !composite[i]).map(|i| i as i64).sum()
}

fn matmul(n: i64) -> i64 {
    let n = n as usize;
    let a: Vec<f64> = (0..n * n).map(|k| f64::from((k % 7) as i32 - 3)).collect();
    let b: Vec<f64> = (0..n * n)
        .map(|k| f64::from(((k / n + 2 * (k % n)) % 5) as i32 - 2))
        .collect();
    let mut chk = 0i64;
    for i in 0..n {
        for j in 0..n {
            let c: f64 = (0..n).fold(0.0, |acc, k| acc + a[i * n + k] * b[k * n + j]);
            chk = chk.wrapping_mul(31).wrapping_add(c as i64);
        }
    }
    chk
}

fn dispatch(n: i64) -> i64 {
    let natives: [fn(i32) -> i32; 4] = [
        |x| x.wrapping_mul(x).wrapping_add(1),
        |x| x ^ ((x as u32) >> 13) as i32,
        |x| x.wrapping_add(0x9e37_79b9_u32 as i32),
        |x| x.wrapping_add(x.count_ones() as i32),
    ];
    let (mut acc, mut cnt) = (0i32, n as i32);
    loop {
        acc = acc.wrapping_add(7);
        acc ^= cnt;
        acc = natives[0](acc);
        acc = acc.wrapping_mul(31);
        acc = natives[1](acc);
        acc = acc.rotate_left(5);
        acc = natives[2](acc);
        cnt = cnt.wrapping_sub(1);
        if cnt == 0 {
            break;
        }
    }
    i64::from(natives[3](acc))
}

fn simd(reps: i64) -> i64 {
    const N: usize = 16384;
    fn xorshift32(mut x: u32) -> u32 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^ (x << 5)
    }
    let (mut a, mut b) = (vec![0u32; N], vec![0u32; N]);
    let mut x = 0x1234_5678u32;
    for i in 0..N {
        x = xorshift32(x);
        a[i] = x;
        x = xorshift32(x);
        b[i] = x;
    }
    let mut chk = 0i32;
    for r in 0..reps as u32 {
        let mut acc = [0i32; 4];
        let mut accf = [0f32; 4];
        for i in 0..N {
            let lane = i % 4;
            acc[lane] = acc[lane].wrapping_add((a[i] as i32).wrapping_mul(b[i] as i32));
            accf[lane] += ((a[i] as i32) >> 8) as f32;
            let (ab, bb) = (a[i].to_le_bytes(), b[i].to_le_bytes());
            let blended: [u8; 4] = std::array::from_fn(|k| {
                (((u16::from(ab[k]) + u16::from(bb[k]) + 1) >> 1) as u8) ^ (r as u8)
            });
            a[i] = u32::from_le_bytes(blended);
        }
        let s = acc.iter().fold(0i32, |s, &v| s.wrapping_add(v));
        let f = (accf[0] + accf[1]) + (accf[2] + accf[3]);
        chk = chk.wrapping_mul(31).wrapping_add(s) ^ f.to_bits() as i32;
    }
    i64::from(chk)
}

/// The Rust model of each kernel, by name.
fn model(name: &str) -> Option<fn(i64) -> i64> {
    Some(match name {
        "fib" => fib,
        "collatz" => collatz,
        "mandelbrot" => mandelbrot,
        "sieve" => sieve,
        "matmul" => matmul,
        "dispatch" => dispatch,
        "simd" => simd,
        _ => return None,
    })
}

fn all() -> Vec<Kernel> {
    let kernels = kernels().expect("kernels load");
    assert!(
        kernels.len() >= 6,
        "expected at least 6 kernels, found {}",
        kernels.len()
    );
    kernels
}

#[test]
fn kernels_assemble_and_validate() {
    for kernel in all() {
        let bytes = kernel.wasm().expect("kernel assembles");
        if let Err(e) = brisk::validate(&bytes) {
            panic!("{}: {e}", kernel.name);
        }
    }
}

#[test]
fn declared_checksums_match_the_models() {
    for kernel in all() {
        let model = model(&kernel.name)
            .unwrap_or_else(|| panic!("{}: no Rust model; add one to this test", kernel.name));
        assert_eq!(
            model(kernel.arg),
            kernel.expect,
            "{}: run({}) per the model differs from the declared checksum",
            kernel.name,
            kernel.arg
        );
    }
}

/// The models themselves, on small inputs whose answers are known
/// independently (or were printed by wasmi for the kernel file).
#[test]
fn models_agree_with_known_values() {
    assert_eq!(fib(25), 75025);
    assert_eq!(sieve(1000), 76127); // sum of the primes below 1000
    assert_eq!(collatz(1000), 3493005245403993859);
    assert_eq!(mandelbrot(50), 140268);
    assert_eq!(matmul(10), 8286851219984442816);
    assert_eq!(dispatch(10), 754205247);
    assert_eq!(simd(3), -1324137275);
}

/// A C compiler for the native twins: `$CC`, else `cc`.
fn c_compiler() -> String {
    std::env::var("CC").unwrap_or_else(|_| "cc".to_owned())
}

/// Builds `benches/kernels/native/NAME.c` as compare-compiled.sh does (plus
/// `extra` flags) and returns the executable.
fn build_native(name: &str, extra: &[&str]) -> std::path::PathBuf {
    let source = brisk_benches::kernels::kernels_dir()
        .join("native")
        .join(format!("{name}.c"));
    assert!(
        source.is_file(),
        "{name}: no native twin {}; write one (see harness.h)",
        source.display()
    );
    let exe = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("native-{name}{}", extra.concat()));
    let status = std::process::Command::new(c_compiler())
        .args(["-O2", "-ffp-contract=off", "-Wall", "-Werror", "-o"])
        .arg(&exe)
        .arg(&source)
        .args(extra)
        .status()
        .unwrap_or_else(|e| panic!("cannot run the C compiler `{}` (set CC): {e}", c_compiler()));
    assert!(status.success(), "{name}: {} failed", source.display());
    exe
}

/// What a native twin prints for `run(arg)` timed `reps` times.
fn run_native(exe: &std::path::Path, arg: i64, reps: u32) -> i64 {
    let out = std::process::Command::new(exe)
        .args([arg.to_string(), reps.to_string()])
        .output()
        .expect("native kernel runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}: {:?} {stdout}",
        exe.display(),
        out.status
    );
    let mut lines = stdout.lines();
    let value = lines.next().and_then(|l| l.parse().ok());
    let timing = lines.next().unwrap_or_default();
    assert!(
        timing.starts_with("best_ns ") && timing.ends_with(&format!(" reps {reps}")),
        "{}: timing line {timing:?}",
        exe.display()
    );
    value.unwrap_or_else(|| panic!("{}: no checksum in {stdout:?}", exe.display()))
}

/// The native C twins (compare-compiled.sh's native column) compute what
/// the kernels compute: the declared checksum at the default size, and the
/// Rust model's value at the small size (twice, so the repetition check
/// runs); simd.c's portable path too, wherever it is not the default.
#[test]
fn native_twins_match_the_checksums() {
    for kernel in all() {
        let model = model(&kernel.name).expect("every kernel has a model");
        let mut variants = vec![build_native(&kernel.name, &[])];
        if kernel.name == "simd" && cfg!(target_arch = "x86_64") {
            variants.push(build_native(&kernel.name, &["-DBRISK_PORTABLE_SIMD"]));
        }
        for exe in variants {
            assert_eq!(
                run_native(&exe, kernel.arg, 1),
                kernel.expect,
                "{}: native run({})",
                exe.display(),
                kernel.arg
            );
            assert_eq!(
                run_native(&exe, kernel.small, 2),
                model(kernel.small),
                "{}: native run({})",
                exe.display(),
                kernel.small
            );
        }
    }
}

/// The `compile-time` bin (compare-compile.sh's brisk side) reports every
/// field for a module brisk compiles, and an error, not a number, for one
/// it cannot read.
#[test]
fn compile_time_bin_reports_fields_or_an_error() {
    let bin = env!("CARGO_BIN_EXE_compile-time");
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let fib = all()
        .into_iter()
        .find(|k| k.name == "fib")
        .expect("fib kernel");
    let path = dir.join("compile-time-fib.wasm");
    std::fs::write(&path, fib.wasm().expect("fib assembles")).expect("write fib.wasm");
    let out = std::process::Command::new(bin)
        .args(["--reps", "2"])
        .arg(&path)
        .output()
        .expect("compile-time runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    if brisk_aot::host_supported().is_err() {
        assert!(!out.status.success(), "{stdout}");
        return;
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fields: std::collections::HashMap<&str, &str> = stdout
        .split_whitespace()
        .filter_map(|field| field.split_once('='))
        .collect();
    for key in ["validate_ms", "compile_ms", "total_ms"] {
        let value: f64 = fields[key].parse().expect("a number");
        assert!(value >= 0.0, "{key}={value}");
    }
    assert_eq!(fields["functions"], "2", "{stdout}");
    assert_eq!(fields["reps"], "2", "{stdout}");

    let bad = dir.join("compile-time-bad.wasm");
    std::fs::write(&bad, b"\0asm\x01\0\0\0\x01").expect("write bad.wasm");
    let out = std::process::Command::new(bin)
        .arg(&bad)
        .output()
        .expect("compile-time runs");
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "no numbers for a bad module");
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: "));
}
