//! Traps: why wasm execution stopped, and where.
//!
//! [`TrapCode`] is the one list of trap reasons shared by the interpreter
//! and the compiled tier's trap tables; [`TrapCode::message`] is the spec's
//! wording, which the spec runner matches by substring. A [`Trap`] is a
//! trap code or a host error plus the wasm backtrace collected while
//! unwinding, in one boxed word so `Result<T, Trap>` stays small on hot
//! paths and crosses `extern "C"` boundaries as a pointer
//! ([`Trap::into_raw`] / [`Trap::from_raw`]), which is how the uniform call
//! entry ([`VMArrayCallFn`](crate::VMArrayCallFn)) reports failure.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

macro_rules! trap_codes {
    ($($(#[$doc:meta])* $name:ident = $msg:literal,)*) => {
        /// Why wasm code trapped. One byte, so trap tables stay compact.
        #[repr(u8)]
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub enum TrapCode {
            $($(#[$doc])* $name,)*
        }

        impl TrapCode {
            /// Every trap code, in declaration order.
            pub const ALL: &'static [TrapCode] = &[$(TrapCode::$name,)*];

            /// The spec's message for this trap.
            pub const fn message(self) -> &'static str {
                match self {
                    $(TrapCode::$name => $msg,)*
                }
            }

            /// The code with this byte value, if any.
            pub fn from_u8(b: u8) -> Option<TrapCode> {
                Self::ALL.get(usize::from(b)).copied()
            }
        }
    };
}

trap_codes! {
    /// `unreachable` was executed.
    Unreachable = "unreachable",
    /// A load, store or bulk memory operation went out of bounds (also a
    /// data segment that does not fit at instantiation).
    MemoryOutOfBounds = "out of bounds memory access",
    /// A table access or bulk table operation went out of bounds (also an
    /// element segment that does not fit at instantiation).
    TableOutOfBounds = "out of bounds table access",
    /// `call_indirect` with an index at or past the table's size.
    UndefinedElement = "undefined element",
    /// `call_indirect` of a null entry.
    UninitializedElement = "uninitialized element",
    /// `call_indirect` whose callee has a different type.
    IndirectCallTypeMismatch = "indirect call type mismatch",
    /// Signed division overflow (`INT_MIN / -1`).
    IntegerOverflow = "integer overflow",
    /// Integer division or remainder by zero.
    IntegerDivisionByZero = "integer divide by zero",
    /// A float-to-integer truncation of NaN or of an out-of-range value.
    BadConversionToInteger = "invalid conversion to integer",
    /// Too many nested calls.
    StackOverflow = "call stack exhausted",
    /// The store's fuel ran out.
    OutOfFuel = "all fuel consumed",
    /// The store was interrupted (deadline or explicit request).
    Interrupted = "interrupted",
}

impl fmt::Display for TrapCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// One wasm frame of a trap's backtrace.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct FrameInfo {
    /// Index of the function in its module's function index space.
    pub func_index: u32,
    /// The function's name from the `name` section, if any.
    pub func_name: Option<Arc<str>>,
    /// Byte offset in the module of the instruction executing in this
    /// frame (the trapping one for the innermost frame, the call for the
    /// others), when known.
    pub module_offset: Option<u32>,
}

impl fmt::Display for FrameInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.func_name {
            Some(name) => write!(f, "{name} (func {})", self.func_index)?,
            None => write!(f, "<unnamed> (func {})", self.func_index)?,
        }
        if let Some(off) = self.module_offset {
            write!(f, " @ {off:#x}")?;
        }
        Ok(())
    }
}

/// Why a trap happened.
#[derive(Debug)]
enum Reason {
    Code(TrapCode),
    Host(Box<dyn StdError + Send + Sync>),
}

#[derive(Debug)]
struct Inner {
    reason: Reason,
    // INVARIANT: innermost frame first, in the order frames were pushed
    // while unwinding.
    backtrace: Vec<FrameInfo>,
}

/// A trap: a [`TrapCode`] or a host function's error, with the wasm
/// backtrace (innermost frame first). One pointer wide.
///
/// ```
/// use brisk_vm::{FrameInfo, Trap, TrapCode};
///
/// let mut trap = Trap::new(TrapCode::IntegerDivisionByZero);
/// trap.push_frame(FrameInfo { func_index: 3, func_name: Some("div".into()), module_offset: Some(0x1a3) });
/// trap.push_frame(FrameInfo { func_index: 0, func_name: None, module_offset: None });
/// assert_eq!(trap.code(), Some(TrapCode::IntegerDivisionByZero));
/// assert_eq!(
///     trap.to_string(),
///     "integer divide by zero\nwasm backtrace:\n    0: div (func 3) @ 0x1a3\n    1: <unnamed> (func 0)"
/// );
/// ```
pub struct Trap(Box<Inner>);

impl Trap {
    /// A trap with this code and no backtrace yet.
    #[cold]
    pub fn new(code: TrapCode) -> Trap {
        Trap(Box::new(Inner {
            reason: Reason::Code(code),
            backtrace: Vec::new(),
        }))
    }

    /// A trap carrying a host function's error.
    #[cold]
    pub fn host(error: Box<dyn StdError + Send + Sync>) -> Trap {
        Trap(Box::new(Inner {
            reason: Reason::Host(error),
            backtrace: Vec::new(),
        }))
    }

    /// The trap code, or `None` for a host error.
    pub fn code(&self) -> Option<TrapCode> {
        match self.0.reason {
            Reason::Code(c) => Some(c),
            Reason::Host(_) => None,
        }
    }

    /// The host error, if this trap carries one.
    pub fn host_error(&self) -> Option<&(dyn StdError + Send + Sync + 'static)> {
        match &self.0.reason {
            Reason::Code(_) => None,
            Reason::Host(e) => Some(&**e),
        }
    }

    /// The message without the backtrace: the spec's wording for a trap
    /// code, the error's `Display` for a host error.
    pub fn message(&self) -> String {
        match &self.0.reason {
            Reason::Code(c) => c.message().to_owned(),
            Reason::Host(e) => e.to_string(),
        }
    }

    /// The wasm frames, innermost first.
    pub fn backtrace(&self) -> &[FrameInfo] {
        &self.0.backtrace
    }

    /// Appends the next outer frame while unwinding.
    #[cold]
    pub fn push_frame(&mut self, frame: FrameInfo) {
        self.0.backtrace.push(frame);
    }

    /// The trap as a non-null pointer, to return from an `extern "C"`
    /// function; take it back with [`Trap::from_raw`].
    pub fn into_raw(self) -> *mut u8 {
        Box::into_raw(self.0).cast()
    }

    /// Takes back a trap returned by [`Trap::into_raw`].
    ///
    /// # Safety
    /// `raw` must come from [`Trap::into_raw`] and must not have been
    /// passed to `from_raw` before (it is owned again afterwards).
    pub unsafe fn from_raw(raw: *mut u8) -> Trap {
        // SAFETY: by the caller's contract `raw` is the pointer of a live
        // `Box<Inner>` leaked by `into_raw`, reclaimed exactly once.
        Trap(unsafe { Box::from_raw(raw.cast::<Inner>()) })
    }
}

impl From<TrapCode> for Trap {
    fn from(code: TrapCode) -> Trap {
        Trap::new(code)
    }
}

impl fmt::Debug for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Trap")
            .field("reason", &self.0.reason)
            .field("backtrace", &self.0.backtrace)
            .finish()
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.reason {
            Reason::Code(c) => f.write_str(c.message())?,
            Reason::Host(e) => write!(f, "{e}")?,
        }
        if !self.0.backtrace.is_empty() {
            f.write_str("\nwasm backtrace:")?;
            for (i, frame) in self.0.backtrace.iter().enumerate() {
                write!(f, "\n    {i}: {frame}")?;
            }
        }
        Ok(())
    }
}

impl StdError for Trap {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.0.reason {
            Reason::Code(_) => None,
            Reason::Host(e) => Some(&**e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word() {
        assert_eq!(std::mem::size_of::<Trap>(), std::mem::size_of::<usize>());
        assert_eq!(
            std::mem::size_of::<Result<(), Trap>>(),
            std::mem::size_of::<usize>()
        );
        assert_eq!(std::mem::size_of::<TrapCode>(), 1);
    }

    #[test]
    fn messages_and_byte_values() {
        assert_eq!(TrapCode::StackOverflow.message(), "call stack exhausted");
        assert_eq!(
            TrapCode::BadConversionToInteger.to_string(),
            "invalid conversion to integer"
        );
        for (i, &c) in TrapCode::ALL.iter().enumerate() {
            assert_eq!(c as u8 as usize, i);
            assert_eq!(TrapCode::from_u8(c as u8), Some(c));
        }
        assert_eq!(TrapCode::from_u8(TrapCode::ALL.len() as u8), None);
    }

    #[test]
    fn raw_round_trip_keeps_backtrace() {
        let mut t = Trap::new(TrapCode::Unreachable);
        t.push_frame(FrameInfo {
            func_index: 1,
            func_name: None,
            module_offset: Some(16),
        });
        let raw = t.into_raw();
        assert!(!raw.is_null());
        // SAFETY: `raw` came from `into_raw` just above, reclaimed once.
        let t = unsafe { Trap::from_raw(raw) };
        assert_eq!(t.code(), Some(TrapCode::Unreachable));
        assert_eq!(t.backtrace().len(), 1);
        assert_eq!(
            t.to_string(),
            "unreachable\nwasm backtrace:\n    0: <unnamed> (func 1) @ 0x10"
        );
    }

    #[test]
    fn host_errors() {
        let t = Trap::host("boom".into());
        assert_eq!(t.code(), None);
        assert_eq!(t.to_string(), "boom");
        assert_eq!(t.message(), "boom");
        assert!(t.host_error().is_some());
        assert!(StdError::source(&t).is_some());
    }
}
