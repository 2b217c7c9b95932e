//! brisk-aot's integration tests, one binary (STYLE.md): modules written
//! in `.wat`, compiled, instantiated in a `brisk_vm::VMStore` and called
//! through the uniform entry, one module per instruction family.

mod harness;

mod calls;
mod control;
mod float;
mod golden;
mod imports;
mod int;
mod limits;
mod memory;
mod simd;
mod tables;
mod traps;
