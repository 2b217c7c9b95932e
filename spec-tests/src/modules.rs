//! The modules a script expects to be valid, as binaries, for checks that
//! need every module of the testsuite but not the script's directives
//! (compiling each one for another target, for instance).
//!
//! A script's valid modules are those of `module` and `module definition`
//! directives and those that `assert_trap` instantiates or
//! `assert_unlinkable` links: each must decode and validate, whatever
//! happens when it runs. Modules of `assert_invalid`/`assert_malformed`
//! are not valid by definition and are left out, as are components.

use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::{QuoteWat, Wast, WastDirective, WastExecute};

use crate::runner::{encode, is_component};

/// One module of a script.
#[derive(Debug)]
pub struct ScriptModule {
    /// The line of its directive (1-based).
    pub line: usize,
    /// Its binary encoding, or why `wast` could not encode it.
    pub bytes: Result<Vec<u8>, String>,
}

/// Every module the script `text` expects to be valid, in script order;
/// an error if the script does not parse.
///
/// ```
/// let script = r#"
///     (module (func (export "f")))
///     (assert_invalid (module (func (result i32))) "type mismatch")
///     (assert_trap (module (func $s unreachable) (start $s)) "unreachable")
/// "#;
/// let modules = brisk_spec_tests::modules::valid_modules(script)?;
/// assert_eq!(modules.iter().map(|m| m.line).collect::<Vec<_>>(), [2, 4]);
/// assert!(modules.iter().all(|m| m.bytes.as_ref().is_ok_and(|b| b.starts_with(b"\0asm"))));
/// # Ok::<(), String>(())
/// ```
pub fn valid_modules(text: &str) -> Result<Vec<ScriptModule>, String> {
    // As in `Runner::run_script`: names.wast uses bidirectional-override
    // characters on purpose.
    let mut lexer = Lexer::new(text);
    lexer.allow_confusing_unicode(true);
    let parsed = ParseBuffer::new_with_lexer(lexer).and_then(|buf| {
        let wast = parser::parse::<Wast<'_>>(&buf)?;
        Ok(collect(text, wast))
    });
    parsed.map_err(|mut e| {
        e.set_text(text);
        format!("the script does not parse: {}", e.message())
    })
}

fn collect(text: &str, wast: Wast<'_>) -> Vec<ScriptModule> {
    let mut modules = Vec::new();
    for directive in wast.directives {
        let line = directive.span().linecol_in(text).0 + 1;
        let mut module = match directive {
            WastDirective::Module(module) | WastDirective::ModuleDefinition(module) => module,
            WastDirective::AssertTrap {
                exec: WastExecute::Wat(module),
                ..
            }
            | WastDirective::AssertUnlinkable { module, .. } => QuoteWat::Wat(module),
            _ => continue,
        };
        if is_component(&module) {
            continue;
        }
        modules.push(ScriptModule {
            line,
            bytes: encode(&mut module),
        });
    }
    modules
}
