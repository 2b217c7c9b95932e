//! # A native extension in an embedding
//!
//! Loads the example extension (`examples/extension`, a shared library
//! written against `include/brisk_extension.h` only), links it into a
//! [`Linker`] as a host module in one call, and runs its self-checking
//! guest (`examples/extension/guest.wat`) in two stores: each store has
//! its own extension state (a call counter), so both see the same counts.
//!
//! ```text
//! cargo run -p brisk-example-extension-host [-- path/to/libbrisk_example_extension.so]
//! ```
//!
//! Without a path it builds the extension with the `cargo` that runs it,
//! into the same target folder, and loads it from there. It checks every
//! result itself (and panics on a wrong one). The same extension from the
//! shell: `brisk run --extension PATH examples/extension/guest.wat`.

use std::path::{Path, PathBuf};
use std::process::Command;

use brisk::runtime::{Engine, Extension, ExtensionStates, Linker, Module, Store};

/// The store's data: here just the extensions' states.
#[derive(Default)]
struct Data {
    extensions: ExtensionStates,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let library = match std::env::args_os().nth(1) {
        Some(path) => PathBuf::from(path),
        None => build_extension()?,
    };
    let ext = Extension::load(&library)?;
    println!(
        "loaded {}: module `{}` with {}",
        library.display(),
        ext.module_name(),
        ext.functions()
            .map(|(name, ty)| format!("{name}: {ty}"))
            .collect::<Vec<_>>()
            .join(", ")
    );

    let engine = Engine::default();
    let mut linker = Linker::new(&engine);
    linker.add_host_module(&ext.host_module(|d: &mut Data| &mut d.extensions))?;
    let guest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../extension/guest.wat");
    let module = Module::from_file(&engine, guest)?;

    for n in 1..=2 {
        let mut store = Store::new(&engine, Data::default());
        let instance = linker.instantiate(&mut store, &module)?;
        assert!(
            store.data().extensions.is_empty(),
            "state is made on first call"
        );
        // `_start` checks upper/fnv1a results and that `calls` is 3 —
        // true in each store, since each has its own counter.
        instance
            .get_typed_func::<(), ()>(&mut store, "_start")?
            .call(&mut store, ())?;
        assert_eq!(store.data().extensions.len(), 1);
        let err = instance
            .get_typed_func::<(), i32>(&mut store, "out_of_bounds")?
            .call(&mut store, ())
            .expect_err("a range past the memory fails");
        assert!(
            err.to_string().contains("range outside the guest's memory"),
            "{err}"
        );
        println!("store {n}: guest checks passed; out-of-bounds call trapped");
    }
    Ok(())
}

/// Builds the extension with this `cargo` into this target folder.
fn build_extension() -> Result<PathBuf, Box<dyn std::error::Error>> {
    // target/<profile>/brisk-example-extension-host
    let exe = std::env::current_exe()?;
    let profile_dir = exe.parent().ok_or("no executable folder")?;
    let target_dir = profile_dir.parent().ok_or("no target folder")?;
    let release = profile_dir.file_name().is_some_and(|n| n == "release");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--quiet", "-p", "brisk-example-extension"])
        .env("CARGO_TARGET_DIR", target_dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    if release {
        cmd.arg("--release");
    }
    if !cmd.status()?.success() {
        return Err("building the example extension failed".into());
    }
    Ok(profile_dir.join(format!(
        "{}brisk_example_extension{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    )))
}
