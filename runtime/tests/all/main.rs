//! brisk-runtime integration tests: one binary, a module per feature.

mod call;
mod caller;
mod host;
mod instantiate;
mod leak;
mod limits;
mod link;
mod threads;
