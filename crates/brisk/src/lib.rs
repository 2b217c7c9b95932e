//! # brisk — a WebAssembly engine for running untrusted code fast
//!
//! The crate users add. Today it exposes the front end: decoding and
//! validating modules. The embedding API (`Engine`, `Module`, `Store`,
//! `Linker`, `Instance`) and WASI arrive with the runtime and WASI issues
//! and will be re-exported from here.
