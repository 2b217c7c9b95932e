//! # brisk — the command-line tool
//!
//! The shell face of brisk (see `DESIGN.md`). Its subcommands:
//!
//! - `brisk validate FILE...` decodes and validates modules, binary
//!   (`.wasm`) or text (`.wat`), and prints one line per bad file
//!   ([`validate`]).
//! - `brisk wast [--interp] [FILE|DIR...]` runs `.wast` spec scripts with
//!   the runner of `brisk-spec-tests` and prints the per-script summary
//!   ([`wast`]).
//! - `brisk run [--interp] --invoke NAME FILE [ARGS...]` calls an export in
//!   the interpreter and prints its results one per line ([`run`]).
//!
//! `compile` and `inspect` arrive with the compiled tier and AOT issues.
//!
//! Exit status: 0 when everything is fine, 1 when a module is bad, a file
//! cannot be read or a script fails, 2 for usage errors (from clap), 3 when
//! `brisk run`'s guest traps.
//! Nothing reachable from input panics; errors are printed, not raised.
//!
//! ```text
//! $ brisk validate add.wasm broken.wasm
//! broken.wasm: offset 0x1a3: type mismatch: expected i32, found f64
//! $ echo $?
//! 1
//! ```

#![forbid(unsafe_code)]

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
    Run(run::Args),
    Validate(validate::Args),
    Wast(wast::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => run::run(&args),
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
