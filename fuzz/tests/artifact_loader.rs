//! A deterministic slice of the `artifact_loader` fuzz target, run by
//! `cargo test`: fixed kinds of damage to every seed artifact, outside
//! `.text` (truncation at every region boundary, byte flips in every
//! region, header fields set to edge values, sections and metadata lines
//! swapped, bytes inserted and removed), each loaded every way there is.
//! Nothing may panic; every load of a damaged artifact is refused or gives
//! the seed's imports and exports; every truncation is refused. Each damaged
//! artifact is also loaded [`reseal`]ed, its sections hash recomputed, so
//! the checks behind the hash (declarations, function and trap tables) see
//! the damage too; there only panics count.

use std::panic::{AssertUnwindSafe, catch_unwind};

use brisk_fuzz::artifacts::{Edit, Region, Seed, apply, check, load_everywhere, reseal, seeds};

/// ELF64 header and section header field offsets.
const E_TYPE: usize = 0x10;
const E_MACHINE: usize = 0x12;
const E_SHOFF: usize = 0x28;
const E_SHENTSIZE: usize = 0x3a;
const E_SHNUM: usize = 0x3c;
const E_SHSTRNDX: usize = 0x3e;
const SH_NAME: usize = 0x00;
const SH_TYPE: usize = 0x04;
const SH_OFFSET: usize = 0x18;
const SH_SIZE: usize = 0x20;

fn put(at: usize, width: usize, value: u64) -> Edit {
    Edit::Put { at, width, value }
}

/// Edits swapping the equally long ranges `a` and `b` of `bytes`.
fn swap(bytes: &[u8], a: usize, b: usize, len: usize) -> Vec<Edit> {
    (0..len)
        .flat_map(|i| {
            [
                Edit::Set {
                    at: a + i,
                    byte: bytes[b + i],
                },
                Edit::Set {
                    at: b + i,
                    byte: bytes[a + i],
                },
            ]
        })
        .collect()
}

fn region<'a>(seed: &'a Seed, name: &str) -> Option<&'a Region> {
    seed.regions.iter().find(|r| r.name == name)
}

/// Every kind of damage to `seed`, named; truncations are listed apart.
fn mutations(seed: &Seed, rng: &mut Vec<u8>) -> (Vec<usize>, Vec<(String, Vec<Edit>)>) {
    let bytes = &seed.bytes;
    let len = bytes.len();
    let mut next = move || {
        if rng.is_empty() {
            *rng = brisk_fuzz::pseudo_random_bytes(len as u64 ^ 0x5eed, 4096);
        }
        rng.pop().unwrap()
    };

    // Truncation just before, at and after every region boundary.
    let mut cuts: Vec<usize> = seed
        .regions
        .iter()
        .flat_map(|r| [r.range.start, r.range.end])
        .chain([seed.text.start, seed.text.end, 1, 4, 16, 63, 64])
        .flat_map(|b| [b.saturating_sub(1), b, b + 1])
        .filter(|&n| n < len)
        .collect();
    cuts.sort_unstable();
    cuts.dedup();

    let mut out: Vec<(String, Vec<Edit>)> = Vec::new();
    // Byte flips in every region: a few everywhere, more in the metadata,
    // declarations and function table.
    for r in &seed.regions {
        let flips = match r.name.as_str() {
            ".brisk.meta" | ".brisk.wasm" | ".brisk.funcs" => 24,
            _ => 6,
        };
        for _ in 0..flips {
            let pick = usize::from(next()) << 8 | usize::from(next());
            let at = r.range.start + pick % r.range.len();
            let mask = next().max(1);
            out.push((
                format!("{} byte {at:#x} ^= {mask:#04x}", r.name),
                vec![Edit::Xor { at, mask }],
            ));
        }
        // One byte removed and one inserted at its start.
        out.push((
            format!("{}: first byte removed", r.name),
            vec![Edit::Remove(r.range.start..r.range.start + 1)],
        ));
        out.push((
            format!("{}: a byte inserted at its start", r.name),
            vec![Edit::Insert {
                at: r.range.start,
                bytes: vec![next()],
            }],
        ));
    }

    // ELF header fields.
    let huge = [0, 1, len as u64, u64::MAX, 1 << 62];
    // Section headers ending just below the top of the address space
    // (the fuzzer's first find: an overflow in the resealing reader).
    let top = (0..16).map(|k| u64::MAX - 64 * k - 0x10);
    for v in huge.into_iter().chain(top) {
        out.push((format!("e_shoff = {v:#x}"), vec![put(E_SHOFF, 8, v)]));
    }
    for (name, at, values) in [
        ("e_shnum", E_SHNUM, &[0u64, 1, 3, 0xffff][..]),
        ("e_shstrndx", E_SHSTRNDX, &[0, 1, 0xffff][..]),
        ("e_shentsize", E_SHENTSIZE, &[0, 1, 63, 0xffff][..]),
        ("e_type", E_TYPE, &[0, 2][..]),
        ("e_machine", E_MACHINE, &[0, 3, 0xb7][..]),
    ] {
        for &v in values {
            out.push((format!("{name} = {v:#x}"), vec![put(at, 2, v)]));
        }
    }
    out.push(("ELF class 32-bit".into(), vec![put(4, 1, 1)]));
    out.push(("ELF big-endian".into(), vec![put(5, 1, 2)]));

    // Section header fields of every section.
    let shoff = region(seed, "section headers").unwrap().range.start;
    let shnum = region(seed, "section headers").unwrap().range.len() / 64;
    for i in 1..shnum {
        let h = shoff + 64 * i;
        let size = u64::from_le_bytes(bytes[h + SH_SIZE..h + SH_SIZE + 8].try_into().unwrap());
        for (what, edit) in [
            ("sh_offset = len", put(h + SH_OFFSET, 8, len as u64)),
            ("sh_offset = max", put(h + SH_OFFSET, 8, u64::MAX)),
            ("sh_offset = 0", put(h + SH_OFFSET, 8, 0)),
            (
                "sh_offset += 4",
                put(h + SH_OFFSET, 1, u64::from(bytes[h + SH_OFFSET]) + 4),
            ),
            ("sh_size = 0", put(h + SH_SIZE, 8, 0)),
            ("sh_size += 1", put(h + SH_SIZE, 8, size + 1)),
            ("sh_size -= 1", put(h + SH_SIZE, 8, size.saturating_sub(1))),
            ("sh_size = max", put(h + SH_SIZE, 8, u64::MAX)),
            ("sh_name = 0", put(h + SH_NAME, 4, 0)),
            ("sh_type = NOBITS", put(h + SH_TYPE, 4, 8)),
        ] {
            out.push((format!("section header {i}: {what}"), vec![edit]));
        }
        // Swapped with the next header, or its contents with the next's
        // (offset and size together).
        if i + 1 < shnum {
            out.push((
                format!("section headers {i} and {} swapped", i + 1),
                swap(bytes, h, h + 64, 64),
            ));
            out.push((
                format!("contents of sections {i} and {} swapped", i + 1),
                swap(bytes, h + SH_OFFSET, h + 64 + SH_OFFSET, 16),
            ));
        }
    }

    // Metadata lines swapped with the next (same length in all).
    if let Some(meta) = region(seed, ".brisk.meta") {
        let text = &bytes[meta.range.clone()];
        let starts: Vec<usize> = std::iter::once(0)
            .chain(
                text.iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .filter(|&i| i < text.len())
            .collect();
        for pair in starts.windows(3) {
            let (a, b, end) = (pair[0], pair[1], pair[2]);
            let swapped: Vec<u8> = [&text[b..end], &text[a..b]].concat();
            out.push((
                format!("metadata lines at {a} and {b} swapped"),
                swapped
                    .iter()
                    .enumerate()
                    .map(|(i, &byte)| Edit::Set {
                        at: meta.range.start + a + i,
                        byte,
                    })
                    .collect(),
            ));
        }
    }
    (cuts, out)
}

/// Runs `f`, turning a panic into an `Err` with its message.
fn no_panic<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| {
        let msg = p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        Err(format!("panicked: {msg}"))
    })
}

#[test]
fn damaged_artifacts_are_refused_or_harmless() {
    let seeds = seeds();
    assert!(seeds.len() >= 10, "only {} seeds", seeds.len());
    let mut failures = Vec::new();
    let (mut loaded, mut refused, mut resealed_loaded) = (0usize, 0usize, 0usize);
    let mut rng = Vec::new();
    for seed in seeds {
        // The seed itself: its engine loads it, the other refuses it.
        let outcome = load_everywhere(&seed.bytes);
        assert!(
            outcome.info.is_ok(),
            "seed {}: {:?}",
            seed.name,
            outcome.info
        );
        for (engine, result) in outcome.loaded.iter().enumerate() {
            assert_eq!(
                result.is_ok(),
                engine == seed.engine,
                "seed {} (engine {}) in engine {engine}: {result:?}",
                seed.name,
                seed.engine
            );
        }

        let (cuts, edits) = mutations(seed, &mut rng);
        for n in cuts {
            let r = no_panic(|| {
                let outcome = load_everywhere(&seed.bytes[..n]);
                if outcome.info.is_ok() || outcome.loaded.iter().any(Result::is_ok) {
                    return Err(format!("truncated to {n} bytes, loaded: {outcome:?}"));
                }
                Ok(())
            });
            match r {
                Ok(()) => refused += 1,
                Err(e) => failures.push(format!("seed {} ({}): {e}", seed.name, seed.engine)),
            }
        }
        for (what, edits) in edits {
            let mutated = apply(&seed.bytes, &edits);
            match no_panic(|| check(seed, &mutated)) {
                Ok(outcome) if outcome.loaded.iter().any(Result::is_ok) => loaded += 1,
                Ok(_) => refused += 1,
                Err(e) => {
                    failures.push(format!("seed {} ({}), {what}: {e}", seed.name, seed.engine))
                }
            }
            let Some(resealed) = reseal(&mutated) else {
                continue;
            };
            match no_panic(|| Ok(load_everywhere(&resealed))) {
                Ok(outcome) if outcome.loaded.iter().any(Result::is_ok) => resealed_loaded += 1,
                Ok(_) => {}
                Err(e) => failures.push(format!(
                    "seed {} ({}), {what}, resealed: {e}",
                    seed.name, seed.engine
                )),
            }
        }
    }
    eprintln!(
        "{refused} damaged artifacts refused, {loaded} loaded unchanged, \
         {resealed_loaded} loaded once resealed"
    );
    assert!(refused > 1000, "only {refused} refusals");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn truncated_files_are_refused() {
    // The file path maps instead of copying: truncated files are refused
    // too, the empty one included.
    let seed = &seeds()[0];
    let engine = &brisk_fuzz::artifacts::engines()[seed.engine];
    let path = std::env::temp_dir().join(format!("brisk-fuzz-trunc-{}.so", std::process::id()));
    for n in [
        0,
        1,
        64,
        seed.text.start,
        seed.text.end,
        seed.bytes.len() - 1,
    ] {
        std::fs::write(&path, &seed.bytes[..n]).unwrap();
        let r = brisk_runtime::Module::deserialize_file(engine, &path);
        assert!(r.is_err(), "truncated to {n} bytes, loaded");
    }
    std::fs::write(&path, &seed.bytes).unwrap();
    let r = brisk_runtime::Module::deserialize_file(engine, &path);
    std::fs::remove_file(&path).unwrap();
    assert!(r.is_ok(), "{:?}", r.err());
}

#[test]
fn a_different_module_is_reported() {
    // The oracle is not vacuous: a valid artifact of another module, in
    // place of a damaged one, is reported.
    let seeds = seeds();
    let kitchen = seeds.iter().find(|s| s.name == "kitchen-sink").unwrap();
    let other = seeds
        .iter()
        .find(|s| s.name == "imports-only" && s.engine == kitchen.engine)
        .unwrap();
    let err = check(kitchen, &other.bytes).unwrap_err();
    assert!(err.contains("as a different module"), "{err}");
    assert!(check(kitchen, &kitchen.bytes).is_ok());
}

#[test]
fn edits_stay_outside_text() {
    // The structure-aware edits never touch `.text`.
    for seed in seeds() {
        for i in 0..50u64 {
            let data = brisk_fuzz::pseudo_random_bytes(i, 256);
            let mut u = arbitrary::Unstructured::new(&data);
            let Ok(edits) = brisk_fuzz::artifacts::edits_from(&mut u, seed) else {
                continue;
            };
            for e in &edits {
                let at = match e {
                    Edit::Xor { at, .. } | Edit::Set { at, .. } | Edit::Put { at, .. } => *at,
                    Edit::Copy { to, .. } => *to,
                    Edit::Remove(r) => r.start,
                    Edit::Insert { at, .. } => *at,
                    Edit::Truncate(_) => continue,
                };
                assert!(!seed.text.contains(&at), "{e:?} in .text {:?}", seed.text);
            }
        }
    }
}

#[test]
fn resealing_an_intact_artifact_changes_nothing() {
    // `reseal` computes the hash exactly as the writer does, or the
    // resealed loads would only ever test the hash check.
    for seed in seeds() {
        assert!(
            reseal(&seed.bytes).as_deref() == Some(&seed.bytes[..]),
            "{}",
            seed.name
        );
    }
}
