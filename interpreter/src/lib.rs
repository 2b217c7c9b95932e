//! # brisk-interp — the interpreter tier
//!
//! This crate will translate each validated function, lazily on its first
//! call, into brisk's own compact instruction set (resolved branch targets,
//! no LEB128 at run time) and execute it on `brisk-vm` instances. It starts
//! instantly and runs on every platform.
//!
//! It is empty until the interpreter issue lands; nothing here yet.

mod semantics;
