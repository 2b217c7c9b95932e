//! brisk-vm's integration tests, one binary (STYLE.md): a module per
//! feature.

mod builtins;
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
mod traps;
