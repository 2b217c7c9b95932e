//! brisk-runtime integration tests: one binary, a module per feature.

mod host;
mod instantiate;
mod link;
