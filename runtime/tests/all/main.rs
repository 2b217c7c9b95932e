//! brisk-runtime integration tests: one binary, a module per feature.

mod call;
mod host;
mod instantiate;
mod link;
