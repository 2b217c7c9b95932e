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
    // INVARIANT: the whole reservation, RESERVATION_32 + GUARD_SIZE_32 long.
    mmap: MmapMut,
    accessible: usize,
    max_pages: u64,
    ty: MemoryType,
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
        let bytes = RESERVATION_32 + GUARD_SIZE_32;
        let mmap = MmapOptions::new()
            .len(bytes)
            .no_reserve_swap()
            .map_anon()
            .map_err(|source| Error::Reserve { bytes, source })?;
        // SAFETY: the range is exactly the mapping we own; nothing has
        // been handed out yet, so revoking access breaks no reference.
        unsafe { region::protect(mmap.as_ptr(), bytes, region::Protection::NONE)? };
        let mut mem = LinearMemory {
            mmap,
            accessible: 0,
            max_pages,
            ty: *ty,
        };
        mem.make_accessible(ty.initial as usize * WASM_PAGE_SIZE)?;
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
        unsafe { image.apply(self.base(), self.accessible) }.map_err(Error::Image)
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
}
