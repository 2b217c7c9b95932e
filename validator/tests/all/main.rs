//! brisk-validator's integration tests: one binary, a module per area.
//! Modules are written in `.wat` text; see `support.rs` for the helpers.

mod const_expr;
mod control;
mod errors;
mod features;
mod info;
mod malformed;
mod memory;
mod module_rules;
mod numeric;
mod simd;
mod support;
mod table;
mod table_ref;
mod variables;
