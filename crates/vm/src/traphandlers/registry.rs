//! SANDBOX-CRITICAL: which machine code is wasm code.
//!
//! Protects: only a fault at a pc that loaded wasm code declared a trap
//! site becomes a trap; every other fault (a host bug) is forwarded and
//! crashes as it would without brisk.
//!
//! The compiled tier registers each code region it maps with
//! [`register_code`], giving a [`CodeInfo`] that answers, for an absolute
//! pc, the trap code of a trap site and the wasm frame of a function; the
//! returned [`CodeRegistration`] removes the region when dropped.
//!
//! # Signal safety
//!
//! The registry is a global `RwLock<BTreeMap<start, (end, info)>>`. The
//! signal handler takes the read lock, which on Linux is an atomic
//! compare-and-swap plus, if a writer holds or waits for the lock, a
//! `futex` wait: no allocation and nothing that is not async-signal-safe.
//! It could deadlock only if the faulting thread itself held the lock or
//! were inside the lock's code; every use of the lock on a thread sets the
//! thread-local [`IN_REGISTRY`] flag first, and the handler forwards a
//! fault that happens while the flag is set (it is a host bug anyway)
//! without touching the lock. A lock held by another thread is released
//! without any help from the faulting one (register/unregister and a
//! backtrace walk are short, and wait on nothing), so the handler waits at
//! most for that. Under the read lock the handler only calls
//! [`CodeInfo::trap_code`], which implementors keep allocation- and
//! lock-free; it never clones or drops an `Arc`.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard};

use crate::{FrameInfo, TrapCode};

/// What the trap machinery needs to know about a region of wasm code.
///
/// `pc` is always an absolute address inside the registered range.
pub trait CodeInfo: Send + Sync {
    /// The trap code of the trap site at `pc` (a faulting instruction), or
    /// `None` if `pc` is not a trap site (the fault is then forwarded as a
    /// host fault).
    ///
    /// Called from a signal handler: must not allocate, lock, or panic.
    fn trap_code(&self, pc: usize) -> Option<TrapCode>;

    /// The wasm frame executing at `pc`: function index, name, and the
    /// module offset of the instruction there. For a return address the
    /// caller passes `ret - 1` (inside the call instruction). `None` for
    /// a pc that is not in a wasm function (a trampoline, padding); the
    /// backtrace walk stops there.
    fn frame(&self, pc: usize) -> Option<FrameInfo>;
}

type Map = BTreeMap<usize, (usize, Arc<dyn CodeInfo>)>;

static REGISTRY: RwLock<Map> = RwLock::new(BTreeMap::new());

thread_local! {
    /// Set while this thread uses [`REGISTRY`] (see the module docs).
    /// `const`-initialised and without a destructor, so reading it from a
    /// signal handler is a plain thread-local load.
    static IN_REGISTRY: Cell<bool> = const { Cell::new(false) };
}

/// Keeps a code region registered; unregisters it when dropped.
#[derive(Debug)]
#[must_use = "the code is unregistered when this is dropped"]
pub struct CodeRegistration {
    /// The registered region's start; `None` for an empty range.
    start: Option<usize>,
}

/// Registers `range` as wasm code described by `info`, until the returned
/// registration is dropped.
///
/// An empty range (a module without functions or trampolines) contains
/// no pc: nothing is registered.
///
/// # Panics
/// If `range` overlaps a registered region (a tier bug: two live code
/// regions cannot share addresses).
pub fn register_code(range: Range<usize>, info: Arc<dyn CodeInfo>) -> CodeRegistration {
    if range.is_empty() {
        return CodeRegistration { start: None };
    }
    let mut map = write();
    let overlaps_before = map
        .range(..range.end)
        .next_back()
        .is_some_and(|(_, (end, _))| *end > range.start);
    assert!(!overlaps_before, "code ranges overlap");
    map.insert(range.start, (range.end, info));
    CodeRegistration {
        start: Some(range.start),
    }
}

impl Drop for CodeRegistration {
    fn drop(&mut self) {
        let Some(start) = self.start else { return };
        let removed = write().remove(&start);
        // The `CodeInfo` (if this was its last reference) is dropped here,
        // outside the lock.
        drop(removed);
    }
}

/// A lock guard that keeps [`IN_REGISTRY`] set while it lives: the flag
/// is set before locking and restored only after unlocking.
pub(super) struct Flagged<G> {
    guard: std::mem::ManuallyDrop<G>,
    prev: bool,
}

impl<G> Flagged<G> {
    fn lock(f: impl FnOnce() -> G) -> Flagged<G> {
        let prev = IN_REGISTRY.with(|flag| flag.replace(true));
        Flagged {
            guard: std::mem::ManuallyDrop::new(f()),
            prev,
        }
    }
}

impl<G> Drop for Flagged<G> {
    fn drop(&mut self) {
        // SAFETY: `guard` is dropped exactly once, here, and not used after.
        unsafe { std::mem::ManuallyDrop::drop(&mut self.guard) };
        IN_REGISTRY.with(|flag| flag.set(self.prev));
    }
}

impl<G: std::ops::Deref<Target = Map>> std::ops::Deref for Flagged<G> {
    type Target = Map;
    fn deref(&self) -> &Map {
        &self.guard
    }
}

impl<G: std::ops::DerefMut<Target = Map>> std::ops::DerefMut for Flagged<G> {
    fn deref_mut(&mut self) -> &mut Map {
        &mut self.guard
    }
}

fn write() -> Flagged<std::sync::RwLockWriteGuard<'static, Map>> {
    Flagged::lock(|| REGISTRY.write().unwrap_or_else(PoisonError::into_inner))
}

/// The registry, read-locked (normal context only).
pub(super) fn read() -> Flagged<RwLockReadGuard<'static, Map>> {
    Flagged::lock(|| REGISTRY.read().unwrap_or_else(PoisonError::into_inner))
}

/// The region containing `pc` in a locked map.
pub(super) fn info_at(map: &Map, pc: usize) -> Option<&dyn CodeInfo> {
    let (_, (end, info)) = map.range(..=pc).next_back()?;
    (pc < *end).then_some(&**info)
}

/// The trap code for a fault at `pc`, for the signal handler: `None` if
/// `pc` is not a registered trap site, or if this thread was using the
/// registry when it faulted.
pub(super) fn trap_code_in_handler(pc: usize) -> Option<TrapCode> {
    if IN_REGISTRY.with(|f| f.get()) {
        return None;
    }
    let map = read();
    info_at(&map, pc)?.trap_code(pc)
}

/// Whether `pc` is inside a registered region (any thread's code).
pub fn is_wasm_code(pc: usize) -> bool {
    info_at(&read(), pc).is_some()
}
