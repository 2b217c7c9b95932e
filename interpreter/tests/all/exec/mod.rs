//! Execution tests, one module per instruction family.

mod harness;

mod arith;
mod calls;
mod control;
mod flat_stack;
mod fuel;
mod memory;
mod simd;
mod tables;
