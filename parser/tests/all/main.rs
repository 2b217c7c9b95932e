//! brisk-parser's integration tests: one binary, a module per area.
//! Modules are built from `.wat` text where they can be, and byte by byte
//! where the point is an exact encoding; see `support.rs`.

mod malformed;
mod names;
mod robustness;
mod sections;
mod spec_binary;
mod support;
