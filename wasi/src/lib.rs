//! # brisk-wasi — WASI preview1
//!
//! This crate will provide WASI preview1 as a host module for the runtime's
//! `Linker`: capability-based, nothing granted by default, path resolution
//! that can never leave a preopened directory.
//!
//! It is empty until the WASI issue lands; nothing here yet.
