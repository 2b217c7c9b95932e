//! Artifacts round-trip and every kind of damage or mismatch is refused.

use std::sync::Arc;

use brisk_parser::Features;
use brisk_validator::OwnedModule;
use brisk_vm::{TypeRegistry, VMStore, ValRaw};

use super::*;
use crate::{CompiledModule, OptLevel};

const WAT: &str = r#"(module $demo
    (memory 1)
    (data (i32.const 16) "\2a")
    (func $load (export "load") (result i32)
      i32.const 16 i32.const 42 i32.store8 i32.const 16 i32.load8_u)
    (func $div (export "div") (param i32 i32) (result i32)
      local.get 0 local.get 1 i32.div_u)
    (func (export "twice") (param i32) (result i32)
      local.get 0 call $double)
    (func $double (param i32) (result i32) local.get 0 local.get 0 i32.add))"#;

fn module() -> OwnedModule {
    OwnedModule::new(wat::parse_str(WAT).unwrap()).unwrap()
}

fn host_artifact() -> Vec<u8> {
    compile_artifact(&module(), &CompileOptions::default(), &Target::host()).unwrap()
}

fn load(bytes: &[u8]) -> Result<CompiledModule, ArtifactError> {
    CompiledModule::from_artifact_bytes(bytes, &CompileOptions::default(), Features::default())
}

/// Calls export `name` of a fresh instance of `code`.
fn call(code: CompiledModule, name: &str, args: &[ValRaw]) -> Result<ValRaw, brisk_vm::Trap> {
    let code = Arc::new(code);
    let index = code
        .owned_module()
        .validated()
        .module
        .exports
        .iter()
        .find(|e| e.name == name)
        .unwrap()
        .index;
    let mut store = VMStore::new(Arc::new(TypeRegistry::new()));
    let id = store.instantiate(code, &[]).unwrap();
    let f = store.instance(id).canonical_func_ref(index);
    let mut vals = [ValRaw::i32(0); 2];
    vals[..args.len()].copy_from_slice(args);
    store.call(f, &mut vals)?;
    Ok(vals[0])
}

#[test]
fn round_trips_and_runs() {
    let bytes = host_artifact();
    assert_eq!(
        call(load(&bytes).unwrap(), "load", &[]).unwrap().get_i32(),
        42
    );
    let args = [ValRaw::i32(7), ValRaw::i32(0)];
    let trap = call(load(&bytes).unwrap(), "div", &args).unwrap_err();
    assert_eq!(trap.code(), Some(brisk_vm::TrapCode::IntegerDivisionByZero));
    let frames = trap.backtrace();
    assert_eq!(frames[0].func_name.as_deref(), Some("div"));
    assert!(frames[0].module_offset.is_some());
    let twice = call(load(&bytes).unwrap(), "twice", &[ValRaw::i32(21)]).unwrap();
    assert_eq!(twice.get_i32(), 42);
    // Serializing a loaded artifact gives it back; serializing freshly
    // compiled code gives an equivalent one.
    assert_eq!(load(&bytes).unwrap().serialize().unwrap(), bytes);
    let fresh = crate::compile(Arc::new(module()), &Default::default()).unwrap();
    let again = fresh.serialize().unwrap();
    assert_eq!(
        call(load(&again).unwrap(), "load", &[]).unwrap().get_i32(),
        42
    );
}

#[test]
fn loads_from_a_file() {
    let path = std::env::temp_dir().join(format!("brisk-aot-test-{}.so", std::process::id()));
    std::fs::write(&path, host_artifact()).unwrap();
    let code = CompiledModule::from_artifact_file(&path, &Default::default(), Features::default());
    std::fs::remove_file(&path).unwrap();
    assert_eq!(call(code.unwrap(), "load", &[]).unwrap().get_i32(), 42);
    let err = CompiledModule::from_artifact_file(&path, &Default::default(), Features::default())
        .unwrap_err();
    assert!(matches!(err, ArtifactError::Io { .. }), "{err}");
}

#[test]
fn metadata_describes_the_compilation() {
    let wasm = wat::parse_str(WAT).unwrap();
    let info = artifact_info(&host_artifact()).unwrap();
    assert_eq!(info.target, target_lexicon::Triple::host().to_string());
    assert_eq!((info.imported_functions, info.defined_functions), (0, 4));
    assert_eq!(info.opt_level, OptLevel::Speed);
    assert_eq!(info.engine_version, ENGINE_VERSION);
    assert!(info.verify(&wasm));
    assert!(!info.verify(b"\0asm\x01\0\0\0"));
    assert!(info.host_can_run().is_ok());
    let text = info.to_string();
    assert!(text.starts_with("format: 1\nengine: brisk "), "{text}");
    assert_eq!(ArtifactInfo::decode(text.as_bytes()).unwrap(), info);
    // Another opt level is a different binding.
    let none = Target::host().with_opt_level(OptLevel::None);
    let other = compile_artifact(&module(), &Default::default(), &none).unwrap();
    let other = artifact_info(&other).unwrap();
    assert_eq!(other.wasm_sha256, info.wasm_sha256);
    assert_ne!(other.binding_sha256, info.binding_sha256);
}

/// `bytes` with `from` replaced by `to` (same length) once.
fn patched(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let at = bytes.windows(from.len()).position(|w| w == from).unwrap();
    let mut out = bytes.to_vec();
    out[at..at + to.len()].copy_from_slice(to);
    out
}

#[test]
fn refuses_mismatches_with_what_differs() {
    let bytes = host_artifact();
    let engine = ENGINE_VERSION.as_bytes();
    let mut older = engine.to_vec();
    *older.last_mut().unwrap() = b'9';
    let err = load(&patched(&bytes, engine, &older)).unwrap_err();
    assert!(matches!(err, ArtifactError::Version(_)), "{err}");
    assert!(err.to_string().contains(ENGINE_VERSION), "{err}");
    let err = load(&patched(&bytes, b"format: 1\n", b"format: 7\n")).unwrap_err();
    assert!(err.to_string().contains("format 7"), "{err}");

    let arm = Target::parse("aarch64-unknown-linux-gnu").unwrap();
    let arm = compile_artifact(&module(), &Default::default(), &arm).unwrap();
    if cfg!(target_arch = "x86_64") {
        let err = load(&arm).unwrap_err();
        assert!(matches!(err, ArtifactError::Target { .. }), "{err}");
        assert!(
            err.to_string().contains("aarch64-unknown-linux-gnu"),
            "{err}"
        );
    }

    let fuel = CompileOptions {
        consume_fuel: true,
        ..Default::default()
    };
    let err = CompiledModule::from_artifact_bytes(&bytes, &fuel, Features::default()).unwrap_err();
    assert!(
        err.to_string()
            .contains("consume-fuel is false in the artifact"),
        "{err}"
    );
    let err = CompiledModule::from_artifact_bytes(&bytes, &Default::default(), Features::ALL)
        .unwrap_err();
    assert!(matches!(err, ArtifactError::Settings(_)), "{err}");

    let err = load(&patched(&bytes, b"has_", b"hax_")).unwrap_err();
    assert!(matches!(err, ArtifactError::Cpu(_)), "{err}");
    let err = load(b"\0asm\x01\0\0\0").unwrap_err();
    assert!(matches!(err, ArtifactError::NotAnArtifact(_)), "{err}");
}

#[test]
fn refuses_truncation_and_damage_without_crashing() {
    let bytes = host_artifact();
    for len in (0..bytes.len()).step_by(7) {
        assert!(load(&bytes[..len]).is_err(), "truncated to {len} bytes");
    }
    // Every single-byte change outside `.text` and padding: refused, or (a
    // change to a string or name that means nothing) loaded and runnable.
    let sections = read_sections(&bytes).unwrap();
    let text = sections.text_offset..sections.text_offset + sections.text.len();
    for at in (0..bytes.len()).filter(|i| !text.contains(i)) {
        let mut bad = bytes.clone();
        bad[at] ^= 0x55;
        if let Ok(code) = load(&bad) {
            drop(code);
        }
    }
}

#[test]
fn memory_images_come_from_the_file() {
    use brisk_vm::TierCode;
    // A small image (copied per instance) and a 1 MiB one (mapped from
    // the artifact file, copy-on-write).
    let small = host_artifact();
    let data = "a".repeat(0x10_0001);
    let wat =
        format!(r#"(module (memory 40) (data (i32.const 65536) "{data}") (func (export "f")))"#);
    let big = OwnedModule::new(wat::parse_str(&wat).unwrap()).unwrap();
    let big = compile_artifact(&big, &Default::default(), &Target::host()).unwrap();
    for (bytes, offset, len, mapped) in [(&small, 0, 4096, false), (&big, 65536, 0x10_1000, true)] {
        let sections = read_sections(bytes).unwrap();
        assert_eq!(sections.image_table.len(), 32, "one image, for memory 0");
        let path = std::env::temp_dir().join(format!("brisk-aot-image-{}.so", std::process::id()));
        std::fs::write(&path, bytes).unwrap();
        let code =
            CompiledModule::from_artifact_file(&path, &Default::default(), Features::default());
        std::fs::remove_file(&path).unwrap();
        let code = code.unwrap();
        let image = code
            .memory_image(0)
            .expect("the data segments make an image");
        assert_eq!((image.linear_memory_offset(), image.len()), (offset, len));
        assert_eq!(image.is_mapped(), mapped && cfg!(target_os = "linux"));
        // In-memory artifacts get an image too.
        assert!(load(bytes).unwrap().memory_image(0).is_some());
    }
}

#[test]
fn refuses_bad_image_descriptors() {
    let bytes = host_artifact();
    let sections = read_sections(&bytes).unwrap();
    let at = bytes
        .windows(sections.image_table.len())
        .position(|w| w == sections.image_table)
        .unwrap();
    // Memory index 1 (none), a misaligned length, a range past the memory.
    for (field, value) in [(0usize, 1u64), (16, 4095), (8, 65536)] {
        let mut bad = bytes.clone();
        let width = if field == 0 { 4 } else { 8 };
        bad[at + field..at + field + width].copy_from_slice(&value.to_le_bytes()[..width]);
        let err = load(&resealed(bad)).unwrap_err();
        assert!(err.to_string().contains("memory images"), "{err}");
    }
}

#[test]
fn a_module_without_functions_compiles_and_round_trips() {
    // Regression: its code is empty, and registering an empty code range
    // with the vm's trap registry panicked ("empty code range"), in the
    // compiled tier and for its artifact alike (fixed in the registry).
    let wat =
        r#"(module (memory 1) (data (i32.const 0) "hi") (global (export "g") i32 (i32.const 7)))"#;
    let owned = Arc::new(OwnedModule::new(wat::parse_str(wat).unwrap()).unwrap());
    let compiled = crate::compile(owned.clone(), &CompileOptions::default()).unwrap();
    assert_eq!(compiled.code_size(), 0);
    let bytes = compiled.serialize().unwrap();
    for code in [compiled, load(&bytes).unwrap()] {
        let mut store = VMStore::new(Arc::new(TypeRegistry::new()));
        store.instantiate(Arc::new(code), &[]).unwrap();
    }
}

/// `bytes` with `sections-sha256` recomputed, so damage reaches the checks
/// behind the hash.
fn resealed(mut bytes: Vec<u8>) -> Vec<u8> {
    let hash = elf::find_sections(&bytes).unwrap().sections_hash();
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    let key = b"sections-sha256: ";
    let at = bytes.windows(key.len()).position(|w| w == key).unwrap() + key.len();
    bytes[at..at + 64].copy_from_slice(hex.as_bytes());
    bytes
}

#[test]
fn loads_from_a_misaligned_buffer() {
    // Found by the `artifact_loader` fuzz target: the ELF reader needs
    // aligned headers, and a valid artifact at an odd address (a fuzz
    // input after its mode byte, a slice of a bigger buffer) was refused
    // as corrupted.
    let bytes = host_artifact();
    let mut buf = vec![0u8; bytes.len() + 1];
    let odd = usize::from((buf.as_ptr() as usize).is_multiple_of(2));
    buf[odd..odd + bytes.len()].copy_from_slice(&bytes);
    let slice = &buf[odd..odd + bytes.len()];
    assert_eq!(
        artifact_info(slice).unwrap(),
        artifact_info(&bytes).unwrap()
    );
    assert!(load(slice).is_ok());
}

#[test]
fn refuses_damage_that_still_decodes() {
    // Found by the `artifact_loader` fuzz target: a changed export name,
    // table entry or `.text` offset still decodes and validates, but no
    // longer describes the code; the sections hash refuses it.
    let bytes = host_artifact();
    let renamed = patched(&bytes, b"\x05twice", b"\x05twicf");
    let err = load(&renamed).unwrap_err();
    assert!(err.to_string().contains("sections-sha256"), "{err}");
    assert!(artifact_info(&renamed).is_err());

    let sections = read_sections(&bytes).unwrap();
    let funcs = sections.tables.funcs.as_ptr() as usize - bytes.as_ptr() as usize;
    let mut moved = bytes.clone();
    // The second function's trampoline word, one instruction further.
    moved[funcs + 4 * (7 + 2)] += 1;
    assert!(
        load(&moved)
            .unwrap_err()
            .to_string()
            .contains("sections-sha256")
    );

    // Behind the hash, the table checks still refuse what does not fit.
    let mut outside = bytes.clone();
    outside[funcs + 4 * (7 + 2)..funcs + 4 * (7 + 3)].copy_from_slice(&u32::MAX.to_le_bytes());
    let err = load(&resealed(outside)).unwrap_err();
    assert!(err.to_string().contains("function table"), "{err}");
    assert!(load(&resealed(bytes.clone())).is_ok());

    // What the loader does not read (a symbol's name) stays harmless.
    let symbol = patched(&bytes, b"brisk-trampoline[0]", b"brisk-trampoline[9]");
    assert!(load(&symbol).is_ok());
}
