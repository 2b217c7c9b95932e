//! `brisk compile IN -o OUT`: compile a module ahead of time into an
//! artifact, an ELF64 shared object that `brisk run OUT` (or
//! `Module::deserialize_file`) maps and runs without compiling again.
//!
//! The artifact is for the host (using every CPU feature it has) unless
//! `--target` names a triple, which gets that architecture's baseline
//! features. Code for limits is compiled in only when asked, exactly as
//! `brisk run` would compile it: `--fuel` for `brisk run --fuel N`,
//! `--interruptible` for `brisk run --timeout D`; `brisk run` refuses an
//! artifact whose settings differ from its own (exit status 6).
//!
//! ```text
//! $ brisk compile hello.wasm -o hello.so
//! $ file hello.so
//! hello.so: ELF 64-bit LSB shared object, x86-64, version 1 (SYSV), ...
//! $ brisk run hello.so
//! hello, world
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use brisk::aot::{OptLevel, Target, compile_artifact};
use brisk::validator::OwnedModule;

/// Compile a module ahead of time into a native artifact (ELF shared object).
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Exit status: 0 success, 1 bad input (unreadable, malformed or invalid module, \
unwritable output), 2 usage error (including an unsupported --target).

Examples:
  brisk compile app.wasm -o app.so
  brisk compile --target aarch64-unknown-linux-gnu app.wasm -o app-arm64.so
  brisk compile --fuel --interruptible app.wasm -o app-limited.so")]
pub struct Args {
    /// Where to write the artifact [default: FILE with the extension `.so`].
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Target triple: x86_64-unknown-linux-gnu or aarch64-unknown-linux-gnu
    /// [default: this host, with all of its CPU features].
    #[arg(long, value_name = "TRIPLE", value_parser = parse_target)]
    target: Option<Target>,
    /// Cranelift optimization level: none, speed or speed-and-size.
    #[arg(long, value_name = "LEVEL", default_value = "speed", value_parser = parse_opt_level)]
    opt_level: OptLevel,
    /// Meter fuel in the code (for `brisk run --fuel N`).
    #[arg(long)]
    fuel: bool,
    /// Check for interruption in the code (for `brisk run --timeout D`).
    #[arg(long)]
    interruptible: bool,
    /// Check every memory access against the memory's length instead of
    /// relying on guard pages.
    #[arg(long)]
    explicit_bounds_checks: bool,
    /// The module (`.wasm` or `.wat`).
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

fn parse_target(s: &str) -> Result<Target, String> {
    Target::parse(s).map_err(|e| e.to_string())
}

fn parse_opt_level(s: &str) -> Result<OptLevel, String> {
    s.parse()
}

/// Compiles the file; see the module docs.
pub fn run(args: &Args) -> ExitCode {
    match compile(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("brisk: {message}");
            ExitCode::FAILURE
        }
    }
}

fn compile(args: &Args) -> Result<(), String> {
    let name = args.file.display();
    let bytes = std::fs::read(&args.file).map_err(|e| format!("cannot read {name}: {e}"))?;
    if brisk::aot::is_artifact(&bytes) {
        return Err(format!("{name} is already a compiled artifact"));
    }
    let wasm = if bytes.starts_with(b"\0asm") {
        bytes
    } else {
        wat::parse_bytes(&bytes)
            .map_err(|e| format!("{name}: {e}"))?
            .into_owned()
    };
    let module = OwnedModule::new(wasm).map_err(|e| format!("{name}: {e}"))?;
    let target = args
        .target
        .clone()
        .unwrap_or_else(Target::host)
        .with_opt_level(args.opt_level);
    let options = brisk::aot::CompileOptions {
        consume_fuel: args.fuel,
        interruptible: args.interruptible,
        explicit_bounds_checks: args.explicit_bounds_checks,
    };
    let artifact =
        compile_artifact(&module, &options, &target).map_err(|e| format!("{name}: {e}"))?;
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| args.file.with_extension("so"));
    std::fs::write(&out, artifact).map_err(|e| format!("cannot write {}: {e}", out.display()))
}
