//! The AOT artifact loader against damaged artifacts: whatever the bytes,
//! loading returns `Ok` or an error, never a crash, and damage outside
//! `.text` is refused or harmless.
//!
//! ```text
//! seed modules (wat, wasm-smith) ─compile once─▶ seed artifacts ([`seeds`])
//!   fuzz input ─┬─ raw bytes ──────────────────────────────┐
//!               └─ (seed, edits outside .text) ─▶ [`apply`] ┴─▶ [`load_everywhere`]
//!                     artifact_info + Module::deserialize in two engines
//!                     ─▶ [`check`]: every `Ok` has the seed's imports and exports
//! ```
//!
//! Nothing loaded is instantiated or called: an artifact's machine code is
//! trusted once its structure checks out (see `brisk_aot::artifact`,
//! "Trust"), so running code from a mutated file would test nothing. What
//! the loader must guarantee, and what [`check`] asserts, is that the
//! structures it reads (ELF and section headers, metadata, declarations,
//! function, trap and memory image tables) never crash it and that damage to them is
//! refused or, where it means nothing (a symbol name, padding, a header
//! field the loader does not read), leaves the module as it was.
//!
//! Edits are confined to the regions outside `.text` ([`Seed::regions`]),
//! chosen region first so the small structures get as many edits as the
//! large ones.

use std::ops::Range;
use std::sync::OnceLock;

use arbitrary::{Result, Unstructured};
use brisk_runtime::{Config, Engine, Module};
use sha2::{Digest, Sha256};

/// The engines every artifact is loaded in: the default one, and one with
/// fuel, interruption and explicit bounds checks (seeds are compiled in
/// both, so each refuses the other's on settings).
pub fn engines() -> &'static [Engine; 2] {
    static ENGINES: OnceLock<[Engine; 2]> = OnceLock::new();
    ENGINES.get_or_init(|| {
        let mut other = Config::new();
        other
            .consume_fuel(true)
            .interruptible(true)
            .explicit_bounds_checks(true);
        [Engine::default(), Engine::new(&other)]
    })
}

/// What [`check`] compares: a module's imports and exports with their
/// types, one line each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape(pub Vec<String>);

impl Shape {
    /// The imports and exports of `module`.
    pub fn of(module: &Module) -> Shape {
        let imports = module
            .imports()
            .map(|(m, n, ty)| format!("import {m:?} {n:?} {ty:?}"));
        let exports = module
            .exports()
            .map(|(n, ty)| format!("export {n:?} {ty:?}"));
        Shape(imports.chain(exports).collect())
    }
}

/// A named byte range of an artifact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    /// A section name, or `ELF header`, `program headers`, `section headers`.
    pub name: String,
    /// Where it lies in the file.
    pub range: Range<usize>,
}

/// A valid artifact to mutate.
#[derive(Debug)]
pub struct Seed {
    /// Which module it was compiled from.
    pub name: String,
    /// Which of [`engines`] compiled it (and loads it).
    pub engine: usize,
    /// The artifact.
    pub bytes: Vec<u8>,
    /// Every non-empty region outside `.text`.
    pub regions: Vec<Region>,
    /// Where `.text` lies.
    pub text: Range<usize>,
    /// What loading it gives.
    pub shape: Shape,
}

/// Hand-written seed modules: every kind of import, export and
/// declaration, segments of each mode, names, traps, and the edge cases of
/// no code at all and of imported functions only.
pub const SEED_WATS: &[(&str, &str)] = &[
    (
        "kitchen-sink",
        r#"(module $kitchen
          (type $bin (func (param i32 i32) (result i32)))
          (import "env" "add" (func $add (type $bin)))
          (import "env" "mem" (memory 1 4))
          (import "env" "g" (global $g i32))
          (import "env" "tab" (table 2 funcref))
          (global $counter (mut i64) (i64.const 7))
          (global $copy i32 (global.get $g))
          (global (export "f") f64 (f64.const 2.5))
          (table $own 4 8 funcref)
          (table $refs 1 externref)
          (elem (table $own) (i32.const 0) func $div $twice)
          (elem $passive funcref (ref.func $twice) (ref.null func))
          (elem declare func $add)
          (data (memory 0) (i32.const 16) "hello")
          (data $later "passive bytes")
          (func $div (export "div") (type $bin)
            local.get 0 local.get 1 i32.div_s)
          (func $twice (export "twice") (param $x i32) (result i32)
            local.get $x local.get $x call $add)
          (func $trap (export "trap") unreachable)
          (func $wide (export "wide") (param v128 f32) (result i64 v128)
            i64.const 1 local.get 0)
          (func $start global.get $counter i64.const 1 i64.add global.set $counter)
          (func (export "fill") (param i32)
            local.get 0 i32.const 0 i32.const 4 memory.fill
            i32.const 0 i32.const 0 i32.const 2 table.init $own $passive
            data.drop $later)
          (start $start)
          (export "memory" (memory 0))
          (export "table" (table $own))
          (export "counter" (global $counter))
          (export "add" (func $add)))"#,
    ),
    ("empty", "(module)"),
    (
        "imports-only",
        r#"(module
          (import "a" "f" (func $f (param i64) (result i64)))
          (import "a" "g" (func $g))
          (export "f" (func $f)) (export "g2" (func $g)))"#,
    ),
    (
        "memory-data",
        r#"(module
          (memory (export "m") 2 10)
          (data (i32.const 0) "\00\01\02\03")
          (data (i32.const 70000) "far")
          (func $load (export "load") (param i32) (result i32)
            local.get 0 i32.load8_u offset=3)
          (func (export "grow") (param i32) (result i32)
            local.get 0 memory.grow))"#,
    ),
];

/// How many wasm-smith modules join the hand-written seeds.
pub const SMITH_SEEDS: usize = 3;

/// Every seed artifact, compiled once (in each engine).
pub fn seeds() -> &'static [Seed] {
    static SEEDS: OnceLock<Vec<Seed>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut modules: Vec<(String, Vec<u8>)> = SEED_WATS
            .iter()
            .map(|(name, wat)| (name.to_string(), wat.as_bytes().to_vec()))
            .collect();
        modules.extend(smith_modules(SMITH_SEEDS));
        let mut seeds = Vec::new();
        for (name, wasm) in modules {
            for (engine_index, engine) in engines().iter().enumerate() {
                let module = Module::new(engine, &wasm)
                    .unwrap_or_else(|e| panic!("seed {name} does not compile: {e}"));
                let bytes = module
                    .serialize()
                    .unwrap_or_else(|e| panic!("seed {name} does not serialize: {e}"));
                let (regions, text) = regions(&bytes)
                    .unwrap_or_else(|| panic!("seed {name}: cannot read the ELF section headers"));
                seeds.push(Seed {
                    name: name.clone(),
                    engine: engine_index,
                    bytes,
                    regions,
                    text,
                    shape: Shape::of(&module),
                });
            }
        }
        seeds
    })
}

/// The first `n` wasm-smith modules (WebAssembly 2.0, at most 20 KB, with
/// at least one function) made from fixed pseudo-random inputs.
fn smith_modules(n: usize) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for seed in 0u64.. {
        if out.len() == n || seed == 1000 {
            break;
        }
        let data = crate::pseudo_random_bytes(seed, 2048);
        let mut u = Unstructured::new(&data);
        let Ok(mut config) = crate::wasm2_config(&mut u, false) else {
            continue;
        };
        config.min_funcs = 1;
        let Ok(module) = wasm_smith::Module::new(config, &mut u) else {
            continue;
        };
        let bytes = module.to_bytes();
        if bytes.len() <= 20_000 {
            out.push((format!("wasm-smith-{seed}"), bytes));
        }
    }
    out
}

fn le(bytes: &[u8], at: usize, n: usize) -> Option<u64> {
    let b = bytes.get(at..at.checked_add(n)?)?;
    Some(b.iter().rev().fold(0, |v, &x| (v << 8) | u64::from(x)))
}

/// The sections of the ELF64 file `bytes`, named, read from its section
/// headers (independently of the loader); `None` if any lies outside.
pub fn sections(bytes: &[u8]) -> Option<Vec<Region>> {
    let shoff = usize::try_from(le(bytes, 0x28, 8)?).ok()?;
    let shnum = le(bytes, 0x3c, 2)? as usize;
    let shstrndx = le(bytes, 0x3e, 2)? as usize;
    let header = |i: usize| -> Option<(u64, Range<usize>)> {
        let at = shoff.checked_add(64 * i)?;
        let start = usize::try_from(le(bytes, at.checked_add(0x18)?, 8)?).ok()?;
        let size = usize::try_from(le(bytes, at.checked_add(0x20)?, 8)?).ok()?;
        let range = start..start.checked_add(size)?;
        bytes.get(range.clone())?;
        Some((le(bytes, at, 4)?, range))
    };
    let (_, names) = header(shstrndx)?;
    let mut out = Vec::new();
    for i in 1..shnum {
        let (name_at, range) = header(i)?;
        let name = bytes.get(names.start.checked_add(name_at as usize)?..names.end)?;
        let name = &name[..name.iter().position(|&b| b == 0)?];
        let name = String::from_utf8_lossy(name).into_owned();
        out.push(Region { name, range });
    }
    Some(out)
}

/// The regions of the ELF64 file `bytes` outside `.text` (headers and
/// non-empty sections), and `.text`.
pub fn regions(bytes: &[u8]) -> Option<(Vec<Region>, Range<usize>)> {
    let phoff = le(bytes, 0x20, 8)? as usize;
    let shoff = le(bytes, 0x28, 8)? as usize;
    let phnum = le(bytes, 0x38, 2)? as usize;
    let shnum = le(bytes, 0x3c, 2)? as usize;
    let mut regions = vec![
        Region {
            name: "ELF header".into(),
            range: 0..64,
        },
        Region {
            name: "program headers".into(),
            range: phoff..phoff + 56 * phnum,
        },
        Region {
            name: "section headers".into(),
            range: shoff..shoff + 64 * shnum,
        },
    ];
    let mut text = None;
    for region in sections(bytes)? {
        if region.name == ".text" {
            text = Some(region.range);
        } else if !region.range.is_empty() {
            regions.push(region);
        }
    }
    Some((regions, text?))
}

/// `bytes` with the metadata's `sections-sha256` recomputed as the writer
/// does (see `brisk_aot`'s `artifact/elf.rs`), so damage to the
/// declarations and tables gets past the hash to the checks behind it;
/// `None` when the sections or the line cannot be found.
pub fn reseal(bytes: &[u8]) -> Option<Vec<u8>> {
    let sections = sections(bytes)?;
    let find = |name: &str| {
        sections
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.range.clone())
    };
    let mut h = Sha256::new();
    for name in [
        ".brisk.wasm",
        ".brisk.funcs",
        ".brisk.traps",
        ".brisk.addrmap",
        ".brisk.images",
    ] {
        let range = find(name)?;
        h.update((range.len() as u64).to_le_bytes());
        h.update(&bytes[range]);
    }
    for name in [".text", ".brisk.image"] {
        let range = find(name)?;
        h.update((range.start as u64).to_le_bytes());
        h.update((range.len() as u64).to_le_bytes());
    }
    let hash: [u8; 32] = h.finalize().into();
    let meta = find(".brisk.meta")?;
    const KEY: &[u8] = b"sections-sha256: ";
    let at = meta.start
        + bytes[meta.clone()]
            .windows(KEY.len())
            .position(|w| w == KEY)?
        + KEY.len();
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    let mut out = bytes.to_vec();
    out.get_mut(at..at + 64)?.copy_from_slice(hex.as_bytes());
    Some(out)
}

/// What loading an artifact gave: `artifact_info`, then
/// `Module::deserialize` in each of [`engines`].
#[derive(Debug)]
pub struct Outcome {
    /// `artifact_info`: `Ok` or the error.
    pub info: std::result::Result<(), String>,
    /// Each engine's `Module::deserialize`: the module's shape or the error.
    pub loaded: Vec<std::result::Result<Shape, String>>,
}

/// Loads `bytes` every way there is, without running anything.
pub fn load_everywhere(bytes: &[u8]) -> Outcome {
    let info = brisk_aot::artifact_info(bytes)
        .map(drop)
        .map_err(|e| e.to_string());
    let loaded = engines()
        .iter()
        .map(|engine| {
            Module::deserialize(engine, bytes)
                .map(|m| Shape::of(&m))
                .map_err(|e| e.to_string())
        })
        .collect();
    Outcome { info, loaded }
}

/// The oracle for an artifact made from `seed` by edits outside `.text`:
/// every engine refuses it, or loads a module with the seed's imports and
/// exports. `Err` says what went wrong.
pub fn check(seed: &Seed, mutated: &[u8]) -> std::result::Result<Outcome, String> {
    let outcome = load_everywhere(mutated);
    for (engine, loaded) in outcome.loaded.iter().enumerate() {
        if let Ok(shape) = loaded
            && *shape != seed.shape
        {
            return Err(format!(
                "engine {engine} loaded a damaged artifact of seed {} (compiled by engine {}) \
                 as a different module\n  seed:   {:?}\n  loaded: {:?}",
                seed.name, seed.engine, seed.shape.0, shape.0
            ));
        }
    }
    Ok(outcome)
}

/// One change to an artifact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// `bytes[at] ^= mask`.
    Xor { at: usize, mask: u8 },
    /// `bytes[at] = byte`.
    Set { at: usize, byte: u8 },
    /// `value` as `width` little-endian bytes at `at` (as far as they fit).
    Put { at: usize, width: usize, value: u64 },
    /// Copies `from` over the bytes at `to` (as far as they fit).
    Copy { from: Range<usize>, to: usize },
    /// Removes a range, moving everything after it.
    Remove(Range<usize>),
    /// Inserts bytes at `at`, moving everything after it.
    Insert { at: usize, bytes: Vec<u8> },
    /// Keeps the first `n` bytes.
    Truncate(usize),
}

/// `bytes` with `edits` applied in order; an edit that no longer fits the
/// (shrunk) file is clipped or skipped.
pub fn apply(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for edit in edits {
        let len = out.len();
        match edit {
            Edit::Xor { at, mask } => {
                if let Some(b) = out.get_mut(*at) {
                    *b ^= mask;
                }
            }
            Edit::Set { at, byte } => {
                if let Some(b) = out.get_mut(*at) {
                    *b = *byte;
                }
            }
            Edit::Put { at, width, value } => {
                let bytes = value.to_le_bytes();
                for (i, &b) in bytes.iter().take(*width).enumerate() {
                    if let Some(slot) = out.get_mut(at + i) {
                        *slot = b;
                    }
                }
            }
            Edit::Copy { from, to } => {
                let from = from.start.min(len)..from.end.min(len);
                let n = from.len().min(len.saturating_sub(*to));
                out.copy_within(from.start..from.start + n, (*to).min(len));
            }
            Edit::Remove(r) => {
                let r = r.start.min(len)..r.end.min(len).max(r.start.min(len));
                out.drain(r);
            }
            Edit::Insert { at, bytes } => {
                let at = (*at).min(len);
                out.splice(at..at, bytes.iter().copied());
            }
            Edit::Truncate(n) => out.truncate(*n),
        }
    }
    out
}

/// Values worth writing over a length, offset, count or index.
fn interesting(seed: &Seed) -> [u64; 14] {
    let len = seed.bytes.len() as u64;
    [
        0,
        1,
        4,
        0x7f,
        0x80,
        0xff,
        0x1000,
        0x7fff_ffff,
        0xffff_ffff,
        u64::MAX,
        1 << 63,
        len,
        len - 1,
        seed.text.start as u64,
    ]
}

/// An offset in a region of `seed` outside `.text`, region chosen first.
fn offset(u: &mut Unstructured<'_>, seed: &Seed) -> Result<usize> {
    let region = u.choose(&seed.regions)?;
    Ok(region.range.start + u.choose_index(region.range.len())?)
}

/// Up to 8 edits of `seed` outside `.text`, drawn from `u`.
pub fn edits_from(u: &mut Unstructured<'_>, seed: &Seed) -> Result<Vec<Edit>> {
    let mut edits = Vec::new();
    for _ in 0..u.int_in_range(1..=8)? {
        let edit = match u.int_in_range(0..=9)? {
            0..=2 => Edit::Xor {
                at: offset(u, seed)?,
                mask: u.int_in_range(1..=255)?,
            },
            3 => Edit::Set {
                at: offset(u, seed)?,
                byte: u.arbitrary()?,
            },
            4 | 5 => Edit::Put {
                at: offset(u, seed)?,
                width: *u.choose(&[1, 2, 4, 8])?,
                value: if u.arbitrary()? {
                    *u.choose(&interesting(seed))?
                } else {
                    u.arbitrary()?
                },
            },
            6 => {
                let from = offset(u, seed)?;
                let n = u.int_in_range(1..=64)?;
                Edit::Copy {
                    from: from..from + n,
                    to: offset(u, seed)?,
                }
            }
            7 => {
                let at = offset(u, seed)?;
                Edit::Remove(at..at + u.int_in_range(1..=16)?)
            }
            8 => Edit::Insert {
                at: offset(u, seed)?,
                bytes: (0..u.int_in_range(1..=16)?)
                    .map(|_| u.arbitrary())
                    .collect::<Result<_>>()?,
            },
            _ => Edit::Truncate(u.choose_index(seed.bytes.len())?),
        };
        edits.push(edit);
    }
    Ok(edits)
}

/// The `artifact_loader` fuzz target. The first byte picks the kind of
/// input: raw artifact bytes (when it is a multiple of 4: the seed corpus
/// written by `examples/artifact_seeds.rs` starts with 0); a seed and
/// edits outside `.text`, checked by [`check`]; or the same, [`reseal`]ed
/// (when it is 3 modulo 4), where only crashes count: a resealed artifact
/// may describe another module.
pub fn fuzz_one(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 4 == 0 {
        // As given (at an odd address, after the mode byte), and aligned.
        load_everywhere(rest);
        let aligned: Vec<u8> = rest.into();
        load_everywhere(&aligned);
        return;
    }
    let mut u = Unstructured::new(rest);
    let Ok(seed) = u.choose(seeds()) else {
        return;
    };
    let Ok(edits) = edits_from(&mut u, seed) else {
        return;
    };
    let mutated = apply(&seed.bytes, &edits);
    if mode % 4 == 3 {
        if let Some(resealed) = reseal(&mutated) {
            load_everywhere(&resealed);
        }
        return;
    }
    if let Err(e) = check(seed, &mutated) {
        let path = save_artifact(&mutated);
        panic!(
            "{e}\n  edits: {edits:?}\n  artifact saved to {}",
            path.display()
        );
    }
}

/// Writes `bytes` to `$TMPDIR/brisk-damaged-<hash>.so` (FNV-1a of the
/// bytes) and returns the path; on failure the path is returned anyway,
/// for the message.
pub fn save_artifact(bytes: &[u8]) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("brisk-damaged-{:016x}.so", crate::fnv1a(bytes)));
    let _ = std::fs::write(&path, bytes);
    path
}
