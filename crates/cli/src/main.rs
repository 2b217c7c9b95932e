//! # brisk — the command-line tool
//!
//! The shell face of brisk (see `DESIGN.md`). Its subcommands:
//!
//! - `brisk validate FILE...` decodes and validates modules, binary
//!   (`.wasm`) or text (`.wat`), and prints one line per bad file
//!   ([`validate`]).
//! - `brisk wast [--interp|--explicit-bounds-checks] [FILE|DIR...]` runs
//!   `.wast` spec scripts (compiled by default) with
//!   the runner of `brisk-spec-tests` and prints the per-script summary
//!   ([`wast`]).
//! - `brisk run [OPTIONS] FILE [ARGS...]` runs `_start` or, with
//!   `--invoke NAME`, calls an export and prints its results one per line,
//!   under limits (`--max-memory`, `--fuel`, `--timeout`) and with native
//!   extensions (`--extension`) ([`run`]). Modules are compiled to native
//!   code in memory first; `--interp` runs them in the interpreter.
//! - `brisk compile FILE [-o OUT] [--target TRIPLE]` compiles a module
//!   ahead of time into an artifact, an ELF shared object that `brisk run
//!   OUT` maps and runs without compiling ([`compile`]).
//! - `brisk inspect FILE` describes a module without running it: sections,
//!   imports, exports, functions, tables, memories, globals, segments,
//!   custom sections and the WebAssembly proposals it uses; for an
//!   artifact, the metadata `brisk compile` recorded and whether this host
//!   can run it. `brisk inspect --verify OUT.so IN.wasm` checks that an
//!   artifact was compiled from a module ([`inspect`]).
//!
//! Exit status: 0 when everything is fine, 1 when a module is bad, a file
//! cannot be read or a script fails, 2 for usage errors (from clap); `brisk
//! run` adds 3 when the guest traps, 4 when a limit stops it, 5 for a
//! link error and 6 for an artifact that needs recompiling (the table is
//! in `brisk run --help`); `brisk inspect --verify` exits 3 when the
//! artifact was not compiled from the module.
//! Nothing reachable from input panics; errors are printed, not raised.
//!
//! ```text
//! $ brisk validate add.wasm broken.wasm
//! broken.wasm: offset 0x1a3: type mismatch: expected i32, found f64
//! $ echo $?
//! 1
//! ```

#![forbid(unsafe_code)]

mod compile;
mod inspect;
mod run;
mod validate;
mod value;
mod wast;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// brisk: a WebAssembly engine for running untrusted code fast.
#[derive(Debug, Parser)]
#[command(name = "brisk", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    Inspect(inspect::Args),
    Run(run::Args),
    Compile(compile::Args),
    Validate(validate::Args),
    Wast(wast::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Inspect(args) => inspect::run(&args),
        Command::Run(args) => run::run(&args),
        Command::Compile(args) => compile::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Wast(args) => wast::run(&args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
