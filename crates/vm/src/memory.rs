//! Linear memory: reservation, protection and growth.
//!
//! # Sandbox property
//!
//! **This file guarantees that a 32-bit linear memory can only ever be
//! accessed inside its own reservation.** The memory's base is followed by
//! [`RESERVATION_32`] bytes (4 GiB: every `i32` address) and then
//! [`GUARD_SIZE_32`] bytes of guard (4 GiB + 64 KiB: every `u32` memarg
//! offset plus the widest access), all of it mapped `PROT_NONE` except
//! `[base, base + current_length)`. So any effective address a wasm access
//! can compute lands either in the accessible prefix or on an inaccessible
//! page of this same reservation — never in another object. The
//! interpreter still bounds-checks against `current_length` (it reports
//! the trap itself); compiled code may rely on the fault instead.
//!
//! Memory grows by making more of the reservation readable and writable;
//! it never moves, so `VMMemoryDefinition::base` is stable for the
//! memory's life and code can cache it. The maximum in the memory type is
//! honoured: growth past it fails (returns `None`) and changes nothing.
//!
//! ```text
//! base                        base+len            base+4GiB                 base+8GiB+64KiB
//! ├── read/write ─────────────┼── PROT_NONE ───────┼── guard, PROT_NONE ──────┤
//! ```
//!
//! The reservation is one anonymous `memmap2` mapping with
//! `no_reserve_swap` (`MAP_NORESERVE`), so it costs address space, not
//! memory or swap; `region` changes protection. Fresh pages read as zero.
//!
//! Making and unmapping an 8 GiB reservation costs tens of microseconds
//! (the kernel walks the whole range), more than the rest of an
//! instantiation together, and every system call and first-touch page
//! fault costs microseconds more. So on Linux a dropped memory's
//! reservation is reset and kept in a small process-wide
//! [pool](ReservationPool) for the next memory. A memory of at most
//! [`KEEP_RESIDENT`] bytes is reset by writing zeros over its pages,
//! which stay resident and read/write (a mapped copy-on-write image's
//! pages are replaced instead: zeroing them would copy each); the next
//! memory of that size then needs no system call and takes no page fault.
//! A larger one has every page that was ever accessible replaced by
//! fresh anonymous `PROT_NONE` zero pages (one `mmap(MAP_FIXED)`). Either
//! way a pooled reservation reads as zero everywhere, is accessible only
//! in a prefix the next memory trims to its own size, and is otherwise
//! indistinguishable from a new one.

use std::mem::ManuallyDrop;
use std::sync::Mutex;

use memmap2::{MmapMut, MmapOptions};

use brisk_parser::MemoryType;

use crate::{Error, MemoryImage, VMMemoryDefinition};

/// The size of a WebAssembly page.
pub const WASM_PAGE_SIZE: usize = 65536;
/// The most pages a 32-bit memory can have (4 GiB).
pub const MAX_PAGES_32: u64 = 65536;
/// Address space reserved for the addressable part of a 32-bit memory.
pub const RESERVATION_32: usize = 1 << 32;
/// Inaccessible space after [`RESERVATION_32`]: covers any `u32` offset
/// plus a 16-byte access, with a page to spare.
pub const GUARD_SIZE_32: usize = (1 << 32) + WASM_PAGE_SIZE;

/// A linear memory; see the [module docs](self).
///
/// # Invariants
/// - `accessible` is a multiple of [`WASM_PAGE_SIZE`], at most
///   `max_pages * WASM_PAGE_SIZE`, and `mmap[..accessible]` is read/write
///   while the rest of `mmap` is `PROT_NONE`.
/// - `mmap` is never remapped, so `base()` never changes.
#[derive(Debug)]
pub struct LinearMemory {
    // INVARIANT: the whole reservation, RESERVATION_32 + GUARD_SIZE_32 long;
    // taken only in `Drop`.
    mmap: ManuallyDrop<MmapMut>,
    accessible: usize,
    max_pages: u64,
    ty: MemoryType,
    /// The range a file-backed (copy-on-write) image was mapped over, if
    /// any: the pool must replace those pages rather than zero them.
    mapped_image: Option<(usize, usize)>,
}

impl LinearMemory {
    /// Reserves and initialises a memory of this type, `ty.initial` pages
    /// accessible and zero.
    pub fn new(ty: &MemoryType) -> Result<LinearMemory, Error> {
        if ty.memory64 {
            return Err(Error::Unsupported("64-bit memories (memory64)"));
        }
        if ty.shared {
            return Err(Error::Unsupported("shared memories (threads)"));
        }
        let max_pages = ty.maximum.unwrap_or(MAX_PAGES_32).min(MAX_PAGES_32);
        if ty.initial > max_pages {
            return Err(Error::MemoryTooLarge {
                pages: ty.initial,
                limit: max_pages,
            });
        }
        let initial = ty.initial as usize * WASM_PAGE_SIZE;
        let (mmap, rw) = match POOL.take(initial) {
            Some(idle) => idle,
            None => (reserve()?, 0),
        };
        if rw > initial {
            // SAFETY: `[initial, rw)` lies inside the reservation we now
            // own (rw <= RESERVATION_32, pool invariant); nothing
            // references it.
            let r = unsafe {
                region::protect(
                    mmap.as_ptr().add(initial),
                    rw - initial,
                    region::Protection::NONE,
                )
            };
            if let Err(e) = r {
                POOL.give_back(mmap, rw, None);
                return Err(e.into());
            }
        }
        let mut mem = LinearMemory {
            mmap: ManuallyDrop::new(mmap),
            accessible: rw.min(initial),
            max_pages,
            ty: *ty,
            mapped_image: None,
        };
        mem.make_accessible(initial)?;
        Ok(mem)
    }

    /// Makes `mmap[..new_len]` read/write.
    fn make_accessible(&mut self, new_len: usize) -> Result<(), Error> {
        debug_assert!(new_len >= self.accessible && new_len <= RESERVATION_32);
        if new_len > self.accessible {
            // SAFETY: `[accessible, new_len)` lies inside our reservation
            // (new_len <= RESERVATION_32 < mmap.len()); granting access
            // to pages nothing references cannot invalidate anything.
            unsafe {
                region::protect(
                    self.mmap.as_ptr().add(self.accessible),
                    new_len - self.accessible,
                    region::Protection::READ_WRITE,
                )?
            };
            self.accessible = new_len;
        }
        Ok(())
    }

    /// The memory's type, as declared.
    pub fn ty(&self) -> &MemoryType {
        &self.ty
    }

    /// The most pages this memory may have.
    pub fn max_pages(&self) -> u64 {
        self.max_pages
    }

    /// Current size in pages.
    pub fn pages(&self) -> u64 {
        (self.accessible / WASM_PAGE_SIZE) as u64
    }

    /// Current size in bytes.
    pub fn byte_size(&self) -> usize {
        self.accessible
    }

    /// The base address; stable for the memory's life.
    pub fn base(&self) -> *mut u8 {
        self.mmap.as_ptr().cast_mut()
    }

    /// The definition code reads: base and current length.
    pub fn definition(&self) -> VMMemoryDefinition {
        VMMemoryDefinition {
            base: self.base(),
            current_length: self.accessible,
        }
    }

    /// Grows by `delta_pages`, returning the old size in pages, or `None`
    /// (and no change) if the new size would pass the maximum or the OS
    /// refuses.
    pub fn grow(&mut self, delta_pages: u64) -> Option<u64> {
        let old = self.pages();
        let new = old.checked_add(delta_pages)?;
        if new > self.max_pages {
            return None;
        }
        self.make_accessible(new as usize * WASM_PAGE_SIZE).ok()?;
        Some(old)
    }

    /// Replaces this memory's contents in the image's range with the
    /// image (mapped copy-on-write, or copied); see
    /// [`memory_image`](crate::memory_image). The range must lie inside
    /// the accessible bytes.
    pub fn apply_image(&mut self, image: &MemoryImage) -> Result<(), Error> {
        // SAFETY: `[base, base + accessible)` is read/write memory of this
        // reservation (type invariant); `&mut self` means no Rust
        // reference into it is alive, and no wasm runs on it meanwhile
        // (the instance owning it is borrowed mutably by the caller).
        unsafe { image.apply(self.base(), self.accessible) }.map_err(Error::Image)?;
        if image.is_mapped() {
            let (start, len) = (image.linear_memory_offset() as usize, image.len() as usize);
            self.mapped_image = Some(match self.mapped_image {
                Some((s, l)) => (s.min(start), (s + l).max(start + len) - s.min(start)),
                None => (start, len),
            });
        }
        Ok(())
    }

    /// The accessible bytes.
    pub fn as_slice(&self) -> &[u8] {
        // Not `&self.mmap[..]`: that would make a reference covering the
        // `PROT_NONE` pages too.
        // SAFETY: `[base, base + accessible)` is mapped read/write (type
        // invariant) and lives as long as `self`, which this borrow ties
        // the slice to.
        unsafe { std::slice::from_raw_parts(self.base(), self.accessible) }
    }

    /// The accessible bytes, mutably.
    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: as in `as_slice`; `&mut self` makes the borrow unique
        // among Rust references (code writing through a raw base pointer
        // must not run while it is held, which the callers' `&mut` access
        // to the owning instance ensures).
        unsafe { std::slice::from_raw_parts_mut(self.base(), self.accessible) }
    }
}

impl Drop for LinearMemory {
    fn drop(&mut self) {
        // SAFETY: `mmap` is taken once, here, and not used afterwards.
        let mmap = unsafe { ManuallyDrop::take(&mut self.mmap) };
        POOL.give_back(mmap, self.accessible, self.mapped_image);
    }
}

/// The size of a reservation.
const RESERVATION_BYTES: usize = RESERVATION_32 + GUARD_SIZE_32;

/// A new reservation, all `PROT_NONE`.
fn reserve() -> Result<MmapMut, Error> {
    let bytes = RESERVATION_BYTES;
    let mmap = MmapOptions::new()
        .len(bytes)
        .no_reserve_swap()
        .map_anon()
        .map_err(|source| Error::Reserve { bytes, source })?;
    // SAFETY: the range is exactly the mapping we own; nothing has been
    // handed out yet, so revoking access breaks no reference.
    unsafe { region::protect(mmap.as_ptr(), bytes, region::Protection::NONE)? };
    Ok(mmap)
}

/// The process-wide pool of idle reservations.
static POOL: ReservationPool = ReservationPool::new(32);

/// Memories up to this size keep their pages when pooled: they are zeroed
/// in place and stay read/write, so the next memory of the same size
/// needs no system call and takes no page fault. Larger ones give their
/// pages back to the system.
const KEEP_RESIDENT: usize = 1 << 20;

/// An idle reservation: the mapping and how many of its first bytes are
/// read/write.
type Idle = (MmapMut, usize);

/// Idle reservations, ready for a new memory; see the [module
/// docs](self).
///
/// # Invariants
/// Every reservation in `idle` is [`RESERVATION_BYTES`] long; its first
/// `rw` bytes (a multiple of [`WASM_PAGE_SIZE`], at most
/// [`KEEP_RESIDENT`]) are read/write and zero, the rest `PROT_NONE` and
/// never accessible since its pages were last replaced, so zero too.
#[derive(Debug)]
pub(crate) struct ReservationPool {
    idle: Mutex<Vec<Idle>>,
    capacity: usize,
}

impl ReservationPool {
    /// An empty pool keeping at most `capacity` reservations.
    pub(crate) const fn new(capacity: usize) -> ReservationPool {
        ReservationPool {
            idle: Mutex::new(Vec::new()),
            capacity,
        }
    }

    /// An idle reservation and its read/write prefix, preferring one
    /// whose prefix is exactly `bytes` long.
    pub(crate) fn take(&self, bytes: usize) -> Option<Idle> {
        let mut idle = self.idle.lock().ok()?;
        let i = idle
            .iter()
            .rposition(|&(_, rw)| rw == bytes)
            .or_else(|| idle.len().checked_sub(1))?;
        Some(idle.swap_remove(i))
    }

    /// Resets a reservation whose first `accessible` bytes (a multiple of
    /// the page size) may have been read/write and written, with a
    /// file-backed image mapped over `mapped` (start, length) if any, and
    /// keeps it if there is room; otherwise (or if the reset fails)
    /// unmaps it.
    pub(crate) fn give_back(
        &self,
        mmap: MmapMut,
        accessible: usize,
        mapped: Option<(usize, usize)>,
    ) {
        if mmap.len() != RESERVATION_BYTES || self.capacity == 0 || accessible > RESERVATION_32 {
            return;
        }
        let room = self
            .idle
            .lock()
            .is_ok_and(|idle| idle.len() < self.capacity);
        if !room {
            return;
        }
        let Some(rw) = reset(&mmap, accessible, mapped) else {
            return;
        };
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < self.capacity
        {
            idle.push((mmap, rw));
        }
    }
}

/// Makes a reservation whose first `accessible` bytes were read/write
/// (with a file-backed image over `mapped`) all zero again: up to
/// [`KEEP_RESIDENT`] bytes by writing zeros (the image range by replacing
/// its pages: zeroing would copy each one), more by replacing every page.
/// Returns the read/write prefix left, or `None` if it cannot be reused.
#[cfg(target_os = "linux")]
fn reset(mmap: &MmapMut, accessible: usize, mapped: Option<(usize, usize)>) -> Option<usize> {
    let base = mmap.as_ptr().cast_mut();
    if accessible > KEEP_RESIDENT {
        // SAFETY: inside the reservation (checked by the caller); the
        // memory that used it is gone, so nothing references the pages.
        unsafe { replace_pages(base, accessible, libc::PROT_NONE) };
        return Some(0);
    }
    let (start, len) = mapped.unwrap_or((0, 0));
    let end = start.checked_add(len).filter(|&e| e <= accessible)?;
    // SAFETY: `[0, accessible)` is read/write memory of the reservation
    // (the dropped memory's invariant) that nothing references any more;
    // `[start, end)` lies inside it (checked).
    unsafe {
        if len > 0 {
            replace_pages(base.add(start), len, libc::PROT_READ | libc::PROT_WRITE);
        }
        std::ptr::write_bytes(base, 0, start);
        std::ptr::write_bytes(base.add(end), 0, accessible - end);
    }
    Some(accessible)
}

/// Replaces `[at, at + len)` with fresh anonymous zero pages of
/// protection `prot`.
///
/// # Safety
/// The range must be page aligned, inside a reservation the caller owns,
/// and unreferenced.
#[cfg(target_os = "linux")]
unsafe fn replace_pages(at: *mut u8, len: usize, prot: libc::c_int) {
    // SAFETY: MAP_FIXED replaces exactly that range (anonymous pages and
    // any image mapping alike), which the caller owns and nothing
    // references.
    let got = unsafe {
        libc::mmap(
            at.cast(),
            len,
            prot,
            libc::MAP_PRIVATE | libc::MAP_FIXED | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    if got != at.cast() {
        // A failed MAP_FIXED may leave a hole in the reservation;
        // dropping it would then unmap whatever fills the hole. Nothing
        // safe remains.
        std::process::abort();
    }
}

/// Elsewhere reservations are not reused (resetting an image mapping
/// needs Linux's `MAP_FIXED` semantics).
#[cfg(not(target_os = "linux"))]
fn reset(_mmap: &MmapMut, _accessible: usize, _mapped: Option<(usize, usize)>) -> Option<usize> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(initial: u64, maximum: Option<u64>) -> MemoryType {
        MemoryType {
            initial,
            maximum,
            memory64: false,
            shared: false,
        }
    }

    #[test]
    fn grows_in_place_up_to_the_maximum() {
        let mut m = LinearMemory::new(&ty(1, Some(3))).unwrap();
        let base = m.base();
        assert_eq!(m.byte_size(), WASM_PAGE_SIZE);
        assert!(m.as_slice().iter().all(|&b| b == 0));
        m.as_mut_slice()[WASM_PAGE_SIZE - 1] = 7;
        assert_eq!(m.grow(0), Some(1));
        assert_eq!(m.grow(2), Some(1));
        assert_eq!(m.pages(), 3);
        assert_eq!(m.base(), base, "never moves");
        assert_eq!(m.as_slice()[WASM_PAGE_SIZE - 1], 7);
        assert_eq!(m.as_slice()[3 * WASM_PAGE_SIZE - 1], 0);
        assert_eq!(m.grow(1), None, "past the maximum");
        assert_eq!(m.grow(u64::MAX), None);
        assert_eq!(m.pages(), 3);
        let d = m.definition();
        assert_eq!((d.base, d.current_length), (base, 3 * WASM_PAGE_SIZE));
    }

    #[test]
    fn unbounded_memory_stops_at_4_gib() {
        let mut m = LinearMemory::new(&ty(0, None)).unwrap();
        assert_eq!(m.byte_size(), 0);
        assert_eq!(m.max_pages(), MAX_PAGES_32);
        assert_eq!(m.grow(MAX_PAGES_32 + 1), None);
        assert_eq!(m.grow(1), Some(0));
    }

    #[test]
    fn rejects_what_it_cannot_build() {
        assert!(matches!(
            LinearMemory::new(&ty(2, Some(1))),
            Err(Error::MemoryTooLarge { pages: 2, limit: 1 })
        ));
        assert!(matches!(
            LinearMemory::new(&ty(MAX_PAGES_32 + 1, None)),
            Err(Error::MemoryTooLarge { .. })
        ));
        let mut t = ty(0, None);
        t.memory64 = true;
        assert!(matches!(LinearMemory::new(&t), Err(Error::Unsupported(_))));
    }

    #[test]
    fn the_rest_of_the_reservation_is_inaccessible() {
        let m = LinearMemory::new(&ty(1, None)).unwrap();
        let q = |off: usize| region::query(m.base().wrapping_add(off)).unwrap();
        assert!(q(0).is_readable() && q(0).is_writable());
        let after = q(WASM_PAGE_SIZE);
        assert!(!after.is_readable() && !after.is_writable());
        let guard = q(RESERVATION_32 + GUARD_SIZE_32 - 1);
        assert!(!guard.is_readable());
    }

    /// Makes `[0, len)` of a reservation read/write and writes to it,
    /// with `image` put in at 4 KiB.
    #[cfg(target_os = "linux")]
    fn used(len: usize, image: &crate::MemoryImage) -> (MmapMut, *mut u8) {
        let mmap = reserve().unwrap();
        let base = mmap.as_ptr().cast_mut();
        // SAFETY: the first `len` bytes of a reservation we own, which
        // nothing references.
        unsafe {
            region::protect(base, len, region::Protection::READ_WRITE).unwrap();
            base.add(len - 1).write(7);
            image.apply(base, len).unwrap();
            base.add(4096).write(1);
        }
        (mmap, base)
    }

    #[cfg(target_os = "linux")]
    fn zero_and_rw(base: *mut u8, len: usize) -> bool {
        let q = region::query(base).unwrap();
        // SAFETY: checked read/write below; the caller owns the range.
        q.is_writable()
            && unsafe { std::slice::from_raw_parts(base, len) }
                .iter()
                .all(|&b| b == 0)
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_pooled_reservation_comes_back_zero() {
        let pool = ReservationPool::new(2);
        // Small: kept resident, zeroed in place (a copied image).
        let len = 2 * WASM_PAGE_SIZE;
        let image = crate::MemoryImage::from_bytes(4096, &[9; 4096]).unwrap();
        assert!(!image.is_mapped());
        let (mmap, small) = used(len, &image);
        pool.give_back(mmap, len, None);
        // Large, with a mapped image: every page replaced, inaccessible.
        let big = crate::memory_image::MAP_MIN_BYTES as usize + WASM_PAGE_SIZE;
        let image = crate::MemoryImage::from_bytes(4096, &vec![9; big - 2 * 4096]).unwrap();
        assert!(image.is_mapped());
        let (mmap, large) = used(big, &image);
        pool.give_back(mmap, big, Some((4096, image.len() as usize)));
        // Full: the third is unmapped.
        pool.give_back(reserve().unwrap(), 0, None);

        let (m, rw) = pool.take(len).expect("kept");
        assert_eq!(
            (m.as_ptr().cast_mut(), rw),
            (small, len),
            "the one of that size"
        );
        assert!(zero_and_rw(small, len), "no byte of the last user survives");
        assert!(
            !region::query(small.wrapping_add(len))
                .unwrap()
                .is_readable()
        );
        let (m2, rw) = pool.take(len).expect("kept");
        assert_eq!((m2.as_ptr().cast_mut(), rw), (large, 0));
        for off in [0, 4096, big - 1, RESERVATION_BYTES - 1] {
            let q = region::query(large.wrapping_add(off)).unwrap();
            assert!(!q.is_readable() && !q.is_writable(), "offset {off}");
        }
        // SAFETY: ours, nothing references it.
        unsafe { region::protect(large, big, region::Protection::READ_WRITE).unwrap() };
        assert!(zero_and_rw(large, big));
        assert!(pool.take(len).is_none());
        // A small memory with a mapped image: the image pages are
        // replaced, the rest zeroed, all kept read/write.
        drop((m, m2));
        let mut bytes = vec![0u8; crate::memory_image::MAP_MIN_BYTES as usize];
        bytes[0] = 5;
        let image = crate::MemoryImage::from_bytes(0, &bytes).unwrap();
        let len = bytes.len();
        let (mmap, base) = used(len, &image);
        pool.give_back(mmap, len, Some((0, len)));
        let (_m, rw) = pool.take(0).unwrap();
        assert_eq!(rw, len);
        assert!(zero_and_rw(base, len));
    }

    #[test]
    fn every_new_memory_is_zero_whatever_came_before() {
        for round in 0..8u8 {
            let mut m = LinearMemory::new(&ty(1, Some(2))).unwrap();
            assert!(m.as_slice().iter().all(|&b| b == 0), "round {round}");
            let after = region::query(m.base().wrapping_add(WASM_PAGE_SIZE)).unwrap();
            assert!(!after.is_readable(), "round {round}");
            m.grow(1).unwrap();
            m.as_mut_slice().fill(round + 1);
        }
    }
}
