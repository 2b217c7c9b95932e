//! The numeric and SIMD semantics of WebAssembly, as pure functions.
//!
//! Every instruction whose result is a function of its operands alone
//! (integer and float arithmetic, conversions, all of SIMD) is computed
//! here, exactly as the spec defines it: IEEE-exact floats with the spec's
//! NaN rules, trapping conversions returning the trap code, lanes in
//! little-endian order. The executor calls these; nothing here knows about
//! frames, memories or the bytecode.
//!
//! # Naming
//!
//! One function per row of the parser's `for_each_operator!` table, named
//! like the row's visitor method without `visit_`: `visit_i32_div_s` is
//! computed by [`int::i32_div_s`], `visit_f32x4_pmin` by
//! [`simd::f32x4_pmin`]. Operand and result types are the wasm types:
//! `i32`/`i64` for integers (signed Rust types; unsigned operators
//! reinterpret), `f32`/`f64` for floats (bit patterns pass through
//! unchanged), `u128` for `v128` with lane 0 in the low bits. Lane indices
//! are `u8`, reduced modulo the lane count (validation already rejects
//! out-of-range lanes, so the reduction only guarantees nothing panics).
//! Trapping operators return `Result<_, NumTrap>`. Immediates follow the
//! operands: `i8x16_replace_lane(v, x, lane)`, `i8x16_shuffle(a, b, lanes)`.
//! SIMD memory instructions are the executor's: it reads or writes the
//! bytes and uses the helpers named after those rows to build or split the
//! vector (`v128_load8x8_s(bytes: u64)`, `v128_load16_splat(u16)`,
//! `v128_load32_lane(v, x, lane)`, `v128_store8_lane(v, lane) -> u8`, ...).
//!
//! `spec_tests` checks every function against the spec testsuite's own
//! assertions and checks that every numeric and lane row of the opcode
//! table has its function.
//!
//! ```text
//!   executor ──(operands)──▶ int / float / convert / simd ──▶ value
//!                                  │ trapping ops
//!                                  ▼
//!                             NumTrap ──message()──▶ spec trap text
//! ```
// Until the executor calls these (interpreter issue).
#![cfg_attr(not(test), allow(dead_code, unused_imports))]

pub(crate) mod convert;
pub(crate) mod float;
pub(crate) mod int;
pub(crate) mod simd;

#[cfg(test)]
mod spec_tests;

/// A trap raised by a numeric instruction.
///
/// The executor maps it to the engine's trap code; [`NumTrap::message`]
/// gives the spec testsuite's wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumTrap {
    /// Integer division or remainder by zero.
    DivByZero,
    /// `i32.div_s`/`i64.div_s` of `MIN / -1`, or a float-to-integer
    /// truncation whose result does not fit.
    Overflow,
    /// A float-to-integer truncation of a NaN.
    BadConversion,
}

impl NumTrap {
    /// The spec's trap message, as `assert_trap` expects it.
    pub(crate) fn message(self) -> &'static str {
        match self {
            NumTrap::DivByZero => "integer divide by zero",
            NumTrap::Overflow => "integer overflow",
            NumTrap::BadConversion => "invalid conversion to integer",
        }
    }
}
