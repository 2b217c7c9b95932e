//! Every preview1 function called through a real guest with wild
//! pointers, lengths, fds and flags: each call returns an errno (or, for
//! `proc_exit`, the exit), and nothing panics, hangs or traps.
//!
//! Arguments come from edge values (0, 1, the last bytes of memory, one
//! past it, `i32::MAX`, -1, ...) one parameter at a time, then from a
//! fixed-seed generator for whole calls. Memory is refilled before each
//! call with a pattern, so what the host reads through a good pointer
//! (iovecs, subscriptions) is wild too — but never a long clock timeout.

mod guest;

use brisk_runtime::{Val, ValType};
use brisk_wasi::{DirPerms, Errno};
use guest::Guest;

const I32_EDGES: [i32; 11] = [0, 1, 3, 8, 65528, 65532, 65535, 65536, i32::MAX, -1, -8];
const I64_EDGES: [i64; 6] = [0, 1, 4096, -1, i64::MAX, i64::MIN];

/// A small fixed-seed generator (xorshift).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn val(&mut self, t: ValType) -> Val {
        let r = self.next();
        let pick = (r >> 32) as usize;
        if t == ValType::I64 {
            if r.is_multiple_of(3) {
                Val::I64(r as i64)
            } else {
                Val::I64(I64_EDGES[pick % I64_EDGES.len()])
            }
        } else if r.is_multiple_of(3) {
            Val::I32(r as i32)
        } else {
            Val::I32(I32_EDGES[pick % I32_EDGES.len()])
        }
    }
}

/// Fills memory with pattern `n`: zeros, all ones, or iovecs/pointers
/// aimed at the memory's end.
fn fill(g: &mut Guest, n: usize) {
    let page: Vec<u8> = match n % 3 {
        0 => vec![0; 65536],
        1 => vec![0xff; 65536],
        _ => (0..65536u32 / 4)
            .flat_map(|i| (65530 + (i % 8)).to_le_bytes())
            .collect(),
    };
    g.memory.write(&mut g.store, 0, &page).unwrap();
}

fn check(g: &mut Guest, name: &str, args: &[Val]) {
    match g.call(name, args) {
        Ok(e) => assert!(
            e.0 <= Errno::NOTCAPABLE.0,
            "{name}{args:?}: errno {e:?} out of range"
        ),
        Err(err) => {
            assert_eq!(name, "proc_exit", "{name}{args:?} trapped: {err}");
            let Val::I32(code) = args[0] else {
                unreachable!()
            };
            assert_eq!(err.exit_code(), Some(code));
        }
    }
}

#[test]
fn every_function_survives_wild_arguments() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("wild");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("f"), "data").unwrap();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut calls = 0;
    for (name, params, _) in brisk_wasi::functions() {
        // A fresh guest per function, so an earlier fd_close of the
        // preopen does not hide later functions' paths.
        let mut g = Guest::with_dir(&dir, DirPerms::ReadWrite);
        let base: Vec<Val> = params
            .iter()
            .map(|&t| {
                if t == ValType::I64 {
                    Val::I64(0)
                } else {
                    Val::I32(3)
                }
            })
            .collect();
        for i in 0..params.len() {
            let edges: Vec<Val> = if params[i] == ValType::I64 {
                I64_EDGES.iter().map(|&v| Val::I64(v)).collect()
            } else {
                I32_EDGES.iter().map(|&v| Val::I32(v)).collect()
            };
            for v in edges {
                let mut args = base.clone();
                args[i] = v;
                fill(&mut g, calls);
                check(&mut g, name, &args);
                calls += 1;
            }
        }
        for _ in 0..300 {
            let args: Vec<Val> = params.iter().map(|&t| rng.val(t)).collect();
            fill(&mut g, calls);
            check(&mut g, name, &args);
            calls += 1;
        }
    }
    assert!(calls > 46 * 300);
}

#[test]
fn a_guest_without_memory_gets_efault_not_a_panic() {
    use brisk_runtime::{Engine, Linker, Module, Store};
    let engine = Engine::default();
    let module = Module::new(
        &engine,
        r#"(module
          (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
          (func (export "run") (result i32) (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))"#,
    )
    .unwrap();
    let mut linker = Linker::new(&engine);
    brisk_wasi::add_to_linker(&mut linker, |c: &mut brisk_wasi::WasiCtx| c).unwrap();
    let mut store = Store::new(&engine, brisk_wasi::WasiCtxBuilder::new().build().unwrap());
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let run = instance
        .get_typed_func::<(), i32>(&mut store, "run")
        .unwrap();
    assert_eq!(run.call(&mut store, ()).unwrap(), i32::from(Errno::FAULT.0));
}
