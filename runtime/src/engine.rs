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
    pub(crate) features: Features,
    pub(crate) max_call_depth: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            features: Features::default(),
            max_call_depth: brisk_vm::DEFAULT_MAX_CALL_DEPTH,
        }
    }
}

impl Config {
    /// The default configuration: WebAssembly 2.0, the interpreter.
    pub fn new() -> Config {
        Config::default()
    }

    /// The WebAssembly features modules may use.
    pub fn features(&mut self, features: Features) -> &mut Config {
        self.features = features;
        self
    }

    /// The most nested wasm calls before "call stack exhausted".
    pub fn max_call_depth(&mut self, depth: u32) -> &mut Config {
        self.max_call_depth = depth;
        self
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
