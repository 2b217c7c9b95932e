//! # brisk-aot — the compiled tier
//!
//! This crate will translate validated functions to Cranelift IR, compile
//! them to x86-64 or aarch64 machine code, and write and read brisk's
//! artifact: an ELF64 shared object with one symbol per wasm function, trap
//! tables and a metadata section, mapped by the runtime without a system
//! linker.
//!
//! It is empty until the compiled-tier issue lands; nothing here yet.
