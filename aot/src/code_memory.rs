//! [`CodeMemory`]: a module's machine code, mapped read + execute.
//!
//! Freshly compiled code: all functions and trampolines of a module are
//! laid out in one buffer (relocations already patched by `compile.rs`),
//! copied into a fresh anonymous mapping and then flipped from read +
//! write to read + execute, so no page is ever writable and executable at
//! once. An artifact: the whole file is mapped read-only and private
//! (or, for bytes already in memory, copied into an anonymous mapping
//! made read-only), and only its `.text` pages become read + execute, in
//! place. Either way the mapping lives as long as the
//! [`CompiledModule`](crate::CompiledModule) that owns it.

use std::ops::Range;

use memmap2::{Mmap, MmapMut};

/// Executable code; see the [module docs](self).
///
/// # Invariants
/// `map[text]` is read + execute and holds exactly the code it was made
/// from; the rest of `map` is read-only.
#[derive(Debug)]
pub(crate) struct CodeMemory {
    map: Mmap,
    text: Range<usize>,
    /// Whether `map` is a whole artifact (what `bytes` returns).
    artifact: bool,
}

impl CodeMemory {
    /// Maps `code` executable.
    pub(crate) fn new(code: &[u8]) -> std::io::Result<CodeMemory> {
        let mut map = MmapMut::map_anon(code.len().max(1))?;
        map[..code.len()].copy_from_slice(code);
        let map = map.make_exec()?;
        flush_icache(&map[..]);
        Ok(CodeMemory {
            map,
            text: 0..code.len(),
            artifact: false,
        })
    }

    /// Makes `map[text]`, an artifact's `.text`, executable in place.
    /// `text.start` must be page aligned; `map` must be read-only (a
    /// private file mapping or a copy made read-only).
    pub(crate) fn from_artifact(map: Mmap, text: Range<usize>) -> std::io::Result<CodeMemory> {
        let page = region::page::size();
        if !text.start.is_multiple_of(page) || text.end > map.len() || text.start > text.end {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "`.text` at {:#x}..{:#x} is not page aligned ({page:#x}) inside the file",
                    text.start, text.end
                ),
            ));
        }
        if !text.is_empty() {
            // SAFETY: `text` lies inside `map` (checked above), which this
            // function owns: no reference to those bytes exists elsewhere,
            // and read + execute keeps them readable for every later
            // reader. Pages past `text.end` up to the next page boundary
            // become executable too; they hold artifact bytes (symbols,
            // headers), never anything a guest controls.
            unsafe {
                region::protect(
                    map.as_ptr().add(text.start),
                    text.len(),
                    region::Protection::READ_EXECUTE,
                )
            }
            .map_err(std::io::Error::other)?;
        }
        flush_icache(&map[text.clone()]);
        Ok(CodeMemory {
            map,
            text,
            artifact: true,
        })
    }

    /// Address of the first byte of the code.
    pub(crate) fn base(&self) -> *const u8 {
        self.map[self.text.clone()].as_ptr()
    }

    /// The address range of the code.
    pub(crate) fn range(&self) -> Range<usize> {
        let start = self.base() as usize;
        start..start + self.text.len()
    }

    /// The code's bytes.
    pub(crate) fn text(&self) -> &[u8] {
        &self.map[self.text.clone()]
    }

    /// The whole artifact, when the code came from one.
    pub(crate) fn artifact_bytes(&self) -> Option<&[u8]> {
        self.artifact.then_some(&self.map[..])
    }
}

/// Makes freshly written code visible to instruction fetch. x86-64 keeps
/// its caches coherent; aarch64 needs the data cache cleaned to the point
/// of unification and the instruction cache invalidated, line by line.
fn flush_icache(map: &[u8]) {
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
        assert_eq!(r.len(), 3);
        assert_eq!(mem.text(), [0xc3, 0x90, 0x90]);
        assert_eq!(mem.base() as usize, r.start);
        assert!(CodeMemory::new(&[]).is_ok());
    }
}
