//! `brisk run [OPTIONS] FILE [ARGS...]`: run a module under limits.
//!
//! Options come before FILE; everything after it belongs to the guest.
//! Without `--invoke` the module's `_start` runs (a command; ARGS are
//! its WASI arguments after argv[0], which is FILE as given); with
//! `--invoke NAME` the export NAME runs with ARGS read by its parameter
//! types ([`crate::value`]) and its results are printed one per line.
//!
//! A module importing `wasi_snapshot_preview1` gets WASI
//! ([`brisk::wasi`]) with stdio inherited and nothing else unless granted:
//! `--dir HOST[::GUEST]` preopens a directory read-write (`--dir
//! HOST::GUEST:ro` read-only), `--env K=V` and `--inherit-env` set the
//! environment, `--tcp-listen ADDR` preopens a listening socket. A guest
//! calling `proc_exit(n)` ends `brisk run` with status n (its output is
//! written straight to the host fds, so nothing is left unflushed).
//!
//! Limits map onto the runtime's per-store limits: `--max-memory` is a
//! [`StoreLimits`](brisk::runtime::StoreLimits) memory size,
//! `--fuel` turns fuel metering on and fills the store, `--timeout` turns
//! interruption on and sets a deadline (counted from before
//! instantiation, so a start function is bounded too). `--extension`
//! loads native extensions ([`brisk::runtime::Extension`]) and links each
//! as a host module.
//!
//! Failures print one `brisk: ...` line (a trap: `error: <message>` and
//! the wasm backtrace with function names) on stderr and exit with the
//! status of their class ([`Failure`]), listed in `brisk run --help`.

mod options;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use brisk::parser::ValType;
use brisk::runtime::{
    Config, Engine, Error, Extension, ExtensionStates, Func, Linker, Module, Store,
    StoreLimitsBuilder, Strategy, TrapCode, Val,
};

use brisk::wasi::{DirPerms, Wasi, WasiCtx, WasiCtxBuilder};

use crate::value::{self, Raw};

/// Exit status for bad input: a module that cannot be read, decoded or
/// validated, an extension that cannot be loaded, a missing export, bad
/// arguments for the function.
pub const EXIT_BAD_INPUT: u8 = 1;
// 2 is clap's, for usage errors.
/// Exit status when the guest traps (including call stack exhaustion).
pub const EXIT_TRAP: u8 = 3;
/// Exit status when a limit stops the guest: fuel ran out, the timeout
/// passed, or a memory exceeds `--max-memory` at instantiation.
pub const EXIT_LIMIT: u8 = 4;
/// Exit status when an import is missing or has the wrong type.
pub const EXIT_LINK: u8 = 5;
/// Exit status when an artifact was compiled by another brisk version,
/// for another target or CPU, or with settings the run does not match
/// (recompile it with `brisk compile`).
pub const EXIT_INCOMPATIBLE: u8 = 6;

/// Run a WebAssembly module (.wasm or .wat) or an artifact from `brisk
/// compile`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Exit status:
  0  success
  1  bad input: unreadable, malformed or invalid module, an extension that
     does not load, no such export, bad arguments for the function
  2  usage error (unknown option, bad option value)
  3  the guest trapped (message and wasm backtrace on stderr)
  4  a limit stopped the guest: fuel exhausted, timeout, or a memory larger
     than --max-memory at instantiation
  5  link error: an import is missing or has the wrong type
  6  an artifact (from brisk compile) does not fit this run: another brisk
     version, target or CPU, or compiled without the --fuel/--timeout
     support this run asks for; recompile it (a damaged artifact is 1)

Examples:
  brisk run --invoke add add.wat 2 3
  brisk run --fuel 1000000 --timeout 1.5s --max-memory 64MiB app.wasm
  brisk run --extension ./libtext.so guest.wat
  brisk compile app.wasm -o app.so && brisk run app.so
  brisk run --dir ./data::/data --dir /etc/app::conf:ro --env MODE=fast app.wasm input.txt

A WASI program's proc_exit(n) ends brisk with status n.")]
pub struct Args {
    /// Run in the interpreter instead of compiling to native code first
    /// (instant start, slower execution).
    #[arg(long)]
    interp: bool,
    /// Call this exported function instead of `_start` and print its
    /// results, one per line; ARGS are its arguments.
    #[arg(long, value_name = "NAME")]
    invoke: Option<String>,
    /// Cap each linear memory at SIZE bytes (a number, or with a unit:
    /// 64KiB, 64MiB, 1GiB); memory.grow beyond it returns -1.
    #[arg(long, value_name = "SIZE", value_parser = options::parse_size)]
    max_memory: Option<u64>,
    /// Stop the guest after N units of fuel (about one per wasm
    /// instruction; the rule is in brisk-vm's `fuel` module).
    #[arg(long, value_name = "N")]
    fuel: Option<u64>,
    /// Stop the guest after DURATION of wall-clock time (1.5s, 200ms, 2m).
    #[arg(long, value_name = "DURATION", value_parser = options::parse_duration)]
    timeout: Option<Duration>,
    /// Load a native extension (a shared library implementing
    /// include/brisk_extension.h) and link its functions; repeatable.
    #[arg(long, value_name = "PATH")]
    extension: Vec<PathBuf>,
    /// WASI: preopen host directory HOST as GUEST (default: HOST as
    /// written), read-write, or read-only with `:ro` after GUEST;
    /// repeatable. Without any, the guest can open no host file.
    #[arg(long = "dir", value_name = "HOST[::GUEST[:ro]]", value_parser = options::parse_dir)]
    dirs: Vec<options::DirArg>,
    /// WASI: set environment variable KEY to VALUE; repeatable.
    #[arg(long = "env", value_name = "KEY=VALUE", value_parser = options::parse_env)]
    envs: Vec<(String, String)>,
    /// WASI: pass the whole host environment (before any --env).
    #[arg(long)]
    inherit_env: bool,
    /// WASI: preopen a TCP socket listening on ADDR (e.g. 127.0.0.1:8080)
    /// for sock_accept; repeatable.
    #[arg(long, value_name = "ADDR")]
    tcp_listen: Vec<String>,
    /// The module (`.wasm` or `.wat`), or an artifact (`brisk compile`).
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Arguments for the guest: of the `--invoke` function, read by its
    /// parameter types; otherwise the program's arguments (for WASI).
    #[arg(
        value_name = "ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    args: Vec<String>,
}

/// Why a run failed, one class per exit status.
#[derive(Debug)]
enum Failure {
    BadInput(String),
    Trap(String),
    Limit(String),
    Link(String),
    /// An artifact compiled by another brisk, for another host or with
    /// other settings.
    Incompatible(String),
    /// The guest asked to exit (WASI `proc_exit`) with this status.
    Exit(i32),
}

impl Failure {
    /// The class of a runtime error.
    fn of(e: &Error) -> Failure {
        if let Some(code) = e.exit_code() {
            return Failure::Exit(code);
        }
        let text = e.to_string();
        match e {
            Error::UnknownImport { .. } | Error::IncompatibleImport { .. } => Failure::Link(text),
            Error::Artifact(a) if a.needs_recompile() => Failure::Incompatible(text),
            e if e.is_limit() => Failure::Limit(text),
            Error::Trap(_) => Failure::Trap(text),
            _ => Failure::BadInput(text),
        }
    }
}

/// Whether `path` starts like an artifact from `brisk compile` (an ELF
/// file); unreadable files are left to the module loader to report.
fn is_artifact_file(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut magic = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut magic))
        .is_ok_and(|()| brisk::aot::is_artifact(&magic))
}

/// The store's data: WASI's grants and fds, and the extensions' states.
#[derive(Debug)]
struct RunData {
    wasi: WasiCtx,
    extensions: ExtensionStates,
}

/// Runs the module; see the module docs for exit statuses.
pub fn run(args: &Args) -> ExitCode {
    match execute(args) {
        Ok(lines) => {
            for line in lines {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            let code = match failure {
                Failure::BadInput(m) => {
                    eprintln!("brisk: {m}");
                    EXIT_BAD_INPUT
                }
                Failure::Link(m) => {
                    eprintln!("brisk: link error: {m}");
                    EXIT_LINK
                }
                Failure::Incompatible(m) => {
                    eprintln!("brisk: {m}");
                    EXIT_INCOMPATIBLE
                }
                Failure::Trap(m) => {
                    eprintln!("error: {m}");
                    EXIT_TRAP
                }
                Failure::Limit(m) => {
                    eprintln!("error: limit exceeded: {}", with_option(args, &m));
                    EXIT_LIMIT
                }
                Failure::Exit(code) => {
                    use std::io::Write;
                    let _ = std::io::stdout().flush();
                    let _ = std::io::stderr().flush();
                    // As a process exit status: the low 8 bits.
                    code as u8
                }
            };
            ExitCode::from(code)
        }
    }
}

/// `m` with the option that set the limit after its first line, e.g.
/// `all fuel consumed (--fuel 1000)`; the backtrace lines follow.
fn with_option(args: &Args, m: &str) -> String {
    let (first, rest) = m.split_once('\n').map_or((m, None), |(a, b)| (a, Some(b)));
    let option = if first == TrapCode::OutOfFuel.message() {
        args.fuel.map(|n| format!("--fuel {n}"))
    } else if first == TrapCode::Interrupted.message() {
        args.timeout.map(|d| format!("--timeout {d:?}"))
    } else {
        args.max_memory.map(|b| format!("--max-memory {b}"))
    };
    let mut out = first.to_owned();
    if let Some(option) = option {
        out += &format!(" ({option})");
    }
    if let Some(rest) = rest {
        out += "\n";
        out += rest;
    }
    out
}

fn execute(args: &Args) -> Result<Vec<String>, Failure> {
    let name = args.file.display();
    let in_file = |e: &Error| match Failure::of(e) {
        Failure::BadInput(m) => Failure::BadInput(format!("{name}: {m}")),
        other => other,
    };
    let mut config = Config::new();
    config
        .strategy(if args.interp {
            Strategy::Interpreter
        } else {
            Strategy::Compiled
        })
        .consume_fuel(args.fuel.is_some())
        .interruptible(args.timeout.is_some());
    let artifact = is_artifact_file(&args.file);
    if artifact && args.interp {
        return Err(Failure::BadInput(format!(
            "{name}: an artifact holds native code; --interp runs wasm modules only"
        )));
    }
    let engine = Engine::new(&config);
    let module = if artifact {
        Module::deserialize_file(&engine, &args.file)
    } else {
        Module::from_file(&engine, &args.file)
    }
    .map_err(|e| in_file(&e))?;

    let mut linker = Linker::new(&engine);
    for path in &args.extension {
        let ext = Extension::load(path).map_err(|e| Failure::BadInput(e.to_string()))?;
        linker
            .add_host_module(&ext.host_module(|d: &mut RunData| &mut d.extensions))
            .map_err(|e| Failure::BadInput(e.to_string()))?;
    }

    let uses_wasi = module.imports().any(|(m, _, _)| m == brisk::wasi::MODULE);
    let wasi = if uses_wasi {
        linker
            .add_host_module(&Wasi::new(|d: &mut RunData| &mut d.wasi))
            .map_err(|e| Failure::BadInput(e.to_string()))?;
        wasi_ctx(args)?
    } else {
        WasiCtxBuilder::new()
            .build()
            .map_err(|e| Failure::BadInput(e.to_string()))?
    };
    let data = RunData {
        wasi,
        extensions: ExtensionStates::default(),
    };
    let mut store = Store::new(&engine, data);
    if let Some(bytes) = args.max_memory {
        store.limiter(StoreLimitsBuilder::new().memory_size(bytes).build());
    }
    if let Some(fuel) = args.fuel {
        store.set_fuel(fuel).map_err(|e| Failure::of(&e))?;
    }
    if let Some(timeout) = args.timeout {
        // A timeout too long to represent is no timeout.
        store.set_deadline(Instant::now().checked_add(timeout));
    }
    let instance = linker
        .instantiate(&mut store, &module)
        .map_err(|e| in_file(&e))?;

    let export = args.invoke.as_deref().unwrap_or("_start");
    let func: Func = instance.get_func(&mut store, export).ok_or_else(|| {
        Failure::BadInput(match &args.invoke {
            Some(_) => format!("{name}: no exported function `{export}`"),
            None => format!(
                "{name}: no exported function `_start` to run (use --invoke NAME to call another export)"
            ),
        })
    })?;
    let ty = func.ty(&store);
    let params = if args.invoke.is_some() {
        if ty.params().len() != args.args.len() {
            return Err(Failure::BadInput(format!(
                "`{export}` takes {} argument(s) ({}), {} given",
                ty.params().len(),
                ty,
                args.args.len()
            )));
        }
        ty.params()
            .iter()
            .zip(&args.args)
            .map(|(&ty, text)| value::parse(ty, text).map(to_val))
            .collect::<Result<Vec<Val>, String>>()
            .map_err(Failure::BadInput)?
    } else if !ty.params().is_empty() {
        return Err(Failure::BadInput(format!(
            "{name}: `_start` must take no parameters, it has type {ty}"
        )));
    } else {
        Vec::new()
    };
    let mut results = vec![Val::I32(0); ty.results().len()];
    func.call(&mut store, &params, &mut results)
        .map_err(|e| Failure::of(&e))?;
    Ok(ty
        .results()
        .iter()
        .zip(&results)
        .map(|(&ty, val)| value::format(from_val(ty, val)))
        .collect())
}

/// The WASI grants of the command line.
fn wasi_ctx(args: &Args) -> Result<WasiCtx, Failure> {
    let mut b = WasiCtxBuilder::new();
    b.inherit_stdio().arg(args.file.to_string_lossy());
    if args.invoke.is_none() {
        b.args(&args.args);
    }
    if args.inherit_env {
        b.inherit_env();
    }
    for (k, v) in &args.envs {
        b.env(k, v);
    }
    for d in &args.dirs {
        let perms = if d.read_only {
            DirPerms::ReadOnly
        } else {
            DirPerms::ReadWrite
        };
        b.preopened_dir(&d.host, &d.guest, perms);
    }
    for addr in &args.tcp_listen {
        let l = std::net::TcpListener::bind(addr)
            .map_err(|e| Failure::BadInput(format!("--tcp-listen {addr}: {e}")))?;
        b.tcp_listener(l);
    }
    b.build()
        .map_err(|e| Failure::BadInput(format!("--dir: {e}")))
}

fn to_val(raw: Raw) -> Val {
    match raw.ty {
        ValType::I32 => Val::I32(raw.bits as u32 as i32),
        ValType::I64 => Val::I64(raw.bits as u64 as i64),
        ValType::F32 => Val::F32(raw.bits as u32),
        ValType::F64 => Val::F64(raw.bits as u64),
        ValType::V128 => Val::V128(raw.bits),
        // `value::parse` only accepts `null` for references.
        ValType::Ref(r) if r.heap_type == brisk::parser::HeapType::Extern => Val::ExternRef(None),
        ValType::Ref(_) => Val::FuncRef(None),
    }
}

fn from_val(ty: ValType, val: &Val) -> Raw {
    let bits = match val {
        Val::I32(v) => u128::from(*v as u32),
        Val::I64(v) => u128::from(*v as u64),
        Val::F32(bits) => u128::from(*bits),
        Val::F64(bits) => u128::from(*bits),
        Val::V128(bits) => *bits,
        Val::FuncRef(f) => u128::from(f.is_some()),
        // The host number of an extern reference is not printable here;
        // print it as `ref.extern 0` when non-null.
        Val::ExternRef(e) => u128::from(e.is_some()),
    };
    Raw { ty, bits }
}
