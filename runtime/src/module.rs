//! `Module`: a validated module, ready to instantiate any number of times.
//!
//! It owns the module's bytes and validated form
//! (`brisk_validator::OwnedModule`, in an `Arc`) and the tier's code made
//! from it, which instances share: with [`Strategy::Compiled`] the native
//! code of every function (`brisk_aot::CompiledModule`, compiled in
//! parallel here), with [`Strategy::Interpreter`] the interpreter's code
//! (`brisk_interp::ModuleCode`, which translates each function on its
//! first call). The engine's [`Config`](crate::Config) decides the tier
//! and what the code contains: fuel charges
//! ([`Config::consume_fuel`](crate::Config::consume_fuel)) and interrupt
//! checks ([`Config::interruptible`](crate::Config::interruptible)) are
//! translated in only when on, so they cost nothing when off. Text (`.wat`) is
//! accepted wherever bytes are: input that does not start with the binary
//! magic is parsed as text first.

use std::path::Path;
use std::sync::Arc;

use brisk_aot::CompiledModule;
use brisk_interp::{CodeOptions, ModuleCode};
use brisk_parser::{ExternKind, ImportType, Module as ParsedModule};
use brisk_validator::OwnedModule;

use crate::types::ExternType;
use crate::{Engine, Error, Result, Strategy};

/// The code of one tier for a module, shared by its instances.
#[derive(Clone, Debug)]
pub(crate) enum TierCode {
    /// The interpreter's code (translated lazily).
    Interpreted(Arc<ModuleCode>),
    /// Native code, compiled when the module was made.
    Compiled(Arc<CompiledModule>),
}

#[derive(Debug)]
pub(crate) struct ModuleInner {
    pub engine: Engine,
    pub owned: Arc<OwnedModule>,
    pub code: TierCode,
}

/// A compiled module; cheap to clone. See the [module docs](self).
#[derive(Clone, Debug)]
pub struct Module(pub(crate) Arc<ModuleInner>);

impl Module {
    /// Validates a binary module, or a text one (`.wat`).
    pub fn new(engine: &Engine, bytes: impl AsRef<[u8]>) -> Result<Module> {
        let bytes = bytes.as_ref();
        let binary = if bytes.starts_with(b"\0asm") {
            bytes.to_vec()
        } else {
            wat::parse_bytes(bytes)
                .map_err(|e| Error::Wat(e.to_string()))?
                .into_owned()
        };
        Module::from_binary(engine, binary)
    }

    /// Validates a binary module.
    pub fn from_binary(engine: &Engine, bytes: Vec<u8>) -> Result<Module> {
        let owned = Arc::new(OwnedModule::with_features(bytes, engine.config().features)?);
        let config = engine.config();
        let code = match config.strategy.resolve() {
            Strategy::Interpreter => {
                let options = CodeOptions {
                    consume_fuel: config.consume_fuel,
                    interruptible: config.interruptible,
                };
                TierCode::Interpreted(Arc::new(ModuleCode::with_options(owned.clone(), options)))
            }
            Strategy::Compiled | Strategy::Auto => TierCode::Compiled(Arc::new(
                brisk_aot::compile(owned.clone(), &config.compile_options())?,
            )),
        };
        Ok(Module(Arc::new(ModuleInner {
            engine: engine.clone(),
            owned,
            code,
        })))
    }

    /// Reads and validates a `.wasm` or `.wat` file. (An artifact from
    /// `brisk compile` is loaded with
    /// [`deserialize_file`](Self::deserialize_file) instead.)
    pub fn from_file(engine: &Engine, path: impl AsRef<Path>) -> Result<Module> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        if brisk_aot::is_artifact(&bytes) {
            return Err(Error::Invalid(format!(
                "{} is a compiled artifact, not a wasm module: load it with Module::deserialize_file",
                path.display()
            )));
        }
        Module::new(engine, bytes)
    }

    /// This module's native code as an artifact (an ELF shared object, the
    /// format `brisk compile` writes), for [`deserialize`](Self::deserialize)
    /// later, in this process or another on a compatible host. Needs the
    /// compiled tier.
    pub fn serialize(&self) -> Result<Vec<u8>> {
        match &self.0.code {
            TierCode::Compiled(code) => Ok(code.serialize()?),
            TierCode::Interpreted(_) => Err(Error::Invalid(
                "only compiled modules serialize: this engine runs the interpreter".into(),
            )),
        }
    }

    /// Loads an artifact held in memory (from [`serialize`](Self::serialize)
    /// or `brisk compile`).
    ///
    /// The artifact's structure is checked (see `brisk_aot::artifact`):
    /// one compiled by another brisk version, for another target or CPU,
    /// with settings other than this engine's (fuel, interruption, bounds
    /// checks, wasm features), or damaged, is refused with an
    /// [`Error::Artifact`] that says what differs. Its machine code is not
    /// and cannot be checked: like a native shared library, an artifact is
    /// trusted once its structure checks out. Deserialize only artifacts
    /// you compiled or got from a source you trust.
    pub fn deserialize(engine: &Engine, bytes: &[u8]) -> Result<Module> {
        Module::from_artifact(engine, || {
            CompiledModule::from_artifact_bytes(
                bytes,
                &engine.config().compile_options(),
                engine.config().features,
            )
        })
    }

    /// Loads the artifact at `path` by mapping it: no copy of the code,
    /// which becomes executable in place, and no decoding or validating of
    /// function bodies, so loading costs microseconds. What is checked and
    /// trusted is as for [`deserialize`](Self::deserialize).
    ///
    /// ```no_run
    /// # fn main() -> brisk_runtime::Result<()> {
    /// use brisk_runtime::{Engine, Module};
    /// let engine = Engine::default();
    /// let module = Module::deserialize_file(&engine, "hello.so")?;
    /// # Ok(()) }
    /// ```
    pub fn deserialize_file(engine: &Engine, path: impl AsRef<Path>) -> Result<Module> {
        let path = path.as_ref();
        Module::from_artifact(engine, || {
            CompiledModule::from_artifact_file(
                path,
                &engine.config().compile_options(),
                engine.config().features,
            )
        })
    }

    fn from_artifact(
        engine: &Engine,
        load: impl FnOnce() -> std::result::Result<CompiledModule, brisk_aot::ArtifactError>,
    ) -> Result<Module> {
        if engine.config().strategy.resolve() == Strategy::Interpreter {
            return Err(Error::Invalid(
                "an artifact holds native code, but this engine runs the interpreter".into(),
            ));
        }
        let code = Arc::new(load()?);
        Ok(Module(Arc::new(ModuleInner {
            engine: engine.clone(),
            owned: code.owned_module().clone(),
            code: TierCode::Compiled(code),
        })))
    }

    /// Whether two handles are the same module (clones share one).
    pub fn same(a: &Module, b: &Module) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }

    /// The engine it was made for.
    pub fn engine(&self) -> &Engine {
        &self.0.engine
    }

    pub(crate) fn parsed(&self) -> &ParsedModule<'_> {
        &self.0.owned.validated().module
    }

    /// The module's name from the `name` section.
    pub fn name(&self) -> Option<&str> {
        self.parsed().names.module
    }

    /// Its imports: module, field and type, in order.
    pub fn imports(&self) -> impl ExactSizeIterator<Item = (&str, &str, ExternType)> + '_ {
        let m = self.parsed();
        m.imports.iter().map(move |i| {
            let ty = match i.ty {
                ImportType::Func(t) => ExternType::Func(m.types[t as usize].clone()),
                ImportType::Memory(t) => ExternType::Memory(t),
                ImportType::Table(t) => ExternType::Table(t),
                ImportType::Global(t) => ExternType::Global(t),
            };
            (i.module, i.name, ty)
        })
    }

    /// Its exports: name and type, in order.
    pub fn exports(&self) -> impl ExactSizeIterator<Item = (&str, ExternType)> + '_ {
        let m = self.parsed();
        m.exports.iter().map(move |e| {
            let i = e.index as usize;
            let ty = match e.kind {
                ExternKind::Func => ExternType::Func(
                    m.func_type(e.index)
                        .cloned()
                        .unwrap_or_else(|| brisk_parser::FuncType::new([], [])),
                ),
                ExternKind::Memory => ExternType::Memory(m.memories[i]),
                ExternKind::Table => ExternType::Table(m.tables[i]),
                ExternKind::Global => ExternType::Global(m.globals[i]),
            };
            (e.name, ty)
        })
    }
}
