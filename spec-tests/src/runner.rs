//! Runs the directives of one script against brisk.
//!
//! ```text
//! .wast text ─wast─▶ WastDirective ─▶ Runner::<kind>() ─▶ DirectiveResult
//!                        │
//!                        └─ module ─wast encode─▶ bytes ─brisk::validate─▶ verdict
//! ```
//!
//! [`Runner`] has one method per directive kind. Every WebAssembly 2.0
//! directive runs, in the runner's [`Tier`]: modules are decoded, validated and
//! instantiated in the script's store (with `spectest` defined),
//! `register` makes an instance importable, invocations run and their
//! results are matched against the script's patterns ([`crate::value`]),
//! traps are matched by message. In [`Tier::Artifact`] every module the
//! script makes (by `module`, `assert_trap`/`assert_unlinkable` of a
//! module, and so for `register`) is compiled, written to a file as an
//! artifact and loaded back before it is instantiated
//! ([`crate::artifact`]); `assert_invalid`/`assert_malformed` are judged by
//! the validator before anything is compiled, in every tier. Directives
//! of later proposals (threads,
//! exceptions, stack switching, module definitions/instances) answer
//! [`Outcome::NotRun`].
//!
//! Text is the `wat`/`wast` crate's business: a module written in text is
//! encoded by `wast` before brisk sees it, and an `assert_malformed` of a
//! text module (which tests the text parser) is reported as a
//! [`TextOutcome`], never as a brisk pass or failure.
//!
//! brisk must not panic, but if it does, the panic is caught and reported
//! as that directive's failure, so one bug does not hide the rest of the
//! script.

use std::collections::HashMap;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use brisk::runtime::{Engine, ExternRef, Instance, Linker, Module, Store, Val, spectest};

use wast::core::ModuleKind;
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastDirective, WastExecute, WastInvoke, WastRet, Wat};

use crate::artifact::ArtifactDir;
use crate::directive::{DirectiveKind, DirectiveResult, MessageDiff, Outcome, TextOutcome};
use crate::tier::Tier;
use crate::value::{self, Value};

/// Why a directive of a later proposal is not run.
pub const NEEDS_EXECUTION: &str = "needs a proposal beyond WebAssembly 2.0";

/// Why a component-model directive is not run.
const COMPONENT: &str = "component-model modules are not core WebAssembly";

/// Runs the directives of scripts, one method per directive kind.
///
/// One `Runner` runs one script, in one [`Tier`]: it holds that
/// script's store, its instances (the latest, and those named `$id`) and
/// the linker, where `spectest` is defined and `register` adds instances.
pub struct Runner {
    tier: Tier,
    engine: Engine,
    store: Store<()>,
    linker: Linker<()>,
    /// The latest module instantiated.
    current: Option<Instance>,
    /// Instances by their `$id`.
    named: HashMap<String, Instance>,
    /// Where [`Tier::Artifact`] writes its artifacts (unused otherwise).
    artifacts: ArtifactDir,
}

impl fmt::Debug for Runner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runner")
            .field("tier", &self.tier)
            .field("named", &self.named.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Default for Runner {
    fn default() -> Self {
        Self::new(Tier::Interpreter)
    }
}

/// How a directive went, before its line and kind are attached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    /// How it went.
    pub outcome: Outcome,
    /// Set when brisk rejected a module with a message lacking the
    /// expected text.
    pub message_differs: Option<MessageDiff>,
}

impl From<Outcome> for Checked {
    fn from(outcome: Outcome) -> Self {
        Checked {
            outcome,
            message_differs: None,
        }
    }
}

/// What brisk said about a module's bytes.
enum Verdict {
    Accepted,
    Rejected(brisk::Error),
    Panicked(String),
}

impl Verdict {
    fn of(bytes: &[u8]) -> Verdict {
        match catch_unwind(AssertUnwindSafe(|| brisk::validate(bytes).map(drop))) {
            Ok(Ok(())) => Verdict::Accepted,
            Ok(Err(e)) => Verdict::Rejected(e),
            Err(payload) => Verdict::Panicked(panic_message(payload.as_ref())),
        }
    }

    /// A human sentence: "brisk accepted it", "brisk rejected it as
    /// invalid: offset 0x1f: type mismatch ...".
    fn describe(&self) -> String {
        match self {
            Verdict::Accepted => "brisk accepted it".to_string(),
            Verdict::Rejected(e) => format!("brisk rejected it as {}: {e}", kind_of(e)),
            Verdict::Panicked(message) => format!("brisk panicked: {message}"),
        }
    }
}

fn kind_of(e: &brisk::Error) -> &'static str {
    if e.is_malformed() {
        "malformed"
    } else {
        "invalid"
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_string())
}

/// Whether a module is written in text (`(module ...)`, `(module quote
/// ...)`) rather than as bytes (`(module binary ...)`).
fn is_text(module: &QuoteWat<'_>) -> bool {
    match module {
        QuoteWat::Wat(Wat::Module(m)) => matches!(m.kind, ModuleKind::Text(_)),
        QuoteWat::Wat(Wat::Component(_)) => true,
        QuoteWat::QuoteModule(..) | QuoteWat::QuoteComponent(..) => true,
    }
}

pub(crate) fn is_component(module: &QuoteWat<'_>) -> bool {
    matches!(
        module,
        QuoteWat::Wat(Wat::Component(_)) | QuoteWat::QuoteComponent(..)
    )
}

/// Encodes a module to bytes with `wast` (text is parsed first). A panic in
/// the encoder is reported as an error.
pub(crate) fn encode(module: &mut QuoteWat<'_>) -> Result<Vec<u8>, String> {
    match catch_unwind(AssertUnwindSafe(|| module.encode())) {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => Err(e.message()),
        Err(payload) => Err(format!(
            "wast panicked: {}",
            panic_message(payload.as_ref())
        )),
    }
}

/// Compares brisk's message with the script's expectation (substring).
fn message_diff(error: &brisk::Error, expected: &str) -> Option<MessageDiff> {
    (!error.message().contains(expected)).then(|| MessageDiff {
        expected: expected.to_string(),
        actual: error.message().to_string(),
    })
}

impl Runner {
    /// A runner for one script in `tier`, with a fresh store and the
    /// `spectest` module defined.
    pub fn new(tier: Tier) -> Self {
        let engine = tier.engine();
        let mut store = Store::new(&engine, ());
        let mut linker = Linker::new(&engine);
        if let Err(e) = spectest::define(&mut linker, &mut store) {
            // Defining fixed host items in a fresh linker cannot fail; if it
            // ever does, every module importing them reports the link error.
            eprintln!("brisk-spec-tests: cannot define spectest: {e}");
        }
        Runner {
            tier,
            engine,
            store,
            linker,
            current: None,
            named: HashMap::new(),
            artifacts: ArtifactDir::new(),
        }
    }

    /// Parses `text` as a `.wast` script and runs every directive, in
    /// order. A script that does not parse gives one failed result of kind
    /// [`DirectiveKind::Script`].
    pub fn run_script(&mut self, text: &str) -> Vec<DirectiveResult> {
        // names.wast spells names with bidirectional-override characters on
        // purpose; the lexer refuses those unless told otherwise.
        let mut lexer = Lexer::new(text);
        lexer.allow_confusing_unicode(true);
        let buf = match ParseBuffer::new_with_lexer(lexer) {
            Ok(buf) => buf,
            Err(e) => return vec![script_error(text, e)],
        };
        let wast = match parser::parse::<Wast<'_>>(&buf) {
            Ok(wast) => wast,
            Err(e) => return vec![script_error(text, e)],
        };
        wast.directives
            .into_iter()
            .map(|directive| self.run_directive(text, directive))
            .collect()
    }

    /// Runs one directive of a script whose text is `text` (for the line
    /// number).
    pub fn run_directive(&mut self, text: &str, directive: WastDirective<'_>) -> DirectiveResult {
        let line = directive.span().linecol_in(text).0 + 1;
        let (kind, checked) = match directive {
            WastDirective::Module(module) => (DirectiveKind::Module, self.module(module)),
            WastDirective::ModuleDefinition(module) => (
                DirectiveKind::ModuleDefinition,
                self.module_definition(module),
            ),
            WastDirective::ModuleInstance { .. } => {
                (DirectiveKind::ModuleInstance, self.module_instance())
            }
            WastDirective::AssertMalformed {
                module, message, ..
            } => (
                DirectiveKind::AssertMalformed,
                self.assert_malformed(module, message),
            ),
            WastDirective::AssertInvalid {
                module, message, ..
            } => (
                DirectiveKind::AssertInvalid,
                self.assert_invalid(module, message),
            ),
            WastDirective::AssertMalformedCustom { module, .. } => (
                DirectiveKind::AssertMalformedCustom,
                self.assert_custom(module),
            ),
            WastDirective::AssertInvalidCustom { module, .. } => (
                DirectiveKind::AssertInvalidCustom,
                self.assert_custom(module),
            ),
            WastDirective::Register { name, module, .. } => (
                DirectiveKind::Register,
                self.register(name, module.map(|id| id.name())),
            ),
            WastDirective::Invoke(invoke) => (DirectiveKind::Invoke, self.invoke(invoke)),
            WastDirective::AssertReturn { exec, results, .. } => (
                DirectiveKind::AssertReturn,
                self.assert_return(exec, results),
            ),
            WastDirective::AssertTrap { exec, message, .. } => {
                (DirectiveKind::AssertTrap, self.assert_trap(exec, message))
            }
            WastDirective::AssertExhaustion { call, message, .. } => (
                DirectiveKind::AssertExhaustion,
                self.assert_exhaustion(call, message),
            ),
            WastDirective::AssertUnlinkable {
                module, message, ..
            } => (
                DirectiveKind::AssertUnlinkable,
                self.assert_unlinkable(module, message),
            ),
            WastDirective::AssertException { exec, .. } => {
                (DirectiveKind::AssertException, self.assert_exception(exec))
            }
            WastDirective::AssertSuspension { exec, .. } => (
                DirectiveKind::AssertSuspension,
                self.assert_suspension(exec),
            ),
            WastDirective::Thread(_) => (
                DirectiveKind::Thread,
                Outcome::NotRun(NEEDS_EXECUTION).into(),
            ),
            WastDirective::Wait { .. } => {
                (DirectiveKind::Wait, Outcome::NotRun(NEEDS_EXECUTION).into())
            }
        };
        DirectiveResult {
            line,
            kind,
            outcome: checked.outcome,
            message_differs: checked.message_differs,
        }
    }

    /// `(module ...)`: the module must decode, validate and instantiate;
    /// it becomes the current instance (and a named one with `$id`).
    pub fn module(&mut self, mut module: QuoteWat<'_>) -> Checked {
        if is_component(&module) {
            return Outcome::NotRun(COMPONENT).into();
        }
        let id = match &module {
            QuoteWat::Wat(Wat::Module(m)) => m.id.map(|id| id.name().to_string()),
            _ => None,
        };
        let bytes = match encode(&mut module) {
            Ok(bytes) => bytes,
            Err(e) => return Outcome::Failed(format!("wast cannot encode the module: {e}")).into(),
        };
        match Verdict::of(&bytes) {
            Verdict::Accepted => {}
            other => {
                return Outcome::Failed(format!(
                    "expected a valid module, but {}",
                    other.describe()
                ))
                .into();
            }
        }
        match self.instantiate(bytes) {
            Ok(instance) => {
                if let Some(id) = id {
                    self.named.insert(id, instance.clone());
                }
                self.current = Some(instance);
                Outcome::Passed.into()
            }
            Err(e) => Outcome::Failed(format!("instantiation failed: {e}")).into(),
        }
    }

    /// Compiles and instantiates a module with the script's linker.
    fn instantiate(&mut self, bytes: Vec<u8>) -> Result<Instance, String> {
        let module = self.make_module(bytes)?;
        self.link(&module).map_err(|e| e.to_string())
    }

    /// Compiles a module in the runner's tier; in [`Tier::Artifact`], the
    /// module is then written to a file as an artifact and loaded back
    /// from it. A panic in brisk is an error, not the end of the script.
    fn make_module(&mut self, bytes: Vec<u8>) -> Result<Module, String> {
        let Runner {
            tier,
            engine,
            artifacts,
            ..
        } = self;
        catch_unwind(AssertUnwindSafe(|| {
            let module = Module::new(engine, bytes).map_err(|e| e.to_string())?;
            if tier.through_artifact() {
                artifacts.round_trip(engine, &module)
            } else {
                Ok(module)
            }
        }))
        .unwrap_or_else(|payload| {
            Err(format!(
                "brisk panicked: {}",
                panic_message(payload.as_ref())
            ))
        })
    }

    /// Instantiates a module with the script's linker; a panic in brisk
    /// is an error, not the end of the script.
    fn link(&mut self, module: &Module) -> Result<Instance, LinkFailure> {
        let Runner { store, linker, .. } = self;
        catch_unwind(AssertUnwindSafe(|| linker.instantiate(store, module)))
            .unwrap_or_else(|payload| {
                Err(brisk::runtime::Error::Invalid(format!(
                    "brisk panicked: {}",
                    panic_message(payload.as_ref())
                )))
            })
            .map_err(LinkFailure)
    }

    /// `(module definition ...)`: the module must decode and validate.
    pub fn module_definition(&mut self, mut module: QuoteWat<'_>) -> Checked {
        if is_component(&module) {
            return Outcome::NotRun(COMPONENT).into();
        }
        let bytes = match encode(&mut module) {
            Ok(bytes) => bytes,
            Err(e) => return Outcome::Failed(format!("wast cannot encode the module: {e}")).into(),
        };
        match Verdict::of(&bytes) {
            Verdict::Accepted => Outcome::Passed,
            other => Outcome::Failed(format!("expected a valid module, but {}", other.describe())),
        }
        .into()
    }

    /// `(module instance ...)`: needs execution.
    pub fn module_instance(&mut self) -> Checked {
        Outcome::NotRun(NEEDS_EXECUTION).into()
    }

    /// `(assert_malformed module "message")`.
    ///
    /// A binary module must be rejected by brisk as *malformed*. A text
    /// module tests the text parser: the result is a [`TextOutcome`].
    pub fn assert_malformed(&mut self, mut module: QuoteWat<'_>, message: &str) -> Checked {
        if is_component(&module) {
            return Outcome::NotRun(COMPONENT).into();
        }
        let text = is_text(&module);
        let bytes = match encode(&mut module) {
            Ok(bytes) => bytes,
            Err(e) if text => return Outcome::Text(TextOutcome::RejectedByWat(e)).into(),
            Err(e) => {
                return Outcome::Failed(format!("wast cannot encode the binary module: {e}"))
                    .into();
            }
        };
        let verdict = Verdict::of(&bytes);
        if text {
            return Outcome::Text(TextOutcome::AcceptedByWat(verdict.describe())).into();
        }
        match verdict {
            Verdict::Rejected(e) if e.is_malformed() => Checked {
                outcome: Outcome::Passed,
                message_differs: message_diff(&e, message),
            },
            Verdict::Rejected(e) => Checked {
                outcome: Outcome::Failed(format!(
                    "expected malformed (\"{message}\"), but brisk decoded it and rejected it as \
                     invalid: {e}"
                )),
                message_differs: message_diff(&e, message),
            },
            other => Outcome::Failed(format!(
                "expected malformed (\"{message}\"), but {}",
                other.describe()
            ))
            .into(),
        }
    }

    /// `(assert_invalid module "message")`: the module must decode, and
    /// brisk must reject it as *invalid*.
    pub fn assert_invalid(&mut self, mut module: QuoteWat<'_>, message: &str) -> Checked {
        if is_component(&module) {
            return Outcome::NotRun(COMPONENT).into();
        }
        let bytes = match encode(&mut module) {
            Ok(bytes) => bytes,
            Err(e) => return Outcome::Failed(format!("wast cannot encode the module: {e}")).into(),
        };
        match Verdict::of(&bytes) {
            Verdict::Rejected(e) if !e.is_malformed() => Checked {
                outcome: Outcome::Passed,
                message_differs: message_diff(&e, message),
            },
            Verdict::Rejected(e) => Checked {
                outcome: Outcome::Failed(format!(
                    "expected invalid (\"{message}\"), but brisk rejected it as malformed: {e}"
                )),
                message_differs: message_diff(&e, message),
            },
            other => Outcome::Failed(format!(
                "expected invalid (\"{message}\"), but {}",
                other.describe()
            ))
            .into(),
        }
    }

    /// `(assert_malformed_custom ...)` / `(assert_invalid_custom ...)`: a
    /// bad custom section never makes a core module malformed or invalid,
    /// so brisk must accept the module.
    pub fn assert_custom(&mut self, module: QuoteWat<'_>) -> Checked {
        self.module_definition(module)
    }

    /// `(register "name" $module)`: the instance becomes importable as
    /// module `name`.
    pub fn register(&mut self, name: &str, module: Option<&str>) -> Checked {
        match self.instance(module) {
            Ok(instance) => {
                self.linker.instance(&mut self.store, name, &instance);
                Outcome::Passed.into()
            }
            Err(e) => Outcome::Failed(e).into(),
        }
    }

    /// A bare `(invoke ...)`: must return without trapping.
    pub fn invoke(&mut self, invoke: WastInvoke<'_>) -> Checked {
        match self.call(&invoke) {
            Ok(Ok(_)) => Outcome::Passed,
            Ok(Err(trap)) => Outcome::Failed(format!("unexpected trap: {trap}")),
            Err(e) => Outcome::Failed(e),
        }
        .into()
    }

    /// `(assert_return exec results...)`: the results must match.
    pub fn assert_return(&mut self, exec: WastExecute<'_>, results: Vec<WastRet<'_>>) -> Checked {
        let values = match self.execute(exec) {
            Ok(Ok(values)) => values,
            Ok(Err(trap)) => return Outcome::Failed(format!("unexpected trap: {trap}")).into(),
            Err(e) => return Outcome::Failed(e).into(),
        };
        let ok = values.len() == results.len()
            && results
                .iter()
                .zip(&values)
                .all(|(r, v)| value::matches(r, v));
        if ok {
            Outcome::Passed.into()
        } else {
            let got: Vec<String> = values.iter().map(Value::to_string).collect();
            let want: Vec<String> = results.iter().map(value::describe).collect();
            Outcome::Failed(format!(
                "expected [{}], got [{}]",
                want.join(", "),
                got.join(", ")
            ))
            .into()
        }
    }

    /// `(assert_trap exec "message")`, where `exec` is an invocation or a
    /// module whose instantiation traps: it must trap with that message.
    pub fn assert_trap(&mut self, exec: WastExecute<'_>, message: &str) -> Checked {
        match self.execute(exec) {
            Ok(Ok(values)) => Outcome::Failed(format!(
                "expected a trap (\"{message}\"), but it returned {} value(s)",
                values.len()
            )),
            Ok(Err(trap)) if trap_matches(&trap, message) => Outcome::Passed,
            Ok(Err(trap)) => Outcome::Failed(format!(
                "expected a trap \"{message}\", got: {}",
                trap.message
            )),
            Err(e) => Outcome::Failed(e),
        }
        .into()
    }

    /// `(assert_exhaustion call "message")`: the call must exhaust the
    /// call stack (a trap, never a host stack overflow).
    pub fn assert_exhaustion(&mut self, call: WastInvoke<'_>, message: &str) -> Checked {
        match self.call(&call) {
            Ok(Ok(_)) => Outcome::Failed(format!("expected \"{message}\", but it returned")),
            Ok(Err(trap)) if trap_matches(&trap, message) => Outcome::Passed,
            Ok(Err(trap)) => {
                Outcome::Failed(format!("expected \"{message}\", got: {}", trap.message))
            }
            Err(e) => Outcome::Failed(e),
        }
        .into()
    }

    /// `(assert_unlinkable module "message")`: the module is valid, but
    /// instantiating it must fail to link.
    pub fn assert_unlinkable(&mut self, module: Wat<'_>, message: &str) -> Checked {
        let mut module = QuoteWat::Wat(module);
        let bytes = match encode(&mut module) {
            Ok(bytes) => bytes,
            Err(e) => return Outcome::Failed(format!("wast cannot encode the module: {e}")).into(),
        };
        // Only instantiation may fail: a module brisk cannot compile (or,
        // in the artifact tier, write and load back) is a failure.
        let module = match self.make_module(bytes) {
            Ok(module) => module,
            Err(e) => {
                return Outcome::Failed(format!(
                    "expected a link error (\"{message}\"), but the module failed before \
                     instantiation: {e}"
                ))
                .into();
            }
        };
        match self.link(&module) {
            Ok(_) => Outcome::Failed(format!(
                "expected a link error (\"{message}\"), but it instantiated"
            ))
            .into(),
            Err(e) => Checked {
                outcome: Outcome::Passed,
                message_differs: (!e.to_string().contains(message)).then(|| MessageDiff {
                    expected: message.to_string(),
                    actual: e.to_string(),
                }),
            },
        }
    }

    /// The instance named `$id`, or the current one.
    fn instance(&self, id: Option<&str>) -> Result<Instance, String> {
        match id {
            Some(id) => self
                .named
                .get(id)
                .cloned()
                .ok_or_else(|| format!("no module named ${id}")),
            None => self
                .current
                .clone()
                .ok_or_else(|| "no module instantiated yet".to_string()),
        }
    }

    /// Runs an invocation, a global read, or the instantiation of a
    /// module (for `assert_trap` of a start function or segments). The
    /// outer error is a failure of the script's own (missing export, bad
    /// argument); the inner one a trap.
    fn execute(&mut self, exec: WastExecute<'_>) -> Result<Result<Vec<Value>, TrapReport>, String> {
        match exec {
            WastExecute::Invoke(invoke) => self.call(&invoke),
            WastExecute::Get { module, global, .. } => {
                let instance = self.instance(module.map(|id| id.name()))?;
                let global = instance
                    .get_global(&mut self.store, global)
                    .ok_or_else(|| format!("no exported global \"{global}\""))?;
                let val = global.get(&self.store);
                Ok(Ok(vec![self.value_of(&val)]))
            }
            WastExecute::Wat(module) => {
                let mut module = QuoteWat::Wat(module);
                let bytes = encode(&mut module)?;
                let module = self.make_module(bytes)?;
                match self.link(&module) {
                    Ok(_) => Ok(Ok(Vec::new())),
                    Err(LinkFailure(e)) => match e.as_trap() {
                        Some(trap) => Ok(Err(TrapReport::of(trap))),
                        None => Err(format!("instantiation failed without a trap: {e}")),
                    },
                }
            }
        }
    }

    /// Calls an exported function with the script's arguments.
    fn call(&mut self, invoke: &WastInvoke<'_>) -> Result<Result<Vec<Value>, TrapReport>, String> {
        let instance = self.instance(invoke.module.map(|id| id.name()))?;
        let func = instance
            .get_func(&mut self.store, invoke.name)
            .ok_or_else(|| format!("no exported function \"{}\"", invoke.name))?;
        let mut args = Vec::with_capacity(invoke.args.len());
        for arg in &invoke.args {
            args.push(self.val_of(value::arg(arg)?));
        }
        let n = func.ty(&self.store).results().len();
        let mut results = vec![Val::I32(0); n];
        let store = &mut self.store;
        let outcome = catch_unwind(AssertUnwindSafe(|| func.call(store, &args, &mut results)));
        match outcome {
            Ok(Ok(())) => Ok(Ok(results.iter().map(|v| self.value_of(v)).collect())),
            Ok(Err(e)) => match e.as_trap() {
                Some(trap) => Ok(Err(TrapReport::of(trap))),
                None => Err(format!("the call failed: {e}")),
            },
            Err(payload) => Err(format!(
                "brisk panicked: {}",
                panic_message(payload.as_ref())
            )),
        }
    }

    /// The runtime value of a script value.
    fn val_of(&mut self, value: Value) -> Val {
        match value {
            Value::I32(v) => Val::I32(v),
            Value::I64(v) => Val::I64(v),
            Value::F32(bits) => Val::F32(bits),
            Value::F64(bits) => Val::F64(bits),
            Value::V128(bits) => Val::V128(bits),
            Value::FuncRef(_) => Val::FuncRef(None),
            Value::ExternRef(None) => Val::ExternRef(None),
            Value::ExternRef(Some(n)) => Val::ExternRef(Some(ExternRef::new(&mut self.store, n))),
        }
    }

    /// The script value of a runtime value.
    fn value_of(&self, val: &Val) -> Value {
        match val {
            Val::I32(v) => Value::I32(*v),
            Val::I64(v) => Value::I64(*v),
            Val::F32(bits) => Value::F32(*bits),
            Val::F64(bits) => Value::F64(*bits),
            Val::V128(bits) => Value::V128(*bits),
            Val::FuncRef(f) => Value::FuncRef(f.as_ref().map(|_| ())),
            Val::ExternRef(None) => Value::ExternRef(None),
            // An extern reference the script did not make (u32) cannot be
            // written in a script; it matches only `(ref.extern)`.
            Val::ExternRef(Some(e)) => Value::ExternRef(Some(
                e.data(&self.store)
                    .and_then(|d| d.downcast_ref::<u32>())
                    .copied()
                    .unwrap_or(u32::MAX),
            )),
        }
    }

    /// `(assert_exception exec)`: needs execution (and exception handling,
    /// which is not in WebAssembly 2.0).
    pub fn assert_exception(&mut self, _exec: WastExecute<'_>) -> Checked {
        Outcome::NotRun(NEEDS_EXECUTION).into()
    }

    /// `(assert_suspension exec "message")`: needs execution (and stack
    /// switching, which is not in WebAssembly 2.0).
    pub fn assert_suspension(&mut self, _exec: WastExecute<'_>) -> Checked {
        Outcome::NotRun(NEEDS_EXECUTION).into()
    }
}

/// Why instantiating a module failed: a link error, a trap in its
/// start function or segments, or a panic (as `Error::Invalid`).
#[derive(Debug)]
struct LinkFailure(brisk::runtime::Error);

impl fmt::Display for LinkFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A trap, as the runner compares it.
#[derive(Debug)]
struct TrapReport {
    /// The trap's message alone (no backtrace).
    message: String,
}

impl TrapReport {
    fn of(trap: &brisk::runtime::Trap) -> Self {
        TrapReport {
            message: trap.message(),
        }
    }
}

impl fmt::Display for TrapReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Whether a trap is the one a script expects: its message contains the
/// expected text, or the expected text extends brisk's message with a
/// detail brisk does not give (the spec interpreter's "uninitialized
/// element 2" names the index; brisk says "uninitialized element").
fn trap_matches(trap: &TrapReport, expected: &str) -> bool {
    trap.message.contains(expected)
        || (!trap.message.is_empty() && expected.starts_with(&trap.message))
}

/// A script that does not lex or parse, as one failed result.
fn script_error(text: &str, mut e: wast::Error) -> DirectiveResult {
    let line = e.span().linecol_in(text).0 + 1;
    e.set_text(text);
    DirectiveResult {
        line,
        kind: DirectiveKind::Script,
        outcome: Outcome::Failed(format!("the script does not parse: {}", e.message())),
        message_differs: None,
    }
}
