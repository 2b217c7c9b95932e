//! brisk-interp's integration tests, one binary (STYLE.md): golden
//! translation tests and execution tests per instruction family, run on
//! brisk-vm instances through a minimal harness (the runtime and the spec
//! runner drive the same entry later).

mod exec;
mod golden;
