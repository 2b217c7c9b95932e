//! [`CodeMemory`]: a module's machine code, mapped read + execute.
//!
//! All functions and trampolines of a module are laid out in one buffer
//! (relocations already patched by `compile.rs`), copied into a fresh
//! anonymous mapping and then flipped from read + write to read + execute,
//! so no page is ever writable and executable at once. The mapping lives
//! as long as the [`CompiledModule`](crate::CompiledModule) that owns it.

use memmap2::{Mmap, MmapMut};

/// Executable code; see the [module docs](self).
///
/// # Invariants
/// `map` is read + execute and holds exactly the bytes it was made from
/// (followed by zero padding up to a page).
#[derive(Debug)]
pub(crate) struct CodeMemory {
    map: Mmap,
}

impl CodeMemory {
    /// Maps `code` executable.
    pub(crate) fn new(code: &[u8]) -> std::io::Result<CodeMemory> {
        let mut map = MmapMut::map_anon(code.len().max(1))?;
        map[..code.len()].copy_from_slice(code);
        let map = map.make_exec()?;
        flush_icache(&map);
        Ok(CodeMemory { map })
    }

    /// Address of the first byte.
    pub(crate) fn base(&self) -> *const u8 {
        self.map.as_ptr()
    }

    /// The address range of the code.
    pub(crate) fn range(&self) -> std::ops::Range<usize> {
        let start = self.map.as_ptr() as usize;
        start..start + self.map.len()
    }
}

/// Makes freshly written code visible to instruction fetch. x86-64 keeps
/// its caches coherent; aarch64 needs the data cache cleaned to the point
/// of unification and the instruction cache invalidated, line by line.
fn flush_icache(map: &Mmap) {
    #[cfg(target_arch = "aarch64")]
    {
        let start = map.as_ptr() as usize;
        let end = start + map.len();
        let ctr: u64;
        // SAFETY: reads the cache type register, readable at EL0 on Linux
        // and macOS; touches no memory.
        unsafe { std::arch::asm!("mrs {}, ctr_el0", out(reg) ctr, options(nomem, nostack)) };
        let dline = 4usize << ((ctr >> 16) & 0xf);
        let iline = 4usize << (ctr & 0xf);
        let mut a = start & !(dline - 1);
        while a < end {
            // SAFETY: cache maintenance on an address of our own readable
            // mapping; it changes no memory contents.
            unsafe { std::arch::asm!("dc cvau, {}", in(reg) a, options(nostack)) };
            a += dline;
        }
        // SAFETY: a barrier; no memory or register effects beyond ordering.
        unsafe { std::arch::asm!("dsb ish", options(nostack)) };
        let mut a = start & !(iline - 1);
        while a < end {
            // SAFETY: as for `dc cvau` above.
            unsafe { std::arch::asm!("ic ivau, {}", in(reg) a, options(nostack)) };
            a += iline;
        }
        // SAFETY: barriers, as above.
        unsafe { std::arch::asm!("dsb ish", "isb", options(nostack)) };
    }
    #[cfg(not(target_arch = "aarch64"))]
    let _ = map;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_the_bytes() {
        let mem = CodeMemory::new(&[0xc3, 0x90, 0x90]).unwrap();
        let r = mem.range();
        assert!(r.len() >= 3);
        assert_eq!(mem.map[..3], [0xc3, 0x90, 0x90]);
        assert_eq!(mem.base() as usize, r.start);
        assert!(CodeMemory::new(&[]).is_ok());
    }
}
