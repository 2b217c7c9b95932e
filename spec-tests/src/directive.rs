//! What one directive of a script came to.
//!
//! The [`Runner`](crate::Runner) turns each `WastDirective` into a
//! [`DirectiveResult`]: its kind and line (which is how
//! the known-failures files name it), an [`Outcome`], and — when brisk
//! rejected a module — whether brisk's message contains the text the
//! script expects ([`MessageDiff`]).

use std::fmt;

/// The kind of a directive, spelled as in `.wast` scripts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DirectiveKind {
    /// `(module ...)`: the module must decode, validate (and, later,
    /// instantiate).
    Module,
    /// `(module definition ...)`: decode and validate only.
    ModuleDefinition,
    /// `(module instance ...)`: instantiate a defined module.
    ModuleInstance,
    /// `(assert_malformed ...)`: the module must not decode.
    AssertMalformed,
    /// `(assert_invalid ...)`: the module must decode but not validate.
    AssertInvalid,
    /// `(assert_malformed_custom ...)`: a custom section is malformed.
    AssertMalformedCustom,
    /// `(assert_invalid_custom ...)`: a custom section is invalid.
    AssertInvalidCustom,
    /// `(register ...)`: make an instance importable by name.
    Register,
    /// A bare `(invoke ...)`.
    Invoke,
    /// `(assert_return ...)`.
    AssertReturn,
    /// `(assert_trap ...)`, of an invocation or of instantiating a module.
    AssertTrap,
    /// `(assert_exhaustion ...)`.
    AssertExhaustion,
    /// `(assert_unlinkable ...)`.
    AssertUnlinkable,
    /// `(assert_exception ...)`.
    AssertException,
    /// `(assert_suspension ...)`.
    AssertSuspension,
    /// `(thread ...)`.
    Thread,
    /// `(wait ...)`.
    Wait,
    /// Not a directive: the script itself could not be read or parsed.
    Script,
}

impl DirectiveKind {
    /// The name used in reports and in the known-failures files.
    pub fn as_str(self) -> &'static str {
        match self {
            DirectiveKind::Module => "module",
            DirectiveKind::ModuleDefinition => "module_definition",
            DirectiveKind::ModuleInstance => "module_instance",
            DirectiveKind::AssertMalformed => "assert_malformed",
            DirectiveKind::AssertInvalid => "assert_invalid",
            DirectiveKind::AssertMalformedCustom => "assert_malformed_custom",
            DirectiveKind::AssertInvalidCustom => "assert_invalid_custom",
            DirectiveKind::Register => "register",
            DirectiveKind::Invoke => "invoke",
            DirectiveKind::AssertReturn => "assert_return",
            DirectiveKind::AssertTrap => "assert_trap",
            DirectiveKind::AssertExhaustion => "assert_exhaustion",
            DirectiveKind::AssertUnlinkable => "assert_unlinkable",
            DirectiveKind::AssertException => "assert_exception",
            DirectiveKind::AssertSuspension => "assert_suspension",
            DirectiveKind::Thread => "thread",
            DirectiveKind::Wait => "wait",
            DirectiveKind::Script => "script",
        }
    }
}

impl fmt::Display for DirectiveKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What happened to a directive whose module is in the text format and
/// which asserts it is malformed. Such directives test the *text* parser
/// (the `wat` crate's job, not brisk's), so they are reported apart and
/// are never counted as brisk passes or failures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextOutcome {
    /// `wat` refused the text, with this message.
    RejectedByWat(String),
    /// `wat` encoded it anyway; what brisk then said about the binary.
    AcceptedByWat(String),
}

/// How one directive went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// brisk did what the script asks.
    Passed,
    /// brisk did not; why.
    Failed(String),
    /// The directive needs something brisk cannot do yet (execution);
    /// why. Not a failure.
    NotRun(&'static str),
    /// A text-format `assert_malformed`: see [`TextOutcome`].
    Text(TextOutcome),
}

/// brisk rejected a module, but its message does not contain the text the
/// script expects. Not a failure: a list that drives brisk's messages
/// toward the spec's wording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageDiff {
    /// What the script expects (a substring of the message).
    pub expected: String,
    /// brisk's message, without the offset.
    pub actual: String,
}

/// One directive of a script and how it went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectiveResult {
    /// 1-based line of the directive in the script.
    pub line: usize,
    /// What kind of directive it is.
    pub kind: DirectiveKind,
    /// How it went.
    pub outcome: Outcome,
    /// Set when brisk rejected a module with a message that lacks the
    /// expected text.
    pub message_differs: Option<MessageDiff>,
}

impl DirectiveResult {
    /// Whether this directive failed.
    pub fn failed(&self) -> bool {
        matches!(self.outcome, Outcome::Failed(_))
    }
}
