//! Runs the directives of one script against brisk.
//!
//! ```text
//! .wast text ─wast─▶ WastDirective ─▶ Runner::<kind>() ─▶ DirectiveResult
//!                        │
//!                        └─ module ─wast encode─▶ bytes ─brisk::validate─▶ verdict
//! ```
//!
//! [`Runner`] has one method per directive kind. Today only the front end
//! exists, so the methods that judge modules (`module`, `assert_malformed`,
//! `assert_invalid`, ...) do real work and every method that needs
//! execution (`assert_return`, `assert_trap`, `register`, `invoke`, ...)
//! answers [`Outcome::NotRun`]. The interpreter issue fills those in: the
//! runner then grows the state they need (instances by name, the
//! registered-module namespace) and `module` starts instantiating too. The
//! dispatch, the reporting and the known-failures bookkeeping stay as
//! they are.
//!
//! Text is the `wat`/`wast` crate's business: a module written in text is
//! encoded by `wast` before brisk sees it, and an `assert_malformed` of a
//! text module (which tests the text parser) is reported as a
//! [`TextOutcome`], never as a brisk pass or failure.
//!
//! brisk must not panic, but if it does, the panic is caught and reported
//! as that directive's failure, so one bug does not hide the rest of the
//! script.

use std::panic::{AssertUnwindSafe, catch_unwind};

use wast::core::ModuleKind;
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastDirective, WastExecute, WastInvoke, WastRet, Wat};

use crate::directive::{DirectiveKind, DirectiveResult, MessageDiff, Outcome, TextOutcome};

/// Why an execution directive is not run yet.
pub const NEEDS_EXECUTION: &str = "needs execution, which brisk does not have yet";

/// Why a component-model directive is not run.
const COMPONENT: &str = "component-model modules are not core WebAssembly";

/// Runs the directives of scripts, one method per directive kind.
///
/// One `Runner` runs one script: later it will hold that script's
/// instances and registered modules, which do not carry over.
#[derive(Debug, Default)]
pub struct Runner {
    _state: (),
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

fn is_component(module: &QuoteWat<'_>) -> bool {
    matches!(
        module,
        QuoteWat::Wat(Wat::Component(_)) | QuoteWat::QuoteComponent(..)
    )
}

/// Encodes a module to bytes with `wast` (text is parsed first). A panic in
/// the encoder is reported as an error.
fn encode(module: &mut QuoteWat<'_>) -> Result<Vec<u8>, String> {
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
    /// A runner for one script.
    pub fn new() -> Self {
        Runner::default()
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
            WastDirective::Register { name, .. } => (DirectiveKind::Register, self.register(name)),
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

    /// `(module ...)`: the module must decode and validate. (With an
    /// execution engine it will also be instantiated.)
    pub fn module(&mut self, module: QuoteWat<'_>) -> Checked {
        self.module_definition(module)
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

    /// `(register "name" $module)`: needs execution.
    pub fn register(&mut self, _name: &str) -> Checked {
        Outcome::NotRun(NEEDS_EXECUTION).into()
    }

    /// A bare `(invoke ...)`: needs execution.
    pub fn invoke(&mut self, _invoke: WastInvoke<'_>) -> Checked {
        Outcome::NotRun(NEEDS_EXECUTION).into()
    }

    /// `(assert_return exec results...)`: needs execution.
    pub fn assert_return(&mut self, _exec: WastExecute<'_>, _results: Vec<WastRet<'_>>) -> Checked {
        Outcome::NotRun(NEEDS_EXECUTION).into()
    }

    /// `(assert_trap exec "message")`, where `exec` is an invocation or a
    /// module whose instantiation traps: needs execution.
    pub fn assert_trap(&mut self, _exec: WastExecute<'_>, _message: &str) -> Checked {
        Outcome::NotRun(NEEDS_EXECUTION).into()
    }

    /// `(assert_exhaustion call "message")`: needs execution.
    pub fn assert_exhaustion(&mut self, _call: WastInvoke<'_>, _message: &str) -> Checked {
        Outcome::NotRun(NEEDS_EXECUTION).into()
    }

    /// `(assert_unlinkable module "message")`: needs linking.
    pub fn assert_unlinkable(&mut self, _module: Wat<'_>, _message: &str) -> Checked {
        Outcome::NotRun(NEEDS_EXECUTION).into()
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
