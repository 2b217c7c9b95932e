//! `Engine` and `Config`: what is shared by every store and module.
//!
//! An engine holds the [`TypeRegistry`] (engine-wide canonical function
//! type ids, so `call_indirect` across modules is one integer compare) and
//! the configuration. It is cheap to clone and `Send + Sync`.

use std::sync::Arc;

use brisk_parser::Features;
use brisk_vm::TypeRegistry;

/// Engine configuration.
#[derive(Clone, Debug)]
pub struct Config {
    pub(crate) strategy: Strategy,
    pub(crate) explicit_bounds_checks: bool,
    pub(crate) features: Features,
    pub(crate) max_call_depth: u32,
    pub(crate) consume_fuel: bool,
    pub(crate) interruptible: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            strategy: Strategy::default(),
            explicit_bounds_checks: false,
            features: Features::default(),
            max_call_depth: brisk_vm::DEFAULT_MAX_CALL_DEPTH,
            consume_fuel: false,
            interruptible: false,
        }
    }
}

/// Which tier runs a module's functions.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Strategy {
    /// Compiled where the host supports it (x86-64 and aarch64 Linux),
    /// the interpreter elsewhere: what `Config::new()` chooses, as
    /// wasmtime compiles by default.
    #[default]
    Auto,
    /// Validate, then translate each function to the interpreter's
    /// bytecode on its first call: instant start, every platform.
    Interpreter,
    /// Compile every function to native code with Cranelift (in parallel)
    /// when the module is created: slower to start, near-native speed.
    /// [`Module::new`](crate::Module::new) fails with a clear error on a
    /// host the compiled tier does not support.
    Compiled,
}

impl Strategy {
    /// The tier this strategy picks on this host: never `Auto`.
    pub fn resolve(self) -> Strategy {
        match self {
            Strategy::Auto if brisk_aot::host_supported().is_ok() => Strategy::Compiled,
            Strategy::Auto => Strategy::Interpreter,
            other => other,
        }
    }
}

impl Config {
    /// The default configuration: WebAssembly 2.0, compiled code where the
    /// host supports it ([`Strategy::Auto`]), no fuel, no interruption.
    pub fn new() -> Config {
        Config::default()
    }

    /// The tier that runs functions (see [`Strategy`]).
    pub fn strategy(&mut self, strategy: Strategy) -> &mut Config {
        self.strategy = strategy;
        self
    }

    /// Whether compiled code checks every memory access against the
    /// memory's current length instead of relying on the 4 GiB
    /// reservation and guard pages of 32-bit memories (for hosts without
    /// much address space). Off by default; the interpreter always checks.
    pub fn explicit_bounds_checks(&mut self, on: bool) -> &mut Config {
        self.explicit_bounds_checks = on;
        self
    }

    /// The WebAssembly features modules may use.
    pub fn features(&mut self, features: Features) -> &mut Config {
        self.features = features;
        self
    }

    /// Whether wasm consumes fuel (see [`brisk_vm::fuel`] for the counting
    /// rule). Stores of such an engine start with 0 fuel; set it with
    /// [`Store::set_fuel`](crate::Store::set_fuel). Off by default; when
    /// off, the code contains no fuel checks at all.
    pub fn consume_fuel(&mut self, on: bool) -> &mut Config {
        self.consume_fuel = on;
        self
    }

    /// Whether wasm checks for interruption ([`Store::interrupt_handle`],
    /// [`Store::set_deadline`]) at function entry and loop headers. Off by
    /// default; when off, the code contains no checks at all.
    ///
    /// [`Store::interrupt_handle`]: crate::Store::interrupt_handle
    /// [`Store::set_deadline`]: crate::Store::set_deadline
    pub fn interruptible(&mut self, on: bool) -> &mut Config {
        self.interruptible = on;
        self
    }

    /// The most nested wasm calls before "call stack exhausted".
    pub fn max_call_depth(&mut self, depth: u32) -> &mut Config {
        self.max_call_depth = depth;
        self
    }

    /// What compiled code must contain for this configuration: the
    /// settings `brisk compile` takes and an artifact must match.
    pub fn compile_options(&self) -> brisk_aot::CompileOptions {
        brisk_aot::CompileOptions {
            consume_fuel: self.consume_fuel,
            interruptible: self.interruptible,
            explicit_bounds_checks: self.explicit_bounds_checks,
        }
    }
}

#[derive(Debug)]
struct EngineInner {
    config: Config,
    registry: Arc<TypeRegistry>,
}

/// Shared compilation and type state; see the [module docs](self).
#[derive(Clone, Debug)]
pub struct Engine(Arc<EngineInner>);

impl Default for Engine {
    fn default() -> Self {
        Engine::new(&Config::default())
    }
}

impl Engine {
    /// An engine with this configuration.
    pub fn new(config: &Config) -> Engine {
        Engine(Arc::new(EngineInner {
            config: config.clone(),
            registry: Arc::new(TypeRegistry::new()),
        }))
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.0.config
    }

    /// The engine's function-type registry.
    pub fn registry(&self) -> &Arc<TypeRegistry> {
        &self.0.registry
    }

    /// Whether two handles are the same engine.
    pub fn same(a: &Engine, b: &Engine) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}
