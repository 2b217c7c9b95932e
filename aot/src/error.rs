//! [`CompileError`]: why a module could not be compiled.
//!
//! Compilation starts from a validated module, so these are not guest
//! errors in the usual sense: the host cannot run compiled code at all
//! ([`CompileError::UnsupportedHost`]), the translator does not handle an
//! instruction yet ([`CompileError::Unsupported`]), Cranelift refused the
//! generated IR (a translator bug, reported with the function), or the
//! code could not be mapped executable.

/// Why [`compile`](crate::compile) failed.
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// The host CPU or OS cannot run brisk's compiled code.
    #[error("compiled tier unsupported on this host: {0}")]
    UnsupportedHost(String),
    /// A target brisk does not compile for (`brisk compile --target`).
    #[error("unsupported compilation target {0}")]
    UnsupportedTarget(String),
    /// An instruction the compiled tier does not translate yet.
    #[error(
        "compiled tier: function {func_index}: `{instruction}` at offset {offset:#x} is not supported yet"
    )]
    Unsupported {
        /// Function index (imports first).
        func_index: u32,
        /// The instruction's text-format name.
        instruction: &'static str,
        /// Its byte offset in the module.
        offset: usize,
    },
    /// Cranelift failed on a function (verifier or code generation error).
    #[error("compiled tier: function {func_index}: code generation failed: {message}")]
    Codegen {
        /// Function index (imports first).
        func_index: u32,
        /// Cranelift's description.
        message: String,
    },
    /// The module is larger than the compiled tier's layout allows (code
    /// over 2 GiB, or a `VMContext` that does not fit `u32` offsets).
    #[error("compiled tier: module too large: {0}")]
    TooLarge(&'static str),
    /// Mapping the code executable failed.
    #[error("compiled tier: cannot map code memory: {0}")]
    CodeMemory(#[from] std::io::Error),
}

impl CompileError {
    /// A decoding error inside a validated body: impossible unless the
    /// validator and the parser disagree; reported, never panicking.
    #[cold]
    pub(crate) fn body(func_index: u32, e: brisk_parser::ParseError) -> CompileError {
        CompileError::Codegen {
            func_index,
            message: format!("cannot decode validated body: {e}"),
        }
    }
}
