//! # brisk-vm — the execution model both tiers share
//!
//! This crate will own everything that the interpreter and the compiled
//! tier must agree on bit for bit: linear memories (reserved with
//! `memmap2`, protected with `region`, 4 GiB plus guard for 32-bit
//! memories), tables of function and extern references, globals, the
//! `VMContext` layout and its named offsets, `VMFuncRef`, raw values, the
//! `TrapCode` enum and `Trap`, signal handling, the stack limit and the
//! fuel and deadline counters (see `../shared/DESIGN.md`, "One instance
//! model for both tiers").
//!
//! It is empty until the interpreter issue lands; nothing here yet.
