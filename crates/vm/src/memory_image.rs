//! Copy-on-write memory images: a defined memory's initial contents,
//! mapped per instance instead of copied segment by segment.
//!
//! # Sandbox property
//!
//! **Mapping an image never lets a linear memory reach outside its own
//! accessible bytes, and never lets one instance's writes reach another
//! instance or the image's source.** The image is mapped `MAP_PRIVATE |
//! MAP_FIXED` read/write over `[base + offset, base + offset + len)`,
//! a range checked to lie inside the memory's accessible prefix (so inside
//! its reservation: the guard pages and the `PROT_NONE` rest are never
//! touched). `MAP_PRIVATE` makes every write copy the page first: a memfd
//! (sealed against writes, growth and shrinking) or the artifact file is
//! only ever read. If the mapping fails, the range is remapped as fresh
//! anonymous read/write pages before anything else runs; if even that
//! fails the process aborts, because a hole in a reservation could later
//! be filled by an unrelated mapping that wasm would then reach.
//!
//! ```text
//!  compile time                         instantiation (per instance)
//!  plan_memory_images(module)           LinearMemory::new(ty)   8 GiB reservation, min pages RW, zero
//!    └ ImagePlan { offset, bytes }      apply_image(image)      mmap(base+offset, len, RW,
//!  MemoryImage::from_bytes / from_file ───────────────────────▶      MAP_PRIVATE|MAP_FIXED, fd, file_offset)
//!    source: memfd | file | bytes                               or memcpy for a `Bytes` source
//! ```
//!
//! # When a module gets an image
//!
//! [`plan_memory_images`] gives a defined memory an image only when every
//! active data segment for it has a constant offset (`i32.const` /
//! `i64.const`) and lies inside the memory's minimum size. Then the data
//! phase of instantiation cannot trap on that memory, and the image (the
//! segments applied in order, overlaps resolved the same way) is exactly
//! what the segment copies would produce. Otherwise the module keeps the
//! ordinary segment-by-segment initialisation, with its traps. Imported
//! memories never get an image: their contents belong to the exporter.
//!
//! # Why the order of instantiation effects is unchanged
//!
//! The embedder maps the image at the point where the first active data
//! segment for that memory would be copied (element segments first, then
//! data, as the spec orders them), through
//! [`VMStore::init_memory_image`](crate::VMStore::init_memory_image). Only
//! the instance's own functions can read its (unexported-yet) memory, and
//! none of them can run before that point: the start function runs after
//! the data phase, and a function an element segment put into an imported
//! table can only be called once instantiation has ended. If an earlier
//! element or data segment traps, the image is never mapped, so even a
//! function leaked into an imported table by a failed instantiation sees
//! the memory exactly as the spec says (zero). The covered segments cannot
//! trap, so skipping their copies changes no outcome; they are still
//! dropped after instantiation, so `memory.init`/`data.drop` behave the
//! same.
//!
//! # Alignment
//!
//! Plans are aligned to [`IMAGE_ALIGN`] (4 KiB: offset and length). An
//! image is mapped only when its memory offset, length and file offset
//! are multiples of the host's page size; [`MemoryImage::from_bytes`]
//! widens to the host page itself, [`MemoryImage::from_file`] reads the
//! bytes instead when the file offset is not aligned.

use std::fs::File;
use std::io;
use std::sync::Arc;

use brisk_parser::{DataMode, Module, Operator, OperatorsReader};

use crate::WASM_PAGE_SIZE;

/// The alignment (and length granularity) of [`ImagePlan`]s: the smallest
/// host page size brisk supports. Artifact writers should place image
/// bytes at file offsets aligned to the largest page size of the target
/// (64 KiB covers every Linux configuration).
pub const IMAGE_ALIGN: u64 = 4096;

/// Images shorter than this are copied, not mapped: mapping costs a
/// system call per instance plus a page fault per page touched, and
/// replacing the mapping when the memory is pooled again, while a copy
/// into a pooled memory's resident pages costs neither (see
/// [`memory`](crate::memory)). Measured on the development machine, a
/// 64 KiB copy is several times cheaper than one mapping.
pub const MAP_MIN_BYTES: u64 = 1 << 20;

/// Images sparser than this are not worth it: past
/// `max(SPARSE_MIN, 2 × data bytes)` the plan gives up and the segments
/// are copied as usual (a multi-GiB image for two small segments far
/// apart would cost more than it saves).
const SPARSE_MIN: u64 = 1 << 20;

/// What a defined memory starts as (see [`plan_memory_images`]).
///
/// # Invariants
/// `linear_memory_offset` and `bytes.len()` are multiples of
/// [`IMAGE_ALIGN`], `bytes` is not empty, and the whole range lies inside
/// the memory's minimum size.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ImagePlan {
    /// Where `bytes` start in the linear memory.
    pub linear_memory_offset: u64,
    /// The memory's contents from there (leading and trailing zero pages
    /// trimmed).
    pub bytes: Vec<u8>,
}

/// The constant value of a data segment's offset expression, if it is a
/// single `i32.const` or `i64.const`.
fn const_offset(m: &Module<'_>, expr: &brisk_parser::ConstExpr<'_>) -> Option<u64> {
    let mut ops = OperatorsReader::new(expr.data, expr.offset, m.features);
    let v = match ops.read().ok()? {
        Operator::I32Const { value } => u64::from(value as u32),
        Operator::I64Const { value } => value as u64,
        _ => return None,
    };
    matches!(ops.read().ok()?, Operator::End).then_some(v)
}

/// Per defined memory (index 0 is the first memory the module defines),
/// its image, when its active data segments allow one; see the [module
/// docs](self).
pub fn plan_memory_images(module: &Module<'_>) -> Vec<Option<ImagePlan>> {
    let imported = module.memory_imports;
    let defined = module.memories.get(imported as usize..).unwrap_or(&[]);
    defined
        .iter()
        .enumerate()
        .map(|(d, ty)| {
            let index = imported + d as u32;
            let min_bytes = ty.initial.checked_mul(WASM_PAGE_SIZE as u64)?;
            plan_one(module, index, min_bytes)
        })
        .collect()
}

fn plan_one(module: &Module<'_>, index: u32, min_bytes: u64) -> Option<ImagePlan> {
    // Every active segment for this memory: (offset, bytes), in order.
    let mut segments = Vec::new();
    for seg in &module.data {
        if let DataMode::Active { memory, offset } = &seg.mode {
            if *memory != index {
                continue;
            }
            let at = const_offset(module, offset)?;
            let end = at.checked_add(seg.data.len() as u64)?;
            if end > min_bytes {
                return None;
            }
            segments.push((at, seg.data));
        }
    }
    let nonzero = |d: &[u8]| d.iter().any(|&b| b != 0);
    let (lo, hi) = segments.iter().filter(|(_, d)| nonzero(d)).fold(
        None,
        |acc: Option<(u64, u64)>, &(at, d)| {
            let end = at + d.len() as u64;
            Some(acc.map_or((at, end), |(lo, hi)| (lo.min(at), hi.max(end))))
        },
    )?;
    let start = lo / IMAGE_ALIGN * IMAGE_ALIGN;
    // `min_bytes` is a multiple of 64 KiB, so rounding up stays inside.
    let end = hi.div_ceil(IMAGE_ALIGN) * IMAGE_ALIGN;
    let total: u64 = segments.iter().map(|(_, d)| d.len() as u64).sum();
    if end - start > SPARSE_MIN.max(total.saturating_mul(2)) {
        return None;
    }
    let mut bytes = vec![0u8; usize::try_from(end - start).ok()?];
    for (at, d) in segments {
        // Nonzero segments lie inside `[start, end)`; an all-zero one may
        // stick out, and only its part inside can change anything.
        let (s, e) = (at.max(start), (at + d.len() as u64).min(end));
        if s < e {
            bytes[(s - start) as usize..(e - start) as usize]
                .copy_from_slice(&d[(s - at) as usize..(e - at) as usize]);
        }
    }
    // Trim zero pages the rounding or zero segments left at either end.
    let page = IMAGE_ALIGN as usize;
    let lead = bytes.chunks(page).take_while(|c| !nonzero(c)).count() * page;
    let trail = bytes.rchunks(page).take_while(|c| !nonzero(c)).count() * page;
    if lead + trail >= bytes.len() {
        return None;
    }
    bytes.truncate(bytes.len() - trail);
    bytes.drain(..lead);
    Some(ImagePlan {
        linear_memory_offset: start + lead as u64,
        bytes,
    })
}

/// Where an image's bytes come from.
#[derive(Debug)]
enum Source {
    /// A file (a sealed memfd, or the artifact) mapped copy-on-write from
    /// `offset`.
    // INVARIANT: `offset` is a multiple of the host page size and
    // `[offset, offset + len)` lies inside the file, which never shrinks
    // (sealed memfd; an artifact the embedder must not truncate).
    #[cfg(target_os = "linux")]
    File { file: Arc<File>, offset: u64 },
    /// Plain bytes, copied per instance.
    Bytes(Box<[u8]>),
}

/// A memory's initial contents, ready to map into any number of
/// instances; see the [module docs](self).
///
/// # Invariants
/// `linear_memory_offset` and `len` are multiples of [`IMAGE_ALIGN`]
/// (and, for a `File` source, of the host page size); a `Bytes` source
/// holds exactly `len` bytes.
#[derive(Debug)]
pub struct MemoryImage {
    source: Source,
    linear_memory_offset: u64,
    len: u64,
}

/// The host's page size.
#[cfg(target_os = "linux")]
fn host_page_size() -> u64 {
    region::page::size() as u64
}

fn invalid(msg: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

impl MemoryImage {
    /// An image of `bytes` placed at `linear_memory_offset`: a sealed
    /// memfd on Linux when it is at least [`MAP_MIN_BYTES`] long (mapped
    /// copy-on-write per instance), the bytes themselves otherwise,
    /// elsewhere, or when the memfd cannot be made (copied per instance). The offset must be a multiple of [`IMAGE_ALIGN`]; the
    /// length is rounded up to a page with zeros.
    pub fn from_bytes(linear_memory_offset: u64, bytes: &[u8]) -> io::Result<MemoryImage> {
        if !linear_memory_offset.is_multiple_of(IMAGE_ALIGN) {
            return Err(invalid("memory image offset is not 4 KiB aligned"));
        }
        #[cfg(target_os = "linux")]
        if bytes.len() as u64 >= MAP_MIN_BYTES
            && let Ok(image) = Self::memfd(linear_memory_offset, bytes)
        {
            return Ok(image);
        }
        Ok(Self::bytes(linear_memory_offset, bytes))
    }

    /// A `Bytes` image (copied per instance), padded to [`IMAGE_ALIGN`].
    fn bytes(linear_memory_offset: u64, bytes: &[u8]) -> MemoryImage {
        let len = (bytes.len() as u64).div_ceil(IMAGE_ALIGN) * IMAGE_ALIGN;
        let mut owned = bytes.to_vec();
        owned.resize(len as usize, 0);
        MemoryImage {
            source: Source::Bytes(owned.into_boxed_slice()),
            linear_memory_offset,
            len,
        }
    }

    /// A sealed memfd holding `bytes` (zero-padded to the host page),
    /// mapped at `linear_memory_offset` when the host page allows it.
    #[cfg(target_os = "linux")]
    fn memfd(linear_memory_offset: u64, bytes: &[u8]) -> io::Result<MemoryImage> {
        use std::os::fd::{FromRawFd, OwnedFd};
        use std::os::unix::fs::FileExt;

        let page = host_page_size();
        if !linear_memory_offset.is_multiple_of(page) {
            return Err(invalid("memory image offset is not host-page aligned"));
        }
        let len = (bytes.len() as u64).div_ceil(page) * page;
        // SAFETY: a NUL-terminated name and valid flags; the call has no
        // other memory effects.
        let fd = unsafe {
            libc::memfd_create(
                c"brisk-memory-image".as_ptr(),
                libc::MFD_CLOEXEC | libc::MFD_ALLOW_SEALING,
            )
        };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` was just created and is owned by nothing else.
        let file = File::from(unsafe { OwnedFd::from_raw_fd(fd) });
        file.set_len(len)?;
        // Holes read as zero: write only the non-zero pages.
        for (i, chunk) in bytes.chunks(page as usize).enumerate() {
            if chunk.iter().any(|&b| b != 0) {
                file.write_all_at(chunk, i as u64 * page)?;
            }
        }
        let seals =
            libc::F_SEAL_SEAL | libc::F_SEAL_SHRINK | libc::F_SEAL_GROW | libc::F_SEAL_WRITE;
        // SAFETY: `fcntl(F_ADD_SEALS)` on our own fd, no memory effects.
        if unsafe { libc::fcntl(fd, libc::F_ADD_SEALS, seals) } != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(MemoryImage {
            source: Source::File {
                file: Arc::new(file),
                offset: 0,
            },
            linear_memory_offset,
            len,
        })
    }

    /// An image of `len` bytes of `file` from `file_offset`, placed at
    /// `linear_memory_offset`: what the artifact loader uses, so
    /// instances map the artifact itself. `file_offset` and
    /// `linear_memory_offset` must be multiples of [`IMAGE_ALIGN`] and
    /// `len` a multiple of it too; the range must lie inside the file,
    /// which must not be truncated while the image lives (mapped pages
    /// past the end of a file fault). Where the file cannot be mapped
    /// (not Linux, or the offsets or length not multiples of the host
    /// page; unlike [`from_bytes`](Self::from_bytes) any length is mapped,
    /// so instances share the artifact's pages) the bytes are
    /// read now and copied per instance.
    pub fn from_file(
        file: Arc<File>,
        file_offset: u64,
        linear_memory_offset: u64,
        len: u64,
    ) -> io::Result<MemoryImage> {
        if !(file_offset.is_multiple_of(IMAGE_ALIGN)
            && linear_memory_offset.is_multiple_of(IMAGE_ALIGN)
            && len.is_multiple_of(IMAGE_ALIGN))
        {
            return Err(invalid("memory image range is not 4 KiB aligned"));
        }
        let end = file_offset
            .checked_add(len)
            .ok_or_else(|| invalid("memory image range overflows"))?;
        if end > file.metadata()?.len() {
            return Err(invalid("memory image range lies past the end of the file"));
        }
        #[cfg(target_os = "linux")]
        {
            let page = host_page_size();
            if [file_offset, linear_memory_offset, len]
                .iter()
                .all(|v| v.is_multiple_of(page))
            {
                return Ok(MemoryImage {
                    source: Source::File {
                        file,
                        offset: file_offset,
                    },
                    linear_memory_offset,
                    len,
                });
            }
        }
        let mut bytes = vec![0u8; usize::try_from(len).map_err(|_| invalid("image too large"))?];
        read_exact_at(&file, &mut bytes, file_offset)?;
        Ok(Self::bytes(linear_memory_offset, &bytes))
    }

    /// Where the image starts in the linear memory.
    pub fn linear_memory_offset(&self) -> u64 {
        self.linear_memory_offset
    }

    /// Its length in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether it is empty (never, for images made from a plan).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether instances map it (copy-on-write) rather than copy it.
    pub fn is_mapped(&self) -> bool {
        !matches!(self.source, Source::Bytes(_))
    }

    /// Puts the image into a memory whose accessible bytes are
    /// `[base, base + accessible)`.
    ///
    /// # Safety
    /// That range must be read/write memory owned by one linear memory,
    /// inside its reservation, with no Rust reference into it alive and
    /// no code running on it (the pages are replaced).
    pub(crate) unsafe fn apply(&self, base: *mut u8, accessible: usize) -> io::Result<()> {
        let in_bounds = self
            .linear_memory_offset
            .checked_add(self.len)
            .is_some_and(|end| end <= accessible as u64);
        if !in_bounds {
            return Err(invalid(
                "memory image lies outside the memory's initial size",
            ));
        }
        if self.len == 0 {
            return Ok(());
        }
        // SAFETY: in bounds of the accessible range (checked above).
        let dst = unsafe { base.add(self.linear_memory_offset as usize) };
        match &self.source {
            Source::Bytes(b) => {
                // SAFETY: `dst..dst + len` is accessible memory (checked,
                // and the caller's contract) that nothing else references;
                // `b` holds `len` bytes (invariant) and is not inside it.
                unsafe { std::ptr::copy_nonoverlapping(b.as_ptr(), dst, b.len()) };
                Ok(())
            }
            #[cfg(target_os = "linux")]
            Source::File { file, offset } => {
                // SAFETY: the caller's contract and the bounds check above.
                unsafe { map_private(dst, self.len as usize, file, *offset) }
            }
        }
    }
}

/// Maps `len` bytes of `file` from `offset` copy-on-write at `dst`,
/// replacing what was there.
///
/// # Safety
/// `[dst, dst + len)` must be page-aligned read/write pages of a linear
/// memory's reservation that nothing references; `offset` page aligned
/// and the range inside the file.
#[cfg(target_os = "linux")]
unsafe fn map_private(dst: *mut u8, len: usize, file: &File, offset: u64) -> io::Result<()> {
    use std::os::fd::AsRawFd;

    let offset = libc::off_t::try_from(offset).map_err(|_| invalid("file offset too large"))?;
    // SAFETY: MAP_FIXED replaces only `[dst, dst + len)`, which belongs to
    // the caller's memory and which nothing references (the caller's
    // contract); MAP_PRIVATE keeps every write in this process's copy.
    let got = unsafe {
        libc::mmap(
            dst.cast(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_FIXED,
            file.as_raw_fd(),
            offset,
        )
    };
    if got == dst.cast() {
        return Ok(());
    }
    let err = io::Error::last_os_error();
    // A failed MAP_FIXED may have unmapped the range: put fresh zero pages
    // back at once so the reservation has no hole.
    // SAFETY: as above, over the same range, anonymous this time.
    let back = unsafe {
        libc::mmap(
            dst.cast(),
            len,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_FIXED | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    if back != dst.cast() {
        // A hole in a reservation breaks the sandbox: see the module docs.
        std::process::abort();
    }
    Err(err)
}

fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
    }
    #[cfg(not(unix))]
    {
        use std::io::{Read, Seek, SeekFrom};
        let mut f = file;
        f.seek(SeekFrom::Start(offset))?;
        f.read_exact(buf)
    }
}

#[cfg(test)]
mod tests;
