//! The numeric and SIMD semantics of WebAssembly, as pure functions.
//!
//! Every instruction whose result is a function of its operands alone
//! (integer and float arithmetic, conversions, all of SIMD) is computed
//! here, exactly as the spec defines it: IEEE-exact floats with the spec's
//! NaN rules, trapping conversions returning the trap code, lanes in
//! little-endian order. The executor calls these; nothing here knows about
//! frames, memories or the bytecode.
