//! brisk-runtime integration tests: one binary, a module per feature.

mod artifact;
mod call;
mod caller;
mod fuel;
mod host;
mod host_fault;
mod instantiate;
mod interrupt;
mod leak;
mod limits;
mod link;
mod memory_image;
mod threads;
