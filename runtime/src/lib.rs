//! # brisk-runtime — the embedding API
//!
//! This crate will own what a Rust embedder uses: `Engine` and `Config`,
//! `Module`, `Store<T>`, `Linker<T>`, `Instance`, `Func`/`TypedFunc`,
//! `Memory`, `Table` and `Global`; host functions and host modules;
//! per-store limits (memory, tables, fuel, deadline, call depth); choosing
//! the tier and loading AOT artifacts.
//!
//! It is empty until the interpreter and runtime issues land; nothing here
//! yet.
