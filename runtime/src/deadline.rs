//! The deadline watchdog: one process-wide thread that interrupts stores
//! whose deadline has passed.
//!
//! Why one thread: a deadline costs a map entry, not a thread or a timer
//! per store, and the tiers only ever check the interrupt flag (no clock
//! reads in wasm code). The thread starts on the first
//! [`Store::set_deadline`](crate::Store::set_deadline) and sleeps on a
//! condition variable until the earliest deadline (or a new, earlier one).
//! When a deadline passes it calls the store's
//! [`InterruptHandle`](crate::InterruptHandle) and forgets the entry.
//! Dropping a store cancels its deadline, so entries never outlive stores.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Instant;

use crate::InterruptHandle;

#[derive(Default)]
struct Deadlines {
    /// Pending deadlines, earliest first; the store id makes keys unique.
    by_time: BTreeMap<(Instant, u64), InterruptHandle>,
    /// Each store's pending deadline.
    by_store: HashMap<u64, Instant>,
}

struct Watchdog {
    deadlines: Mutex<Deadlines>,
    wake: Condvar,
}

fn watchdog() -> &'static Watchdog {
    static WATCHDOG: OnceLock<&'static Watchdog> = OnceLock::new();
    WATCHDOG.get_or_init(|| {
        let w: &'static Watchdog = Box::leak(Box::new(Watchdog {
            deadlines: Mutex::new(Deadlines::default()),
            wake: Condvar::new(),
        }));
        std::thread::Builder::new()
            .name("brisk-deadline".into())
            .spawn(move || w.run())
            .expect("spawning the deadline watchdog thread");
        w
    })
}

impl Watchdog {
    fn lock(&self) -> MutexGuard<'_, Deadlines> {
        self.deadlines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn run(&self) {
        let mut d = self.lock();
        loop {
            let now = Instant::now();
            while let Some(entry) = d.by_time.first_entry() {
                let (at, store) = *entry.key();
                if at > now {
                    break;
                }
                entry.remove().interrupt();
                d.by_store.remove(&store);
            }
            d = match d.by_time.keys().next() {
                Some(&(at, _)) => {
                    let wait = at.saturating_duration_since(Instant::now());
                    self.wake
                        .wait_timeout(d, wait)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
                None => self.wake.wait(d).unwrap_or_else(PoisonError::into_inner),
            };
        }
    }
}

/// Sets (or replaces) store `store`'s deadline.
pub(crate) fn set(store: u64, at: Instant, handle: InterruptHandle) {
    let w = watchdog();
    let mut d = w.lock();
    if let Some(old) = d.by_store.insert(store, at) {
        d.by_time.remove(&(old, store));
    }
    d.by_time.insert((at, store), handle);
    drop(d);
    w.wake.notify_one();
}

/// Cancels store `store`'s deadline, if any.
pub(crate) fn cancel(store: u64) {
    let w = watchdog();
    let mut d = w.lock();
    if let Some(old) = d.by_store.remove(&store) {
        d.by_time.remove(&(old, store));
    }
}
